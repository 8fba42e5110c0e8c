from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from conversations.services import MAX_LENGTH


class MessageForm(forms.Form):
    text = forms.CharField(
        label=_("Your message"),
        max_length=MAX_LENGTH,
        strip=True,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class PollForm(forms.Form):
    """Where the page stands: the last message it shows, and when it last asked."""

    after = forms.IntegerField(min_value=0, max_value=2**63 - 1)
    since = forms.DateTimeField()


class CircleMembersForm(forms.Form):
    members = forms.TypedMultipleChoiceField(
        label=_("Who is in your circle thread"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Everyone you tick can read and write in the thread. Someone you untick can no "
            "longer open it; what they wrote stays."
        ),
    )

    def __init__(self, *args: Any, choices: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["members"]
        assert isinstance(field, forms.TypedMultipleChoiceField)
        field.choices = choices
