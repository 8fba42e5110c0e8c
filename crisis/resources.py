"""The crisis resources shown wherever crisis language appears, on the public crisis page and
in the API. One list, so a number is never wrong in one place and right in another."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Resource:
    name: str | Promise  # lazy: shown in the reader's language
    description: str | Promise
    number: str  # as people read it
    tel: str  # what a phone dials: the href of a tap-to-call link
    sms: str = ""  # where a text goes, when the line takes texts


RESOURCES: tuple[Resource, ...] = (
    Resource(
        _("988 Suicide & Crisis Lifeline"),
        _("Call or text 988 to talk with a trained crisis counselor. Free, confidential, 24/7."),
        "988",
        "988",
        sms="988",
    ),
    Resource(
        _("SAMHSA National Helpline"),
        _(
            "Free, confidential treatment referral and information about substance use, "
            "24/7, in English and Spanish."
        ),
        "1-800-662-4357",
        "18006624357",
    ),
    Resource(
        _("Emergency services"),
        _("Call 911 if you or someone else is in immediate danger, or may be overdosing."),
        "911",
        "911",
    ),
)
