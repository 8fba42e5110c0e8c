"""The plan's section editors (plans.forms), called directly: the rows each editor starts with,
adding and removing rows, the formset's limits, ticked warning-sign suggestions, the value each
editor posts, and the people and ladder editors with the client's circle."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any, cast

import pytest
from django import forms
from django.utils import translation

from accounts.models import User
from circle.models import Membership
from plans.content import (
    Commitment,
    Coping,
    CrisisLine,
    PlanContent,
    ProfessionalContact,
    Trigger,
)
from plans.forms import (
    MAX_LINES,
    CommitmentsEditor,
    ContactsEditor,
    CopingEditor,
    CrisisLinesEditor,
    LadderEditor,
    LinesEditor,
    PeopleEditor,
    RowsEditor,
    TriggersEditor,
    WarningSignsForm,
    editor_for,
    member_label,
    rhythms,
)
from plans.suggestions import WARNING_SIGNS


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    """The words are checked in English, whatever language an earlier test's request left
    active in this thread."""
    with translation.override("en"):
        yield


def rows(items: list[dict[str, Any]], initial: int = 0, total: int | None = None) -> dict[str, Any]:
    """A formset post: the management form and the rows."""
    data: dict[str, Any] = {
        "rows-TOTAL_FORMS": str(len(items) if total is None else total),
        "rows-INITIAL_FORMS": str(initial),
        "rows-MIN_NUM_FORMS": "0",
        "rows-MAX_NUM_FORMS": "50",
    }
    for n, item in enumerate(items):
        data.update({f"rows-{n}-{key}": value for key, value in item.items()})
    return data


def payday() -> PlanContent:
    return PlanContent(
        triggers=[
            Trigger(label="Payday", kind="time", intensity=4, date=None),
            Trigger(label="Dad's anniversary", kind="date", intensity=5, date="11-02"),
        ],
        coping=[Coping(label="Visit the grave", trigger_ids=["t2"])],
        commitments=[
            Commitment(label="Meeting", daily=False, times_per_week=3),
            Commitment(label="Call my sponsor", daily=True, times_per_week=None),
        ],
        professional_contacts=[ProfessionalContact(name="Dr. Nair", phone="555-0100")],
    )


def choices_of(field: forms.Field) -> list[tuple[Any, Any]]:
    assert isinstance(field, forms.ChoiceField)
    # Set from a list at run time; the stubs allow every kind of choices.
    return list(cast("Iterable[tuple[Any, Any]]", field.choices))


def lines(section: str, content: PlanContent, data: Any = None) -> LinesEditor:
    editor = editor_for(section, [], content, data)
    assert isinstance(editor, LinesEditor)
    return editor


def formset_of(section: str, content: PlanContent, data: Any = None) -> RowsEditor:
    editor = editor_for(section, [], content, data)
    assert isinstance(editor, RowsEditor)
    return editor


def errors_of(editor: RowsEditor) -> list[dict[str, list[str]]]:
    return [
        {k: [str(e) for e in v] for k, v in form.errors.items()} for form in editor.formset.forms
    ]


# Lines


def test_it_shows_a_sections_lines_one_per_line() -> None:
    editor = lines("reasons", PlanContent(reasons=["My daughter", "My health"]))
    assert isinstance(editor, LinesEditor) and editor.kind == "lines"
    assert editor.form.initial == {"lines": "My daughter\nMy health"}
    assert editor.form.fields["lines"].label == "Why I want to stay in recovery"
    assert not editor.form.is_bound


def test_it_drops_blank_lines_and_trims_the_rest() -> None:
    editor = lines("lapse_plan", PlanContent(), {"lines": "  Get safe \n\n\t\nCall Sam"})
    assert editor.is_valid()
    assert editor.value() == ["Get safe", "Call Sam"]


def test_it_keeps_to_the_most_lines_and_says_how_many() -> None:
    most = "\n".join(f"reason {n}" for n in range(MAX_LINES))
    assert lines("reasons", PlanContent(), {"lines": most}).is_valid()
    too_many = lines("reasons", PlanContent(), {"lines": most + "\none more"})
    assert not too_many.is_valid()
    assert too_many.form.errors["lines"] == [f"Keep it to {MAX_LINES} lines or fewer."]


def test_it_names_the_start_of_a_line_that_is_too_long() -> None:
    long_line = "I keep going back to the bar on Fridays because " * 7
    editor = lines("reasons", PlanContent(), {"lines": f"short\n{long_line}"})
    assert not editor.is_valid()
    assert editor.form.errors["lines"] == [
        f"Keep each line under 300 characters: {long_line.strip()[:40]}…"
    ]
    assert lines("reasons", PlanContent(), {"lines": "x" * 300}).is_valid()


# Warning signs


def test_it_offers_the_warning_sign_suggestions_only_for_warning_signs() -> None:
    signs = lines("warning_signs", PlanContent())
    assert isinstance(signs, LinesEditor) and isinstance(signs.form, WarningSignsForm)
    choices = [value for value, _ in choices_of(signs.form.fields["suggested"])]
    assert choices == [str(s) for s in WARNING_SIGNS]
    assert "suggested" not in lines("reasons", PlanContent()).form.fields


def test_it_adds_ticked_signs_after_the_written_ones_in_the_lists_order_and_once() -> None:
    first, fourth = str(WARNING_SIGNS[0]), str(WARNING_SIGNS[3])
    data = {"lines": f"Snapping at Lily\n{fourth}", "suggested": [fourth, first]}
    editor = lines("warning_signs", PlanContent(), data)
    assert editor.is_valid()
    assert editor.value() == ["Snapping at Lily", fourth, first]


def test_it_refuses_a_ticked_sign_that_is_not_on_the_list() -> None:
    data = {"lines": "", "suggested": ["Something made up"]}
    editor = lines("warning_signs", PlanContent(), data)
    assert not editor.is_valid()
    assert "suggested" in editor.form.errors


def test_it_adds_a_ticked_sign_in_the_words_of_the_pages_language() -> None:
    with translation.override("es"):
        spanish = str(WARNING_SIGNS[0])
        editor = lines("warning_signs", PlanContent(), {"suggested": [spanish]})
        assert editor.is_valid()
    assert spanish != str(WARNING_SIGNS[0])  # really in Spanish
    assert editor.value() == [spanish]


# Rows: triggers


def test_it_starts_with_the_saved_rows_and_three_blank_ones() -> None:
    editor = formset_of("triggers", payday())
    assert isinstance(editor, TriggersEditor) and editor.kind == "formset"
    forms = editor.formset.forms
    assert len(forms) == 5
    assert [f.initial.get("label") for f in forms] == ["Payday", "Dad's anniversary", *[None] * 3]
    assert forms[0].initial["date"] == "" and forms[1].initial["date"] == "11-02"
    assert forms[0].initial["id"] == "t1"
    assert forms[0].fields["DELETE"].label == "Remove this one"


def test_it_posts_the_rows_with_a_blank_date_as_none() -> None:
    data = rows(
        [
            {"id": "t1", "label": "Payday", "kind": "time", "intensity": "4", "date": ""},
            {"id": "t2", "label": "Anniversary", "kind": "date", "intensity": "5", "date": "11-02"},
            {"label": "", "kind": "feeling", "intensity": "3", "date": ""},  # blank extra row
        ],
        initial=2,
    )
    editor = formset_of("triggers", payday(), data)
    assert editor.is_valid(), errors_of(editor)
    assert editor.value() == [
        {"id": "t1", "label": "Payday", "kind": "time", "intensity": 4, "date": None},
        {"id": "t2", "label": "Anniversary", "kind": "date", "intensity": 5, "date": "11-02"},
    ]


def test_it_adds_a_row_without_an_id_and_removes_a_ticked_one() -> None:
    data = rows(
        [
            {"id": "t1", "label": "Payday", "kind": "time", "intensity": "4", "DELETE": "on"},
            {"id": "t2", "label": "Anniversary", "kind": "date", "intensity": "5"},
            {"label": "Friday nights", "kind": "time", "intensity": "2"},
        ],
        initial=2,
    )
    editor = formset_of("triggers", payday(), data)
    assert editor.is_valid()
    assert [(r["id"], r["label"]) for r in editor.value()] == [
        ("t2", "Anniversary"),
        ("", "Friday nights"),
    ]


def test_it_never_drops_a_touched_row_but_lets_it_be_removed() -> None:
    touched = rows([{"label": "  ", "kind": "place", "intensity": "5", "date": ""}])
    editor = formset_of("triggers", PlanContent(), touched)
    assert not editor.is_valid()
    assert errors_of(editor)[0] == {"label": ["Write something here, or tick “Remove this one”."]}
    removed = rows([{"label": "", "kind": "place", "intensity": "5", "DELETE": "on"}])
    editor = formset_of("triggers", PlanContent(), removed)
    assert editor.is_valid() and editor.value() == []


def test_it_refuses_a_strength_or_kind_off_the_list() -> None:
    data = rows([{"label": "Payday", "kind": "weather", "intensity": "9", "date": ""}])
    editor = formset_of("triggers", PlanContent(), data)
    assert not editor.is_valid()
    assert set(errors_of(editor)[0]) == {"kind", "intensity"}


def test_it_shows_no_more_than_fifty_rows() -> None:
    many = PlanContent(
        triggers=[Trigger(label=f"t {n}", kind="place", intensity=3, date=None) for n in range(49)]
    )
    assert len(formset_of("triggers", many).formset.forms) == 50


def test_it_refuses_a_post_of_more_rows_than_the_absolute_most() -> None:
    item = {"label": "Payday", "kind": "time", "intensity": "3"}
    editor = formset_of("triggers", PlanContent(), rows([item] * 61))
    assert not editor.is_valid()
    assert editor.formset.non_form_errors() == ["Please submit at most 50 forms."]
    # A forged count builds no more than the absolute most of forms.
    forged = formset_of("triggers", PlanContent(), rows([item], total=10_000))
    assert not forged.is_valid() and len(forged.formset.forms) == 60


def test_it_refuses_a_post_without_its_management_form() -> None:
    editor = formset_of("triggers", PlanContent(), {"rows-0-label": "Payday"})
    assert not editor.is_valid()
    assert editor.value() == []


# Rows: coping, contacts, crisis lines, commitments


def test_it_lets_coping_name_only_the_plans_triggers() -> None:
    editor = formset_of("coping", payday())
    assert isinstance(editor, CopingEditor)
    choices = choices_of(editor.formset.forms[0].fields["trigger_ids"])
    assert choices == [("t1", "Payday"), ("t2", "Dad's anniversary")]
    assert editor.formset.forms[0].initial["trigger_ids"] == ["t2"]
    data = rows([{"id": "c1", "label": "Walk", "trigger_ids": ["t1", "t9"]}], initial=1)
    refused = formset_of("coping", payday(), data)
    assert not refused.is_valid()
    assert "trigger_ids" in errors_of(refused)[0]
    data = rows([{"id": "c1", "label": "Walk", "trigger_ids": ["t1", "t2"]}], initial=1)
    kept = formset_of("coping", payday(), data)
    assert kept.is_valid()
    assert kept.value() == [{"id": "c1", "label": "Walk", "trigger_ids": ["t1", "t2"]}]


def test_it_posts_contacts_without_the_row_id_and_needs_a_name() -> None:
    editor = formset_of("professional_contacts", payday())
    assert isinstance(editor, ContactsEditor)
    assert editor.formset.forms[0].initial == {"name": "Dr. Nair", "role": "", "phone": "555-0100"}
    data = rows([{"id": "x", "name": "Dr. Nair", "role": "Therapist", "phone": "555-0100"}])
    sent = formset_of("professional_contacts", payday(), data)
    assert sent.is_valid()
    assert sent.value() == [{"name": "Dr. Nair", "role": "Therapist", "phone": "555-0100"}]
    nameless = formset_of("professional_contacts", payday(), rows([{"phone": "555-0100"}]))
    assert not nameless.is_valid()
    assert list(errors_of(nameless)[0]) == ["name"]


def test_it_starts_crisis_lines_with_the_plans_own_and_reads_the_text_box() -> None:
    editor = formset_of("crisis_lines", PlanContent())
    assert isinstance(editor, CrisisLinesEditor)
    first = editor.formset.forms[0].initial
    assert first["phone"] == "988" and first["sms"] is True
    data = rows(
        [
            {"name": "Local warmline", "phone": "555-0199", "sms": "on"},
            {"name": "Hotline", "phone": "555-0111"},
        ]
    )
    sent = formset_of("crisis_lines", PlanContent(crisis_lines=[]), data)
    assert sent.is_valid()
    assert sent.value() == [
        {"name": "Local warmline", "phone": "555-0199", "sms": True},
        {"name": "Hotline", "phone": "555-0111", "sms": False},
    ]
    assert CrisisLine(**sent.value()[0]).tel == "5550199"


def test_it_shows_commitments_with_their_rhythm_and_posts_them_back() -> None:
    editor = formset_of("commitments", payday())
    assert isinstance(editor, CommitmentsEditor)
    assert [f.initial.get("rhythm") for f in editor.formset.forms[:2]] == ["3", "daily"]
    data = rows(
        [
            {"id": "m1", "label": "Meeting", "rhythm": "1"},
            {"id": "m2", "label": "Call my sponsor", "rhythm": "daily"},
            {"label": "Gym", "rhythm": "6"},
        ],
        initial=2,
    )
    sent = formset_of("commitments", payday(), data)
    assert sent.is_valid()
    assert sent.value() == [
        {"id": "m1", "label": "Meeting", "daily": False, "times_per_week": 1},
        {"id": "m2", "label": "Call my sponsor", "daily": True, "times_per_week": None},
        {"id": "", "label": "Gym", "daily": False, "times_per_week": 6},
    ]
    assert PlanContent(commitments=sent.value()).commitments[2].id == "m3"
    refused = formset_of("commitments", payday(), rows([{"label": "Gym", "rhythm": "7"}]))
    assert not refused.is_valid()


def test_it_names_the_rhythms_in_the_pages_language() -> None:
    assert rhythms() == [
        ("daily", "Every day"),
        ("6", "6 times a week"),
        ("5", "5 times a week"),
        ("4", "4 times a week"),
        ("3", "3 times a week"),
        ("2", "2 times a week"),
        ("1", "Once a week"),
    ]
    with translation.override("es"):
        spanish = dict(rhythms())
    assert spanish["daily"] != "Every day" and spanish["1"] != "Once a week"
    assert "6" in spanish["6"] and spanish["6"] != "6 times a week"


# People and the ladder, with the client's circle


@pytest.mark.django_db
def test_it_orders_people_by_their_numbers_and_leaves_blanks_out(
    bob_membership: Membership, dana_membership: Membership
) -> None:
    members = [bob_membership, dana_membership]
    content = PlanContent(people=[dana_membership.pk, bob_membership.pk])
    shown = editor_for("people", members, content)
    assert isinstance(shown, PeopleEditor) and shown.kind == "people"
    assert shown.form.initial == {
        f"position_{dana_membership.pk}": 1,
        f"position_{bob_membership.pk}": 2,
    }
    assert shown.form.fields[f"position_{bob_membership.pk}"].label == "Bob Brown · Friend"
    data = {f"position_{bob_membership.pk}": "3", f"position_{dana_membership.pk}": "7"}
    sent = editor_for("people", members, content, data)
    assert sent.is_valid() and sent.value() == [bob_membership.pk, dana_membership.pk]
    blank = editor_for("people", members, content, {f"position_{dana_membership.pk}": "1"})
    assert blank.is_valid() and blank.value() == [dana_membership.pk]


@pytest.mark.django_db
def test_it_refuses_the_same_number_twice_and_numbers_out_of_range(
    bob_membership: Membership, dana_membership: Membership
) -> None:
    members = [bob_membership, dana_membership]
    same = {f"position_{bob_membership.pk}": "2", f"position_{dana_membership.pk}": "2"}
    editor = editor_for("people", members, PlanContent(), same)
    assert isinstance(editor, PeopleEditor) and not editor.is_valid()
    assert editor.form.non_field_errors() == ["Give each person a different number."]
    for number in ("0", "21", "first"):
        data = {f"position_{bob_membership.pk}": number}
        assert not editor_for("people", members, PlanContent(), data).is_valid()


@pytest.mark.django_db
def test_it_says_when_a_member_is_paused(bob_membership: Membership) -> None:
    bob_membership.status = Membership.Status.PAUSED
    assert member_label(bob_membership) == "Bob Brown · Friend (paused)"
    with translation.override("es"):
        assert member_label(bob_membership) != "Bob Brown · Friend (paused)"


@pytest.mark.django_db
def test_it_edits_the_three_ladder_levels_with_the_circles_people(
    alice: User, bob_membership: Membership, dana_membership: Membership
) -> None:
    members = [bob_membership, dana_membership]
    shown = editor_for("ladder", members, PlanContent())
    assert isinstance(shown, LadderEditor) and shown.kind == "ladder"
    assert [form.prefix for _, form in shown.levels] == ["watch", "concern", "urgent"]
    assert [str(title) for title, _ in shown.levels] == ["Watch", "Concern", "Urgent"]
    urgent = shown.levels[2][1]
    assert urgent.initial["delay_minutes"] == 15
    assert [pk for pk, _ in choices_of(urgent.fields["membership_ids"])] == [
        bob_membership.pk,
        dana_membership.pk,
    ]
    data = {
        "watch-delay_minutes": "720",
        "watch-channels": ["inbox"],
        "concern-delay_minutes": "0",
        "concern-membership_ids": [str(dana_membership.pk)],
        "concern-channels": ["inbox", "email"],
        "urgent-delay_minutes": "10080",
        "urgent-membership_ids": [str(bob_membership.pk), str(dana_membership.pk)],
        "urgent-channels": ["email"],
    }
    sent = editor_for("ladder", members, PlanContent(), data)
    assert sent.is_valid()
    assert sent.value() == {
        "watch": {"membership_ids": [], "channels": ["inbox"], "delay_minutes": 720},
        "concern": {
            "membership_ids": [dana_membership.pk],
            "channels": ["inbox", "email"],
            "delay_minutes": 0,
        },
        "urgent": {
            "membership_ids": [bob_membership.pk, dana_membership.pk],
            "channels": ["email"],
            "delay_minutes": 10080,
        },
    }


@pytest.mark.django_db
def test_it_refuses_a_ladder_step_off_its_limits_or_outside_the_circle(
    alice: User, bob_membership: Membership, dana_membership: Membership
) -> None:
    base = {f"{level}-delay_minutes": "60" for level in ("watch", "concern", "urgent")}
    assert editor_for("ladder", [bob_membership], PlanContent(), base).is_valid()
    for change in (
        {"urgent-delay_minutes": "10081"},
        {"urgent-delay_minutes": "-1"},
        {"urgent-delay_minutes": ""},
        {"urgent-channels": ["sms"]},
        {"urgent-membership_ids": [str(dana_membership.pk)]},  # not among the members given
    ):
        editor = editor_for("ladder", [bob_membership], PlanContent(), base | change)
        assert not editor.is_valid(), change


def test_it_knows_no_editor_for_a_section_that_is_not_one() -> None:
    with pytest.raises(KeyError):
        editor_for("feelings", [], PlanContent())
