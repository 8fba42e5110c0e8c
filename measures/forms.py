"""Forms built from a questionnaire definition: one required radio group per item."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from measures.definitions import Definition, Item, Text
from measures.models import MAX_EVERY_DAYS


def field_name(item: Item) -> str:
    return f"item_{item.key}"


class MeasureForm(forms.Form):
    def __init__(self, definition: Definition, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.definition = definition
        for item in definition.items:
            self.fields[field_name(item)] = forms.TypedChoiceField(
                label=str(item.text),
                choices=[(option.value, str(option.label)) for option in item.options],
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={
                    "required": _("Please choose an answer to this question."),
                    "invalid_choice": _("Please choose one of the answers shown."),
                },
            )

    def answers(self) -> dict[str, int]:
        return {item.key: self.cleaned_data[field_name(item)] for item in self.definition.items}

    def raw_answers(self) -> dict[str, str]:
        """What was posted, valid or not: a crisis answer is honoured even in an invalid form."""
        if not self.is_bound:
            return {}
        return {item.key: self.data.get(field_name(item), "") for item in self.definition.items}

    def add_answer_errors(self, errors: dict[str, str]) -> None:
        for key, message in errors.items():
            name = f"item_{key}"
            self.add_error(name if name in self.fields else None, message)

    def groups(self) -> list[Group]:
        """Items in runs sharing a stem (the BAM's 7A–7G), for nested fieldsets."""
        found: list[Group] = []
        for item in self.definition.items:
            question = Question(item, self[field_name(item)])
            if item.group and found and found[-1].stem == item.group:
                found[-1].questions.append(question)
            else:
                found.append(Group(item.group, [question]))
        return found

    def unanswered(self) -> list[Item]:
        return [item for item in self.definition.items if self.errors.get(field_name(item))]


@dataclass
class Question:
    item: Item
    field: forms.BoundField


@dataclass
class Group:
    stem: Text
    questions: list[Question]

    @property
    def number(self) -> str:
        # "7A" → "7": the stem carries the shared number.
        return self.questions[0].item.number.rstrip("ABCDEFGHIJ")


class ScheduleForm(forms.Form):
    """One questionnaire's schedule; the page shows one per questionnaire with its prefix."""

    enabled = forms.BooleanField(label=_("Remind me when it is due"), required=False)
    every_days = forms.IntegerField(
        label=_("Every how many days"),
        min_value=1,
        max_value=MAX_EVERY_DAYS,
        widget=forms.NumberInput(attrs={"min": 1, "max": MAX_EVERY_DAYS, "inputmode": "numeric"}),
        error_messages={"required": _("Please give a number of days.")},
    )
