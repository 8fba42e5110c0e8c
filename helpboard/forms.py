from __future__ import annotations

from datetime import datetime
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from helpboard.models import HelpNeed
from helpboard.occurrences import DAY_NAMES, Repeat
from helpboard.services import NeedDraft


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%d")


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self) -> None:
        super().__init__(format="%H:%M")


REPEAT_CHOICES = [
    (0, _("Does not repeat")),
    (1, _("Every week")),
    (2, _("Every 2 weeks")),
    (3, _("Every 3 weeks")),
    (4, _("Every 4 weeks")),
]

# Where a refusal from the help board lands on this form.
FIELD_FOR = {
    "starts_at": "date",
    "ends_at": "end_time",
    "every_weeks": "repeat",
    "weekdays": "weekdays",
    "until": "until",
    "count": "count",
    "kind": "kind",
    "title": "title",
    "place": "place",
    "notes": "notes",
}


class NeedForm(forms.Form):
    kind = forms.ChoiceField(label=_("What kind of help?"), choices=HelpNeed.Kind.choices)
    title = forms.CharField(
        label=_("In a few words (optional)"),
        max_length=120,
        required=False,
        help_text=_("For example: to my therapy appointment, or a hot meal after my shift."),
    )
    date = forms.DateField(label=_("Day"), widget=DateInput())
    start_time = forms.TimeField(label=_("From"), widget=TimeInput())
    end_time = forms.TimeField(label=_("Until"), widget=TimeInput())
    place = forms.CharField(
        label=_("Where (optional)"),
        max_length=200,
        required=False,
        help_text=_("Only people you share your help board with see it."),
    )
    notes = forms.CharField(
        label=_("Notes (optional)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    repeat = forms.TypedChoiceField(
        label=_("Repeat"), choices=REPEAT_CHOICES, coerce=int, initial=0, required=False
    )
    weekdays = forms.TypedMultipleChoiceField(
        label=_("On these days"),
        choices=list(enumerate(DAY_NAMES)),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Only when it repeats. Leave them all empty to repeat on the day above."),
    )
    until = forms.DateField(label=_("Repeat until (optional)"), required=False, widget=DateInput())
    count = forms.IntegerField(
        label=_("Or: how many times (optional)"), required=False, min_value=1, max_value=200
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start_time"), data.get("end_time")
        if start is not None and end is not None and end <= start:
            self.add_error("end_time", _("The end must be after the start."))
        return data

    def draft(self) -> NeedDraft:
        data = self.cleaned_data
        repeat = None
        if data.get("repeat"):
            repeat = Repeat(
                every_weeks=data["repeat"],
                weekdays=tuple(data.get("weekdays") or ()),
                until=data.get("until"),
                count=data.get("count"),
            )
        # Naive on purpose: the times are the client's wall clock (see NeedDraft).
        return NeedDraft(
            kind=data["kind"],
            title=data.get("title", ""),
            place=data.get("place", ""),
            notes=data.get("notes", ""),
            starts_at=datetime.combine(data["date"], data["start_time"]),
            ends_at=datetime.combine(data["date"], data["end_time"]),
            repeat=repeat,
        )


class ThankForm(forms.Form):
    message = forms.CharField(
        label=_("A few words (optional)"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
