from __future__ import annotations

from datetime import datetime

from django.db.models import QuerySet
from ninja import Router, Schema
from ninja.pagination import paginate

from audit.models import AccessLog
from audit.services import access_log_for
from circle.policy import SELF, access_rule
from recoverycircle.api import ERRORS, Pagination
from recoverycircle.typing import AuthedHttpRequest

router = Router(tags=["access log"])


class AccessLogOut(Schema):
    viewer_id: int | None
    viewer_name: str
    what: str
    channel: str
    at: datetime


@router.get(
    "/access-log",
    response={200: list[AccessLogOut], **ERRORS},
    summary="Who saw my data, newest first",
)
@access_rule(SELF)
@paginate(Pagination)
def access_log(request: AuthedHttpRequest) -> QuerySet[AccessLog]:
    return access_log_for(request.user)
