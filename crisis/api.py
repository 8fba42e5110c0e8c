from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Schema
from pydantic import Field

from circle.policy import PUBLIC, SELF, access_rule
from crisis.detect import detect
from crisis.schemas import CrisisCheckOut, ResourceOut, crisis_out, resources_out
from recoverycircle.api import ERRORS
from recoverycircle.typing import AuthedHttpRequest

router = Router(tags=["crisis"])


class CrisisCheckIn(Schema):
    text: str = Field(max_length=20000)


@router.post(
    "/crisis/check",
    response={200: CrisisCheckOut, **ERRORS},
    summary="Does this text sound like a crisis? (nothing is stored)",
)
@access_rule(SELF)
def check(request: AuthedHttpRequest, payload: CrisisCheckIn) -> CrisisCheckOut:
    # A check while typing, not a write: no event is recorded and nobody is told. The save
    # of the text itself (check-in, plan…) does that.
    return crisis_out(detect(payload.text))


@router.get(
    "/crisis/resources",
    auth=None,
    response={200: list[ResourceOut], **ERRORS},
    summary="Crisis lines, with tap-to-call links (no sign-in needed)",
)
@access_rule(PUBLIC)
def resources(request: HttpRequest) -> list[ResourceOut]:
    return resources_out()
