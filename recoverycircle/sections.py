"""Pages built from the sections of several apps.

The client's home and a supporter's page about one client are made of sections, one or more
per app. Each app adds a function to `registry.home_sections` (`supporter_sections`,
`trend_sections`) in its `AppConfig.ready()`; the page renders whatever sections come back.
A supporter section must ask the access policy (`policy.read`) for its scope, which both
decides and logs the read; it returns None when the scope is not shared.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from recoverycircle import registry

if TYPE_CHECKING:
    from accounts.models import User
    from circle.models import Membership


@dataclass
class Section:
    template: str
    context: dict[str, Any] = field(default_factory=dict)
    order: int = 50


def home_sections(user: User) -> list[Section]:
    found = [s for f in registry.home_sections if (s := f(user)) is not None]
    return sorted(found, key=lambda s: s.order)


def supporter_sections(viewer: User, client: User, membership: Membership) -> list[Section]:
    found = [
        s for f in registry.supporter_sections if (s := f(viewer, client, membership)) is not None
    ]
    return sorted(found, key=lambda s: s.order)


def trend_sections(user: User, start: date, end: date) -> list[Section]:
    found = [s for f in registry.trend_sections if (s := f(user, start, end)) is not None]
    return sorted(found, key=lambda s: s.order)
