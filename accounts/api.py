from __future__ import annotations

from datetime import datetime

from ninja import Router, Schema

from circle.policy import SELF, access_rule
from recoverycircle.api import ERRORS
from recoverycircle.typing import AuthedHttpRequest

router = Router(tags=["me"])


class MeOut(Schema):
    id: int
    email: str
    display_name: str
    time_zone: str
    language: str
    email_verified: bool
    date_joined: datetime


@router.get("/me", response={200: MeOut, **ERRORS}, summary="Who I am")
@access_rule(SELF)
def me(request: AuthedHttpRequest) -> MeOut:
    return MeOut.from_orm(request.user)
