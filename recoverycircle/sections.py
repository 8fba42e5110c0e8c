"""Pages built from the sections of several apps.

The client's home and a supporter's page about one client are made of sections, one or more
per app. Each app registers a function here; the page renders whatever sections come back.
A supporter section must ask the access policy (`policy.read`) for its scope, which both
decides and logs the read; it returns None when the scope is not shared.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from accounts.models import User
from circle.models import Membership


@dataclass
class Section:
    template: str
    context: dict[str, Any] = field(default_factory=dict)
    order: int = 50


HomeSection = Callable[[User], Section | None]
SupporterSection = Callable[[User, User, Membership], Section | None]

# The client's own history page (checkins), for the days from start to end.
TrendSection = Callable[[User, date, date], Section | None]

HOME: list[HomeSection] = []
SUPPORTER: list[SupporterSection] = []
TRENDS: list[TrendSection] = []


def home_section(func: HomeSection) -> HomeSection:
    HOME.append(func)
    return func


def supporter_section(func: SupporterSection) -> SupporterSection:
    SUPPORTER.append(func)
    return func


def home_sections(user: User) -> list[Section]:
    found = [s for f in HOME if (s := f(user)) is not None]
    return sorted(found, key=lambda s: s.order)


def supporter_sections(viewer: User, client: User, membership: Membership) -> list[Section]:
    found = [s for f in SUPPORTER if (s := f(viewer, client, membership)) is not None]
    return sorted(found, key=lambda s: s.order)


def trend_section(func: TrendSection) -> TrendSection:
    TRENDS.append(func)
    return func


def trend_sections(user: User, start: date, end: date) -> list[Section]:
    found = [s for f in TRENDS if (s := f(user, start, end)) is not None]
    return sorted(found, key=lambda s: s.order)
