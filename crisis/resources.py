"""The crisis resources shown wherever crisis language appears, on the public crisis page and
in the API. One list, so a number is never wrong in one place and right in another."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Resource:
    name: str
    description: str
    number: str  # as people read it
    tel: str  # what a phone dials: the href of a tap-to-call link
    sms: str = ""  # where a text goes, when the line takes texts


RESOURCES: tuple[Resource, ...] = (
    Resource(
        "988 Suicide & Crisis Lifeline",
        "Call or text 988 to talk with a trained crisis counselor. Free, confidential, 24/7.",
        "988",
        "988",
        sms="988",
    ),
    Resource(
        "SAMHSA National Helpline",
        "Free, confidential treatment referral and information about substance use, "
        "24/7, in English and Spanish.",
        "1-800-662-4357",
        "18006624357",
    ),
    Resource(
        "Emergency services",
        "Call 911 if you or someone else is in immediate danger, or may be overdosing.",
        "911",
        "911",
    ),
)
