"""The check-in and schedule forms (checkins.forms), called directly: what each answer may be,
the message a wrong one gets, the triggers written as free text, the plan's commitments to
tick, and a grace period set through the API kept on the schedule form."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import time
from decimal import Decimal
from typing import Any, cast

import pytest
from django import forms
from django.utils import translation

from accounts.models import User
from checkins.forms import GRACE_MINUTES, CheckInForm, ScheduleForm, grace_choices
from checkins.models import CheckIn
from checkins.services import CheckInData
from plans.content import Commitment

GOOD: dict[str, str] = {
    "mood": "3",
    "craving": "2",
    "stress": "4",
    "sleep_hours": "7.5",
    "coping_used": "called my sponsor",
    "triggers": "",
    "note": "",
}


def choices_of(form: forms.BaseForm, name: str) -> list[tuple[Any, Any]]:
    """The (value, label) pairs a choice field offers."""
    field = form.fields[name]
    assert isinstance(field, forms.ChoiceField)
    return list(cast(Iterable[tuple[Any, Any]], field.choices))


def answers(**changes: str) -> dict[str, str]:
    return {**GOOD, **changes}


def commitments() -> list[Commitment]:
    return [
        Commitment.model_validate({"id": "m1", "label": "Go to a meeting", "times_per_week": 3}),
        Commitment.model_validate({"id": "m2", "label": "Call my sponsor", "daily": True}),
    ]


def test_it_accepts_a_complete_check_in() -> None:
    form = CheckInForm(answers(used="on"))
    assert form.is_valid(), form.errors
    data = form.data_for_service()
    assert data == CheckInData(
        mood=3,
        craving=2,
        stress=4,
        sleep_hours=Decimal("7.5"),
        used=True,
        meeting_attended=False,
        coping_used="called my sponsor",
        triggers=[],
        note="",
    )


@pytest.mark.parametrize("field", ["mood", "craving", "stress", "sleep_hours"])
def test_it_needs_each_number(field: str) -> None:
    form = CheckInForm(answers(**{field: ""}))
    assert not form.is_valid()
    assert form.errors[field] == ["This field is required."]


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("craving", "11", "Ensure this value is less than or equal to 10."),
        ("craving", "-1", "Ensure this value is greater than or equal to 0."),
        ("stress", "2.5", "Enter a whole number."),
        ("sleep_hours", "24.5", "Ensure this value is less than or equal to 24."),
        ("sleep_hours", "-0.5", "Ensure this value is greater than or equal to 0."),
        ("sleep_hours", "7.25", "Ensure that there are no more than 1 decimal place."),
        ("sleep_hours", "seven", "Enter a number."),
    ],
)
def test_it_refuses_a_number_out_of_its_range(field: str, value: str, message: str) -> None:
    form = CheckInForm(answers(**{field: value}))
    assert not form.is_valid()
    assert form.errors[field] == [message]


@pytest.mark.parametrize("value", ["0", "6", "okay"])
def test_it_refuses_a_mood_that_is_not_one_of_the_five(value: str) -> None:
    form = CheckInForm(answers(mood=value))
    assert not form.is_valid()
    assert "is not one of the available choices" in form.errors["mood"][0]


@pytest.mark.parametrize("value", ["0", "24", "0.5", "23.5"])
def test_it_takes_sleep_from_none_to_a_whole_day(value: str) -> None:
    form = CheckInForm(answers(sleep_hours=value))
    assert form.is_valid(), form.errors
    assert form.cleaned_data["sleep_hours"] == Decimal(value)


def test_it_reads_triggers_written_with_commas_and_lines() -> None:
    form = CheckInForm(answers(triggers="payday,  old   friends\nPayday, ,argument"))
    assert form.is_valid(), form.errors
    assert form.cleaned_data["triggers"] == ["payday", "old friends", "argument"]


def test_it_says_how_long_a_trigger_may_be() -> None:
    form = CheckInForm(answers(triggers="x" * 41))
    assert not form.is_valid()
    assert form.errors["triggers"] == ["Please keep each trigger under 40 characters."]


def test_it_says_how_many_triggers_there_may_be() -> None:
    form = CheckInForm(answers(triggers=",".join(f"t{n}" for n in range(21))))
    assert not form.is_valid()
    assert form.errors["triggers"] == ["Please name at most 20 triggers."]


def test_it_refuses_a_note_past_its_length() -> None:
    form = CheckInForm(answers(note="n" * 4001))
    assert not form.is_valid() and "note" in form.errors


def test_it_offers_no_commitments_without_a_plan() -> None:
    assert "commitments_kept" not in CheckInForm().fields
    assert "commitments_kept" not in CheckInForm(commitments=[]).fields


def test_it_offers_the_plans_commitments_after_the_meeting_question() -> None:
    form = CheckInForm(commitments=commitments())
    order = list(form.fields)
    assert order.index("commitments_kept") == order.index("meeting_attended") + 1
    choices = choices_of(form, "commitments_kept")
    assert choices == [
        ("m1", "Go to a meeting (3 times a week)"),
        ("m2", "Call my sponsor (daily)"),
    ]


def test_it_takes_the_commitments_ticked() -> None:
    data: dict[str, Any] = {**answers(), "commitments_kept": ["m2"]}
    form = CheckInForm(data, commitments=commitments())
    assert form.is_valid(), form.errors
    assert form.data_for_service().commitments_kept == ["m2"]


def test_it_refuses_a_commitment_the_plan_no_longer_has() -> None:
    data: dict[str, Any] = {**answers(), "commitments_kept": ["m1", "gone"]}
    form = CheckInForm(data, commitments=commitments())
    assert not form.is_valid()
    assert form.errors["commitments_kept"] == [
        "gone is not a commitment in your current plan; it may have just changed. "
        "Please tick your commitments again."
    ]
    assert form.cleaned_data["craving"] == 2  # the other answers are kept


def test_it_fills_the_form_from_todays_check_in(alice: User) -> None:
    assert CheckInForm.initial_from(None) == {}
    checkin = CheckIn(
        client=alice,
        mood=2,
        craving=7,
        stress=8,
        sleep_hours=Decimal("4.5"),
        triggers=["payday", "old friends"],
        commitments_kept=["m2"],
        note="hard day",
    )
    initial = CheckInForm.initial_from(checkin)
    assert initial["triggers"] == "payday, old friends"
    assert initial["commitments_kept"] == ["m2"]
    assert (initial["mood"], initial["craving"], initial["note"]) == (2, 7, "hard day")
    form = CheckInForm(initial=initial, commitments=commitments())
    assert 'value="payday, old friends"' in str(form["triggers"])


def test_it_shows_the_mood_choices_in_the_readers_language() -> None:
    with translation.override("es"):
        labels = [str(label) for _, label in choices_of(CheckInForm(), "mood")]
    assert labels[0] != "Choose…"
    assert all("of 5" not in label for label in labels)
    labels = [str(label) for _, label in choices_of(CheckInForm(), "mood")]
    assert labels[1:] == [
        "Very low (1 of 5)",
        "Low (2 of 5)",
        "Okay (3 of 5)",
        "Good (4 of 5)",
        "Great (5 of 5)",
    ]


# The schedule form


def test_it_names_the_grace_periods_in_words() -> None:
    choices = dict(grace_choices())
    assert list(choices) == list(GRACE_MINUTES)
    assert choices[0] == "No extra time"
    assert choices[30] == "30 minutes"
    assert choices[120] == "2 hours"


def test_it_keeps_a_grace_period_set_through_the_api() -> None:
    form = ScheduleForm(initial={"grace_minutes": 90})
    offered = [value for value, _ in choices_of(form, "grace_minutes")]
    assert 90 in offered and offered == sorted(offered)
    assert dict(choices_of(form, "grace_minutes"))[90] == "1 hour 30 minutes"
    posted = ScheduleForm(
        {"due_time": "20:00", "grace_minutes": "90"}, initial={"grace_minutes": 90}
    )
    assert posted.is_valid(), posted.errors


def test_it_offers_no_other_grace_period_by_hand() -> None:
    form = ScheduleForm({"due_time": "20:00", "grace_minutes": "90"})
    assert not form.is_valid()
    assert "is not one of the available choices" in form.errors["grace_minutes"][0]


def test_it_reads_the_check_in_time() -> None:
    form = ScheduleForm({"due_time": "07:30", "grace_minutes": "0", "enabled": "on"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data == {"due_time": time(7, 30), "grace_minutes": 0, "enabled": True}
    wrong = ScheduleForm({"due_time": "25:00", "grace_minutes": "0"})
    assert not wrong.is_valid() and wrong.errors["due_time"] == ["Enter a valid time."]
