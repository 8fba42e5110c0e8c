from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from circle.models import DEFAULT_SCOPES, Relationship, Scope


class ScopesField(forms.MultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def __init__(self) -> None:
        super().__init__(choices=Scope.choices, required=False, label=_("What they may see and do"))


class InviteForm(forms.Form):
    email = forms.EmailField(label=_("Their e-mail address"))
    relationship = forms.ChoiceField(
        label=_("Relationship"), choices=Relationship.choices, initial=Relationship.FRIEND
    )
    scopes = ScopesField()
    message = forms.CharField(
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        label=_("A note for them (optional)"),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        relationship = self.data.get("relationship") or self.initial.get("relationship")
        if not self.is_bound:
            self.initial["scopes"] = DEFAULT_SCOPES.get(relationship or "friend", [])


class MembershipForm(forms.Form):
    relationship = forms.ChoiceField(label=_("Relationship"), choices=Relationship.choices)
    scopes = ScopesField()
