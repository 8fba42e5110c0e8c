from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.models import time_zone_choices
from meetings import types
from meetings.models import Weekday
from meetings.search import MAX_RADIUS_KM, MeetingQuery

TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def decimal(step: str) -> forms.NumberInput:
    return forms.NumberInput(attrs={"step": step, "inputmode": "decimal"})


class MeetingSearchForm(forms.Form):
    q = forms.CharField(label=_("Name or place (optional)"), max_length=100, required=False)
    day = forms.TypedChoiceField(
        label=_("Day"),
        choices=[("", _("Any day")), *Weekday.choices],
        coerce=int,
        empty_value=None,
        required=False,
    )
    time_from = forms.TimeField(label=_("Starting from"), required=False, widget=TIME)
    time_to = forms.TimeField(label=_("Starting by"), required=False, widget=TIME)
    attendance = forms.ChoiceField(
        label=_("How"),
        choices=[
            ("", _("In person or online")),
            ("in_person", _("In person")),
            ("online", _("Online")),
        ],
        required=False,
    )
    types = forms.MultipleChoiceField(
        label=_("Kind of meeting (all that you tick)"),
        choices=[(code, types.label(code)) for code in types.COMMON],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    lat = forms.FloatField(
        label=_("Near: latitude"),
        min_value=-90,
        max_value=90,
        required=False,
        widget=decimal("any"),
        help_text=_("For example 41.88 for Chicago. Leave empty to search everywhere."),
    )
    lng = forms.FloatField(
        label=_("Near: longitude"),
        min_value=-180,
        max_value=180,
        required=False,
        widget=decimal("any"),
        help_text=_("For example -87.63 for Chicago."),
    )
    radius_km = forms.FloatField(
        label=_("Within (km)"),
        min_value=0.1,
        max_value=MAX_RADIUS_KM,
        required=False,
        widget=decimal("any"),
        help_text=_("25 km when left empty."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        lat, lng = data.get("lat"), data.get("lng")
        if (lat is None) != (lng is None) and not (self.has_error("lat") or self.has_error("lng")):
            self.add_error("lng" if lng is None else "lat", _("Give both latitude and longitude."))
        if data.get("radius_km") is not None and lat is None and lng is None:
            self.add_error("radius_km", _("A distance needs a place: give latitude and longitude."))
        return data

    def query(self) -> MeetingQuery:
        data = self.cleaned_data
        return MeetingQuery(
            day=data.get("day"),
            time_from=data.get("time_from"),
            time_to=data.get("time_to"),
            types=list(data.get("types") or []),
            online={"online": True, "in_person": False}.get(data.get("attendance") or ""),
            lat=data.get("lat"),
            lng=data.get("lng"),
            radius_km=data.get("radius_km"),
            text=data.get("q") or "",
        )


class GoingForm(forms.Form):
    repeat = forms.ChoiceField(
        label=_("When"),
        choices=[("weekly", _("Every week")), ("once", _("Once, on a date"))],
        initial="weekly",
    )
    on_date = forms.DateField(label=_("Date (for once)"), required=False, widget=DATE)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("repeat") == "once" and not data.get("on_date"):
            self.add_error("on_date", _("Choose the date you are going."))
        if data.get("repeat") == "weekly":
            data["on_date"] = None
        return data


class WentForm(forms.Form):
    on_date = forms.DateField(label=_("Day I went"), widget=DATE)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # Its own ids: it shares the meeting page with the "I'm going" form's date field.
        kwargs.setdefault("auto_id", "went_%s")
        super().__init__(*args, **kwargs)


def feed_zone_choices() -> list[tuple[str, str]]:
    return [("", gettext("None: only from each meeting's position")), *time_zone_choices()]


class FeedForm(forms.Form):
    """Staff only: add a feed by URL (refreshed by the background job) or upload a file."""

    name = forms.CharField(label=_("Name"), max_length=120)
    url = forms.URLField(
        label=_("Feed address (URL)"),
        required=False,
        assume_scheme="https",
        help_text=_("A Meeting Guide JSON feed; it is read again on the schedule below."),
    )
    file = forms.FileField(label=_("Or a JSON file"), required=False)
    timezone = forms.ChoiceField(
        label=_("Time zone for meetings that name none"),
        choices=feed_zone_choices,
        required=False,
        help_text=_(
            "Each meeting's zone comes from its position; this is for rows without one. With "
            "none, such rows are refused and listed with the reason."
        ),
    )
    refresh_hours = forms.IntegerField(
        label=_("Read the URL again every (hours)"), min_value=1, max_value=720, initial=24
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if bool(data.get("url")) == bool(data.get("file")):
            raise forms.ValidationError(_("Give either a feed address or a file, not both."))
        return data
