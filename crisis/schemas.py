"""API shapes of crisis answers; the plans API reuses them when a save finds crisis words."""

from __future__ import annotations

from ninja import Schema

from crisis.detect import CrisisMatch
from crisis.resources import RESOURCES


class ResourceOut(Schema):
    name: str
    description: str
    number: str
    tel_link: str
    sms_link: str | None


class CrisisCheckOut(Schema):
    crisis: bool
    category: str | None
    category_label: str | None
    # "clear" or "possible" (a question waits at GET /api/v1/crisis/questions)
    tier: str | None = None
    # The words that raised it, normalised.
    words: str | None = None
    resources: list[ResourceOut]


def resources_out() -> list[ResourceOut]:
    return [
        ResourceOut(
            name=str(r.name),
            description=str(r.description),
            number=r.number,
            tel_link=f"tel:{r.tel}",
            sms_link=f"sms:{r.sms}" if r.sms else None,
        )
        for r in RESOURCES
    ]


def crisis_out(match: CrisisMatch | None) -> CrisisCheckOut:
    return CrisisCheckOut(
        crisis=match is not None,
        category=match.category if match else None,
        category_label=match.label if match else None,
        tier=match.tier if match else None,
        words=match.phrase if match else None,
        resources=resources_out(),
    )
