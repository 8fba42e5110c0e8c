"""One access-log row per visit, not one per page section.

A supporter's page about a client is built from a section per app, and each section asks the
access policy for its own scope: seven to nine reads for one look at one page. During a
request those reads are gathered here and written when the response is ready, as one row per
person whose data was read, naming everything that was read ("circle overview, sobriety
count, check-in status"). Outside a request (a task, the shell) each read is written at once.

The request also knows its channel better than the code deep inside it: an API call is "API"
and the calendar feed is "calendar feed", even where a shared helper (a calendar provider)
was written with the web in mind.
"""

from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass, field

from django.http import HttpRequest, HttpResponse

from accounts.models import User
from audit.models import AccessLog

WHAT_LIMIT = AccessLog._meta.get_field("what").max_length or 500


@dataclass
class Visit:
    channel: str
    # (viewer, client) -> what was read, in order, each once
    reads: dict[tuple[int, int], tuple[User, User, list[str]]] = field(default_factory=dict)

    def add(self, viewer: User, client: User, what: str) -> None:
        _, _, whats = self.reads.setdefault((viewer.pk, client.pk), (viewer, client, []))
        if what not in whats:
            whats.append(what)

    def write(self) -> None:
        AccessLog.objects.bulk_create(
            AccessLog(
                viewer=viewer,
                viewer_name=str(viewer)[:80],
                client=client,
                what=summary(whats),
                channel=self.channel,
            )
            for viewer, client, whats in self.reads.values()
        )


_visit: ContextVar[Visit | None] = ContextVar("access_visit", default=None)


def summary(whats: list[str]) -> str:
    text = ", ".join(whats)
    return text if len(text) <= WHAT_LIMIT else text[: WHAT_LIMIT - 1] + "…"


def record(viewer: User, client: User, what: str, channel: str) -> None:
    """Logs a read: with the request's visit when there is one, else at once."""
    visit = _visit.get()
    if visit is None:
        AccessLog.objects.create(
            viewer=viewer, viewer_name=str(viewer)[:80], client=client, what=what, channel=channel
        )
    else:
        visit.add(viewer, client, what)


def set_channel(channel: str) -> None:
    """For a view whose reads come through another door than its path says (the feed)."""
    if (visit := _visit.get()) is not None:
        visit.channel = channel


def channel_of(request: HttpRequest) -> str:
    if request.path_info.startswith("/api/"):
        return AccessLog.Channel.API
    return AccessLog.Channel.WEB


class OneRowPerVisitMiddleware:
    """First in MIDDLEWARE, so it wraps both the page stack and the token API lane."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        visit = Visit(channel_of(request))
        token = _visit.set(visit)
        try:
            return self.get_response(request)
        finally:
            _visit.reset(token)
            if visit.reads:
                # Written even when the view failed after reading: the reads happened.
                visit.write()
