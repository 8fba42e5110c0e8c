from __future__ import annotations

from datetime import time
from decimal import Decimal
from typing import Any

from django import forms

from checkins.models import CheckIn, Mood
from checkins.services import CheckInData, CheckInError, clean_triggers, split_tags
from plans.content import Commitment, frequency
from recoverycircle.humane import duration


def number(low: int, high: int, step: str = "1") -> forms.NumberInput:
    mode = "numeric" if step == "1" else "decimal"
    return forms.NumberInput(attrs={"min": low, "max": high, "step": step, "inputmode": mode})


class CheckInForm(forms.Form):
    mood = forms.TypedChoiceField(
        label="How is your mood today?",
        choices=[("", "Choose…"), *[(m.value, f"{m.label} ({m.value} of 5)") for m in Mood]],
        coerce=int,
    )
    craving = forms.IntegerField(
        label="Craving today",
        min_value=0,
        max_value=10,
        widget=number(0, 10),
        help_text="0 means none at all, 10 the strongest you can imagine.",
    )
    stress = forms.IntegerField(
        label="Stress today",
        min_value=0,
        max_value=10,
        widget=number(0, 10),
        help_text="0 means calm, 10 the most stressed you can imagine.",
    )
    sleep_hours = forms.DecimalField(
        label="Hours of sleep last night",
        min_value=Decimal(0),
        max_value=Decimal(24),
        max_digits=3,
        decimal_places=1,
        widget=number(0, 24, "0.5"),
    )
    used = forms.BooleanField(
        label="I used alcohol or drugs today",
        required=False,
        help_text="If you did, you'll be offered a short private page to write down what "
        "happened. Honesty here helps you, and nobody is told unless you choose.",
    )
    meeting_attended = forms.BooleanField(
        label="I went to a meeting or therapy today", required=False
    )
    coping_used = forms.CharField(
        label="What helped me cope (optional)",
        max_length=300,
        required=False,
        help_text="For example: called my sponsor, went for a walk, breathing exercise.",
    )
    triggers = forms.CharField(
        label="Triggers I met today (optional)",
        max_length=1000,
        required=False,
        help_text="Separate them with commas, for example: payday, argument, old friends.",
    )
    note = forms.CharField(
        label="Private note (optional)",
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Only you can read this. Your supporters never see it.",
    )

    def __init__(self, *args: Any, commitments: list[Commitment] | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        if commitments:
            # Only the plan's current commitments can be ticked; an id the plan no longer has
            # (it changed while the form was open) is refused with the other answers kept.
            self.fields["commitments_kept"] = forms.MultipleChoiceField(
                label="Commitments I kept today",
                choices=[(c.id, f"{c.label} ({frequency(c)})") for c in commitments],
                required=False,
                widget=forms.CheckboxSelectMultiple,
                help_text="From the daily maintenance commitments in your plan.",
                error_messages={
                    "invalid_choice": "%(value)s is not a commitment in your current plan; "
                    "it may have just changed. Please tick your commitments again."
                },
            )
            order = list(self.fields)
            order.remove("commitments_kept")
            order.insert(order.index("meeting_attended") + 1, "commitments_kept")
            self.order_fields(order)

    def clean_triggers(self) -> list[str]:
        try:
            return clean_triggers(split_tags(self.cleaned_data["triggers"]))
        except CheckInError as error:
            raise forms.ValidationError(str(error)) from None

    def data_for_service(self) -> CheckInData:
        return CheckInData(**self.cleaned_data)

    @staticmethod
    def initial_from(checkin: CheckIn | None) -> dict[str, Any]:
        if checkin is None:
            return {}
        return {
            "mood": checkin.mood,
            "craving": checkin.craving,
            "stress": checkin.stress,
            "sleep_hours": checkin.sleep_hours,
            "used": checkin.used,
            "meeting_attended": checkin.meeting_attended,
            "coping_used": checkin.coping_used,
            "triggers": ", ".join(checkin.triggers),
            "note": checkin.note,
            "commitments_kept": list(checkin.commitments_kept),
        }


GRACE_CHOICES = [
    (0, "No extra time"),
    (30, "30 minutes"),
    (60, "1 hour"),
    (120, "2 hours"),
    (180, "3 hours"),
    (240, "4 hours"),
    (360, "6 hours"),
    (480, "8 hours"),
    (720, "12 hours"),
]


class ScheduleForm(forms.Form):
    due_time = forms.TimeField(
        label="Daily check-in time",
        initial=time(20, 0),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        help_text="In your own time zone. You get a reminder at this time if you haven't "
        "checked in yet.",
    )
    grace_minutes = forms.TypedChoiceField(
        label="Extra time before it counts as missed",
        choices=GRACE_CHOICES,
        coerce=int,
        initial=120,
        help_text="After this, supporters who asked to be told about missed check-ins hear "
        "about it.",
    )
    enabled = forms.BooleanField(
        label="Remind me, and watch for missed check-ins",
        required=False,
        initial=True,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        current = self.initial.get("grace_minutes")
        choices = dict(GRACE_CHOICES)
        if current is not None and current not in choices:
            # A grace period set through the API keeps its value here.
            extra = (int(current), duration(int(current)))
            self.fields["grace_minutes"].choices = sorted([*GRACE_CHOICES, extra])  # type: ignore[attr-defined]
