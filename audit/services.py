"""The access log: writing a read (through `circle.policy.read`) and showing the client who
saw what, grouped by person and day."""

from __future__ import annotations

import zoneinfo
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Count, Max, QuerySet
from django.db.models.functions import TruncDate

from accounts.models import User
from audit import visits
from audit.models import AccessLog, shown

DAYS_PER_PAGE = 30


def record_access(viewer: User, client: User, what: str, channel: str) -> None:
    """One read of `client`'s data by `viewer`; within a request, gathered into one row per
    visit (see audit.visits)."""
    visits.record(viewer, client, what, channel)


def access_log_for(client: User) -> QuerySet[AccessLog]:
    return AccessLog.objects.filter(client=client).select_related("viewer")


@dataclass
class PersonDay:
    """Everything one person read of the client's on one of the client's days."""

    day: date
    viewer_id: int | None
    viewer_name: str
    visits: list[AccessLog] = field(default_factory=list)

    @property
    def what(self) -> list[str]:
        seen: list[str] = []
        for row in reversed(self.visits):  # oldest first, as they were read
            parts = [shown(part) for part in row.what.split(", ")]
            seen += [part for part in parts if part not in seen]
        return seen

    @property
    def channels(self) -> list[str]:
        return sorted({str(row.get_channel_display()) for row in self.visits})


def grouped_log(
    client: User, page_number: str | None
) -> tuple[Page[dict[str, Any]], list[PersonDay]]:
    """A page of (person, day) groups, newest first, each with its visits."""
    zone = client.zone
    groups = (
        AccessLog.objects.filter(client=client)
        .annotate(day=TruncDate("at", tzinfo=zone))
        .values("day", "viewer_id", "viewer_name")
        .annotate(visits=Count("id"), last=Max("at"))
        .order_by("-day", "-last")
    )
    page = Paginator(groups, DAYS_PER_PAGE).get_page(page_number)
    found = {
        (g["day"], g["viewer_id"], g["viewer_name"]): PersonDay(
            g["day"], g["viewer_id"], g["viewer_name"]
        )
        for g in page.object_list
    }
    if found:
        days = [key[0] for key in found]
        rows = access_log_for(client).filter(
            at__gte=local_midnight(min(days), zone),
            at__lt=local_midnight(max(days) + timedelta(days=1), zone),
        )
        for row in rows:
            group = found.get((row.at.astimezone(zone).date(), row.viewer_id, row.viewer_name))
            if group is not None:
                group.visits.append(row)
    return page, list(found.values())


def local_midnight(day: date, zone: zoneinfo.ZoneInfo) -> datetime:
    return datetime.combine(day, time(0), tzinfo=zone)
