from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from circle import members
from contacts.models import ContactLog
from contacts.services import ContactDraft

OTHER = "other"


class ContactForm(forms.Form):
    """ "I talked to …": times are in the client's own zone (pages are shown in it)."""

    person = forms.ChoiceField(label=_("Who"))
    name = forms.CharField(
        label=_("Name (if not in your circle)"),
        max_length=80,
        required=False,
        help_text=_("For example: my sister, Sam from the meeting."),
    )
    channel = forms.ChoiceField(label=_("How"), choices=ContactLog.Channel.choices)
    at = forms.DateTimeField(
        label=_("When (optional)"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=_("Now, if left empty."),
    )
    note = forms.CharField(
        label=_("Note, only for you (optional)"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, client: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["person"]).choices = [
            ("", _("Choose…")),
            *[(str(m.pk), str(m.supporter)) for m in members.open_circle(client)],
            (OTHER, _("Someone else")),
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("person") == OTHER and not (data.get("name") or "").strip():
            self.add_error("name", _("Write their name."))
        return data

    def draft(self) -> ContactDraft:
        data = self.cleaned_data
        person = data["person"]
        return ContactDraft(
            channel=data["channel"],
            membership_id=None if person == OTHER else int(person),
            name=(data.get("name") or "") if person == OTHER else "",
            note=data.get("note") or "",
            at=data.get("at"),
        )
