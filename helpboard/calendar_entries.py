"""The help board in a person's calendar: a client sees their needs (a recurring need as one
recurring entry), a supporter sees the occurrences they offered to help with.

A supporter's entries show a client's need, so they are a read of the client's data and go
through the access policy. Phones poll the feed every few minutes to hours; logging each poll
would bury the client's access log, so the read is logged once per `LOG_EVERY` per client.
"""

from __future__ import annotations

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop

from accounts.models import User
from audit.models import AccessLog
from calendars.entries import CalendarEntry
from circle.policy import read
from helpboard.models import HelpNeed, HelpOccurrence
from helpboard.occurrences import live_needs
from helpboard.services import HELP, claims_of

PAST = timedelta(days=30)
AHEAD = timedelta(days=366)
LOG_EVERY = timedelta(hours=6)
WHAT = gettext_noop("help they offered (their calendar)")


def need_entry(need: HelpNeed) -> CalendarEntry:
    return CalendarEntry(
        uid=f"help-{need.pk}@recoverycircle",
        title=gettext("Help: %(need)s") % {"need": need.summary},
        start=need.starts_at,
        end=need.ends_at,
        location=need.place,
        description=need.notes,
        url=reverse("helpboard:need", args=[need.pk]),
        rrule=need.rrule,
        tzid=need.zone,
        kind="help",
    )


def claim_entry(row: HelpOccurrence) -> CalendarEntry:
    need = row.need
    return CalendarEntry(
        uid=f"claim-{row.pk}@recoverycircle",
        title=gettext("Helping %(name)s: %(need)s") % {"name": need.client, "need": need.summary},
        start=row.starts_at,
        end=row.ends_at,
        location=need.place,
        description=need.notes,
        url=reverse("helpboard:need", args=[need.pk]),
        tzid=need.zone,
        kind="claim",
    )


def log_read(supporter: User, client_id: int) -> None:
    since = timezone.now() - LOG_EVERY
    seen = AccessLog.objects.filter(
        viewer=supporter, client_id=client_id, what__contains=WHAT, at__gte=since
    )
    if not seen.exists():
        read(supporter, client_id, HELP, WHAT)


def help_entries(user: User) -> list[CalendarEntry]:
    now = timezone.now()
    entries = [need_entry(need) for need in live_needs(user, now - PAST)]
    claims = claims_of(user, now - PAST, now + AHEAD)
    for client_id in {row.need.client_id for row in claims}:
        log_read(user, client_id)
    entries.extend(claim_entry(row) for row in claims)
    return entries
