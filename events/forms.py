from __future__ import annotations

from typing import Any, cast

from django import forms

from accounts.models import User
from circle import members
from events.models import RSVP
from events.services import EventDraft

WHEN = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class EventForm(forms.Form):
    """Times are read in the signed-in person's own time zone (the page is shown in it)."""

    title = forms.CharField(
        label="What", max_length=120, help_text="For example: Walk by the lake, then coffee."
    )
    starts_at = forms.DateTimeField(label="Starts", widget=WHEN)
    ends_at = forms.DateTimeField(
        label="Ends (optional)", required=False, widget=WHEN, help_text="Two hours if left empty."
    )
    place = forms.CharField(label="Where (optional)", max_length=200, required=False)
    notes = forms.CharField(
        label="Notes (optional)",
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    invite = forms.ChoiceField(label="Who is invited")
    invitees = forms.MultipleChoiceField(
        label="The people I choose",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, client: User, organiser: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.is_client = client.pk == organiser.pk
        if self.is_client:
            in_circle = members.active_circle(client)
            cast(forms.ChoiceField, self.fields["invite"]).choices = [
                ("all", "Everyone in my circle"),
                ("some", "The people I choose below"),
            ]
            cast(forms.ChoiceField, self.fields["invitees"]).choices = [
                (str(m.pk), str(m.supporter)) for m in in_circle
            ]
        else:
            # A supporter never sees the list of the others: see events.services.
            cast(forms.ChoiceField, self.fields["invite"]).choices = [
                ("all", f"Everyone in {client}'s circle"),
                ("client", f"Just {client}"),
            ]
            del self.fields["invitees"]
        self.fields["invite"].initial = "all"

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.is_client and data.get("invite") == "some" and not data.get("invitees"):
            self.add_error("invitees", "Choose at least one person.")
        return data

    def draft(self) -> EventDraft:
        data = self.cleaned_data
        invite = data["invite"]
        ids: list[int] | None = None
        if invite == "some":
            ids = [int(pk) for pk in data.get("invitees", [])]
        elif invite == "client":
            ids = []
        return EventDraft(
            title=data["title"],
            starts_at=data["starts_at"],
            ends_at=data.get("ends_at"),
            place=data.get("place") or "",
            notes=data.get("notes") or "",
            invitee_ids=ids,
        )


class RSVPForm(forms.Form):
    # Radio buttons with none ticked: an unanswered invitation must not look answered "yes".
    answer = forms.ChoiceField(
        label="Can you come?", choices=RSVP.Answer.choices, widget=forms.RadioSelect
    )
