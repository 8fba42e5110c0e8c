"""Rate limits for actions that send e-mail to an address someone typed (sign-up, password
reset, verification, invitations): without them the site is a free spam relay.

Each action is counted per account and per client IP address in fixed windows, in the
database, so the count is shared by every web worker process and every machine, on SQLite and
PostgreSQL alike. One statement adds the attempt and reads the count (an upsert), so parallel
requests cannot all slip under the limit. Who took the action is kept only as a keyed hash.

For an anonymous action "the account" is the e-mail address it names: three password resets
an hour for one address, however many places they come from.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache

from axes.helpers import get_client_ip_address
from django.conf import settings
from django.db import connection, transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import ngettext

from ratelimits.models import Counter
from recoverycircle.errors import TooMany


@dataclass(frozen=True)
class Limit:
    count: int  # attempts allowed per window
    seconds: int  # window length


class RateLimited(TooMany):
    """Too many attempts; `retry_after` is the number of seconds until the next is allowed."""

    def __init__(self, retry_after: int) -> None:
        minutes = math.ceil(max(1, retry_after) / 60)
        message = ngettext(
            "Too many attempts in a short time. Please try again in %(minutes)d minute.",
            "Too many attempts in a short time. Please try again in %(minutes)d minutes.",
            minutes,
        ) % {"minutes": minutes}
        super().__init__(message, retry_after)


def limits_for(action: str) -> dict[str, Limit]:
    return {who: Limit(*limit) for who, limit in settings.RATE_LIMITS[action].items()}


def client_ip(request: HttpRequest) -> str:
    """The client's address as the login lockout sees it (X-Forwarded-For only behind a
    proxy: PROXY_COUNT)."""
    return get_client_ip_address(request) or ""


def counter_key(action: str, who: str, value: str) -> str:
    digest = salted_hmac("ratelimits.counter", f"{action}:{who}:{value}").hexdigest()
    return f"{action}:{who}:{digest[:40]}"


@cache
def upsert_sql() -> str:
    table = connection.ops.quote_name(Counter._meta.db_table)
    key, count, ends = (connection.ops.quote_name(name) for name in ("key", "count", "window_ends"))
    # Every SET expression reads the row as it was, so an expired window starts again at 1.
    return (
        f"INSERT INTO {table} ({key}, {count}, {ends}) VALUES (%s, 1, %s) "  # noqa: S608
        f"ON CONFLICT ({key}) DO UPDATE SET "
        f"{count} = CASE WHEN {table}.{ends} <= %s THEN 1 ELSE {table}.{count} + 1 END, "
        f"{ends} = CASE WHEN {table}.{ends} <= %s THEN %s ELSE {table}.{ends} END "
        f"RETURNING {count}, {ends}"
    )


def count_attempt(key: str, limit: Limit, now: int) -> tuple[int, int]:
    """Adds one attempt to the key's current window: (attempts in it, when it ends)."""
    ends = now + limit.seconds
    # A write transaction of its own: on SQLite it queues on the writers' lock (recoverycircle
    # .sqlite) like every other write, instead of on the busy timeout.
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(upsert_sql(), [key, ends, now, now, ends])
        count, window_ends = cursor.fetchone()
    if count == 1:
        # A window started: a good moment to drop the counters of windows long over.
        Counter.objects.filter(window_ends__lt=now).exclude(key=key).delete()
    return int(count), int(window_ends)


def check(action: str, *, account: str | int | None, ip: str) -> None:
    """Counts one attempt at `action`; RateLimited when the account or the address has used
    up its attempts for now. Every attempt counts, refused ones too."""
    now = int(timezone.now().timestamp())
    waits = []
    for who, value in (("account", account), ("ip", ip)):
        limit = limits_for(action).get(who)
        if limit is None or value in (None, ""):
            continue
        normal = str(value).strip().lower()
        count, ends = count_attempt(counter_key(action, who, normal), limit, now)
        if count > limit.count:
            waits.append(ends - now)
    if waits:
        raise RateLimited(max(waits))


def check_request(action: str, request: HttpRequest, account: str | int | None) -> None:
    check(action, account=account, ip=client_ip(request))
