from __future__ import annotations

from datetime import time
from decimal import Decimal
from typing import Any, cast

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from checkins.models import CheckIn, Mood
from checkins.services import CheckInData, CheckInError, clean_triggers, split_tags
from plans.content import Commitment, frequency
from recoverycircle.humane import duration


def number(low: int, high: int, step: str = "1") -> forms.NumberInput:
    mode = "numeric" if step == "1" else "decimal"
    return forms.NumberInput(attrs={"min": low, "max": high, "step": step, "inputmode": mode})


def mood_choices() -> list[tuple[object, str]]:
    """Read when the form is shown, in the reader's language."""
    return [
        ("", _("Choose…")),
        *[
            (m.value, _("%(mood)s (%(value)d of 5)") % {"mood": m.label, "value": m.value})
            for m in Mood
        ],
    ]


class CheckInForm(forms.Form):
    mood = forms.TypedChoiceField(
        label=gettext_lazy("How is your mood today?"), choices=mood_choices, coerce=int
    )
    craving = forms.IntegerField(
        label=gettext_lazy("Craving today"),
        min_value=0,
        max_value=10,
        widget=number(0, 10),
        help_text=gettext_lazy("0 means none at all, 10 the strongest you can imagine."),
    )
    stress = forms.IntegerField(
        label=gettext_lazy("Stress today"),
        min_value=0,
        max_value=10,
        widget=number(0, 10),
        help_text=gettext_lazy("0 means calm, 10 the most stressed you can imagine."),
    )
    sleep_hours = forms.DecimalField(
        label=gettext_lazy("Hours of sleep last night"),
        min_value=Decimal(0),
        max_value=Decimal(24),
        max_digits=3,
        decimal_places=1,
        widget=number(0, 24, "0.5"),
    )
    used = forms.BooleanField(
        label=gettext_lazy("I used alcohol or drugs today"),
        required=False,
        help_text=gettext_lazy(
            "If you did, you'll be offered a short private page to write down what "
            "happened. Honesty here helps you, and nobody is told unless you choose."
        ),
    )
    meeting_attended = forms.BooleanField(
        label=gettext_lazy("I went to a meeting or therapy today"), required=False
    )
    coping_used = forms.CharField(
        label=gettext_lazy("What helped me cope (optional)"),
        max_length=300,
        required=False,
        help_text=gettext_lazy(
            "For example: called my sponsor, went for a walk, breathing exercise."
        ),
    )
    triggers = forms.CharField(
        label=gettext_lazy("Triggers I met today (optional)"),
        max_length=1000,
        required=False,
        help_text=gettext_lazy(
            "Separate them with commas, for example: payday, argument, old friends."
        ),
    )
    note = forms.CharField(
        label=gettext_lazy("Private note (optional)"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy("Only you can read this. Your supporters never see it."),
    )

    def __init__(self, *args: Any, commitments: list[Commitment] | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        if commitments:
            # Only the plan's current commitments can be ticked; an id the plan no longer has
            # (it changed while the form was open) is refused with the other answers kept.
            self.fields["commitments_kept"] = forms.MultipleChoiceField(
                label=_("Commitments I kept today"),
                choices=[(c.id, f"{c.label} ({frequency(c)})") for c in commitments],
                required=False,
                widget=forms.CheckboxSelectMultiple,
                help_text=_("From the daily maintenance commitments in your plan."),
                error_messages={
                    "invalid_choice": _(
                        "%(value)s is not a commitment in your current plan; "
                        "it may have just changed. Please tick your commitments again."
                    )
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


GRACE_MINUTES = (0, 30, 60, 120, 180, 240, 360, 480, 720)


def grace_choices(extra: int | None = None) -> list[tuple[int, str]]:
    """The offered grace periods in words ("No extra time", "2 hours"), with `extra` (a
    value set through the API) among them."""
    minutes = sorted({*GRACE_MINUTES, *([] if extra is None else [extra])})
    return [(m, duration(m) if m else _("No extra time")) for m in minutes]


class ScheduleForm(forms.Form):
    due_time = forms.TimeField(
        label=gettext_lazy("Daily check-in time"),
        initial=time(20, 0),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        help_text=gettext_lazy(
            "In your own time zone. You get a reminder at this time if you haven't checked in yet."
        ),
    )
    grace_minutes = forms.TypedChoiceField(
        label=gettext_lazy("Extra time before it counts as missed"),
        choices=grace_choices,
        coerce=int,
        initial=120,
        help_text=gettext_lazy(
            "After this, supporters who asked to be told about missed check-ins hear about it."
        ),
    )
    enabled = forms.BooleanField(
        label=gettext_lazy("Remind me, and watch for missed check-ins"),
        required=False,
        initial=True,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        current = self.initial.get("grace_minutes")
        if current is not None and int(current) not in GRACE_MINUTES:
            # A grace period set through the API keeps its value here.
            field = cast(forms.TypedChoiceField, self.fields["grace_minutes"])
            field.choices = grace_choices(int(current))
