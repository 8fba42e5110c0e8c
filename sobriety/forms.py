from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from sobriety.models import SobrietyStart


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%d")


class StartForm(forms.Form):
    start_date = forms.DateField(label=_("My sobriety start date"), widget=DateInput())
    substance = forms.CharField(
        label=_("Substance (optional)"),
        max_length=60,
        required=False,
        help_text=_(
            "Leave empty for one overall count, or name a substance to keep a count "
            "for it alone (for example: alcohol). Saving the same name again changes its date."
        ),
    )


class SettingsForm(forms.Form):
    announce_milestones = forms.BooleanField(
        label=_("Tell my supporters when I reach a milestone"),
        required=False,
        help_text=_("Only supporters who may see my sobriety count are told."),
    )


class CountChoiceField(forms.ModelChoiceField[SobrietyStart]):
    """A choice of the person's counts, each shown by its substance (or "Overall")."""

    def label_from_instance(self, obj: SobrietyStart) -> str:
        return obj.label


class LapseForm(forms.Form):
    start = CountChoiceField(
        label=_("Which count"), queryset=SobrietyStart.objects.none(), empty_label=None
    )
    date = forms.DateField(label=_("When did it happen?"), widget=DateInput())
    end_date = forms.DateField(
        label=_("Last day, if it lasted more than one day (optional)"),
        required=False,
        widget=DateInput(),
        help_text=_("None of these days counts as sober; every sober day before still counts."),
    )
    what_happened = forms.CharField(
        label=_("What happened (optional)"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    what_learned = forms.CharField(
        label=_("What I learned, or will do differently (optional)"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    tell_circle = forms.BooleanField(
        label=_("Let my supporters know"),
        required=False,
        help_text=_(
            "Only supporters who may see my sobriety count are told, with kind words. "
            "They don't see what I wrote here."
        ),
    )

    def __init__(self, *args: Any, starts: list[SobrietyStart], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if len(starts) > 1:
            field = cast(CountChoiceField, self.fields["start"])
            field.queryset = SobrietyStart.objects.filter(pk__in=[s.pk for s in starts])
        else:
            # With one count (or none yet) there is nothing to choose.
            del self.fields["start"]
