"""Forms of the toolkit pages. They only shape input; the rules are in the services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from plans.content import TRIGGER_KINDS, Trigger
from toolkit.models import Outcome
from toolkit.services import ALIAS_MAX, HOW_TO_MAX, TITLE_MAX

RATINGS = [(n, str(n)) for n in range(11)]


def kind_choices() -> list[tuple[str, str]]:
    return [(key, str(label)) for key, label in TRIGGER_KINDS.items()]


def trigger_choices(triggers: list[Trigger]) -> list[tuple[str, str]]:
    return [(t.id, f"{t.label} ({TRIGGER_KINDS[t.kind]})") for t in triggers]


class ShareForm(forms.Form):
    title = forms.CharField(
        label=_("What helped you, in a few words"),
        max_length=TITLE_MAX,
        help_text=_("For example: “A cold shower and a call to my brother”."),
    )
    how_to = forms.CharField(
        label=_("How you do it"),
        max_length=HOW_TO_MAX,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("What you do, step by step, and when it helped you. Your own experience."),
    )
    trigger_kinds = forms.MultipleChoiceField(
        label=_("It helps with triggers like"),
        choices=kind_choices,
        widget=forms.CheckboxSelectMultiple,
    )
    alias = forms.CharField(
        label=_("Credit me as (optional)"),
        max_length=ALIAS_MAX,
        required=False,
        help_text=_("Leave empty to be credited by your name."),
    )


class AdoptForm(forms.Form):
    label = forms.CharField(
        label=_("In my plan, I'll call it"),
        max_length=300,
        help_text=_("Change the words so they sound like you."),
    )
    trigger_ids = forms.MultipleChoiceField(
        label=_("It answers these triggers of mine"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("After a craving or a warning signal, your plan suggests it for them."),
    )

    def __init__(self, *args: Any, triggers: list[Trigger], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["trigger_ids"]
        assert isinstance(field, forms.MultipleChoiceField)
        field.choices = trigger_choices(triggers)


class CravingStartForm(forms.Form):
    craving_start = forms.TypedChoiceField(
        label=_("How strong is the craving right now?"),
        choices=RATINGS,
        coerce=int,
        widget=forms.RadioSelect(attrs={"class": "rating"}),
        help_text=_("0 means none at all, 10 the strongest you can imagine."),
    )
    trigger_id = forms.ChoiceField(
        label=_("What set it off?"),
        required=False,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args: Any, triggers: list[Trigger], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["trigger_id"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [
            *trigger_choices(triggers),
            ("", _("Something else, or I'm not sure")),
        ]


class CravingFinishForm(forms.Form):
    craving_end = forms.TypedChoiceField(
        label=_("How strong is the craving now?"),
        choices=RATINGS,
        coerce=int,
        widget=forms.RadioSelect(attrs={"class": "rating"}),
    )
    outcome = forms.ChoiceField(
        label=_("How did it go?"), choices=Outcome.choices, widget=forms.RadioSelect
    )
    strategy_tried = forms.CharField(
        label=_("What I tried (optional)"),
        max_length=300,
        required=False,
        widget=forms.TextInput(attrs={"list": "plan-strategies"}),
    )
    note = forms.CharField(
        label=_("A note for myself (optional)"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Only you see it."),
    )
