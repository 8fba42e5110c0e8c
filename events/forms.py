from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from circle import members
from events.models import RSVP
from events.services import EventDraft

WHEN = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class EventForm(forms.Form):
    """Times are read in the signed-in person's own time zone (the page is shown in it)."""

    title = forms.CharField(
        label=_("What"), max_length=120, help_text=_("For example: Walk by the lake, then coffee.")
    )
    starts_at = forms.DateTimeField(label=_("Starts"), widget=WHEN)
    ends_at = forms.DateTimeField(
        label=_("Ends (optional)"),
        required=False,
        widget=WHEN,
        help_text=_("Two hours if left empty."),
    )
    place = forms.CharField(label=_("Where (optional)"), max_length=200, required=False)
    notes = forms.CharField(
        label=_("Notes (optional)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    invite = forms.ChoiceField(label=_("Who is invited"))
    invitees = forms.MultipleChoiceField(
        label=_("The people I choose"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, client: User, organiser: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.is_client = client.pk == organiser.pk
        if self.is_client:
            in_circle = members.active_circle(client)
            cast(forms.ChoiceField, self.fields["invite"]).choices = [
                ("all", _("Everyone in my circle")),
                ("some", _("The people I choose below")),
            ]
            cast(forms.ChoiceField, self.fields["invitees"]).choices = [
                (str(m.pk), str(m.supporter)) for m in in_circle
            ]
        else:
            # A supporter never sees the list of the others: see events.services.
            cast(forms.ChoiceField, self.fields["invite"]).choices = [
                ("all", _("Everyone in %(name)s's circle") % {"name": client}),
                ("client", _("Just %(name)s") % {"name": client}),
            ]
            del self.fields["invitees"]
        self.fields["invite"].initial = "all"

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.is_client and data.get("invite") == "some" and not data.get("invitees"):
            self.add_error("invitees", _("Choose at least one person."))
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
        label=_("Can you come?"), choices=RSVP.Answer.choices, widget=forms.RadioSelect
    )
