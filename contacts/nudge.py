"""The isolation nudge: after ISOLATION_NUDGE_DAYS without contact, once per quiet spell, a
gentle message to the client naming two or three people they could call.

A spell begins on the (local) day of the last contact; with none ever, on the day the circle
began. The nudge is due at 09:00 local time on the Nth day after, and is only sent in the
daytime (09:00 to 21:00 local): nobody should be woken by it.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext, ngettext

from accounts.models import User
from alerts.services import notify_client
from circle import members
from circle.models import Membership
from contacts import services
from contacts.models import NudgeState
from recoverycircle import rawsql

KIND = "isolation_nudge"  # the lead adds it to Alert.Kind's choices
DAY_STARTS = time(9, 0)
DAY_ENDS = time(21, 0)
LEASE = timedelta(minutes=10)
RECHECK = timedelta(days=1)
# The alert loop runs this between missed-check-in sweeps, which must stay quick: what a
# batch reads is read for all of it at once (a fixed number of queries), its writes are two
# small UPDATEs per client.
BATCH = 100
NAMES = 3


def daytime(moment: datetime, user: User) -> datetime:
    """`moment`, or the next 09:00 local when it falls in the night."""
    local = moment.astimezone(user.zone)
    if DAY_STARTS <= local.time() < DAY_ENDS:
        return moment
    day = local.date() if local.time() < DAY_STARTS else local.date() + timedelta(days=1)
    return datetime.combine(day, DAY_STARTS, tzinfo=user.zone)


def names_text(names: list[str]) -> str:
    if len(names) <= 1:
        return "".join(names)
    return gettext("%(some)s or %(last)s") % {"some": ", ".join(names[:-1]), "last": names[-1]}


def nudge(client: User, spell_day: str, days: int, people: list[Membership]) -> bool:
    with translation.override(client.language):  # the nudge goes to the client alone
        names = names_text([str(m.supporter) for m in people[:NAMES]])
        body = ngettext(
            "It's been %(days)s day since your last contact with someone in your circle that we "
            "know of. Staying connected is part of recovery, and a short call or message is "
            "enough. You could get in touch with %(names)s today.",
            "It's been %(days)s days since your last contact with someone in your circle that we "
            "know of. Staying connected is part of recovery, and a short call or message is "
            "enough. You could get in touch with %(names)s today.",
            days,
        ) % {"days": days, "names": names}
        later = gettext("If you have talked to someone, you can note it in your contact log.")
        subject = gettext("Maybe reach out to someone today?")
    alert = notify_client(
        client,
        KIND,
        subject,
        body=f"{body}\n\n{later}",
        link=reverse("contacts:log"),
        dedupe_key=f"isolation:{client.pk}:{spell_day}",
    )
    return alert is not None


def check(
    client: User, now: datetime, people: list[Membership], last: datetime | None
) -> tuple[datetime, bool]:
    """Nudges the client if a nudge is due; returns when to look again and whether it did.
    `people`: the active circle, least recently in touch first; `last`: the last contact."""
    if not people:
        return now + RECHECK, False
    start = last or min(m.created_at for m in people)
    spell_day = services.local_date(start, client)
    due = datetime.combine(
        spell_day + timedelta(days=services.ISOLATION_NUDGE_DAYS), DAY_STARTS, tzinfo=client.zone
    )
    if now < due:
        return due, False
    when = daytime(now, client)
    if when > now:
        return when, False
    days = (services.local_date(now, client) - spell_day).days
    # Once per spell: the dedupe key makes later passes in the same spell do nothing.
    return now + RECHECK, nudge(client, spell_day.isoformat(), days, people)


def enrol(now: datetime, limit: int = 500) -> int:
    """Starts watching every client who has an active circle and is not watched yet."""
    missing = list(
        User.objects.filter(pk__in=members.clients_with_active_circle(), nudge_state=None)
        .order_by("pk")
        .values_list("pk", flat=True)[:limit]
    )
    NudgeState.objects.bulk_create(
        [NudgeState(client_id=pk, next_check_at=now) for pk in missing], ignore_conflicts=True
    )
    return len(missing)


def run(now: datetime | None = None, limit: int = BATCH) -> int:
    """One pass: claims due clients by a conditional UPDATE, checks each, returns nudges sent."""
    now = now or timezone.now()
    enrol(now)
    due = NudgeState.objects.filter(enabled=True, next_check_at__lte=now).values_list(
        "pk", flat=True
    )[:limit]
    # One conditional UPDATE: what another loop claimed first is not claimed again.
    claimed = rawsql.claim(NudgeState, "next_check_at", list(due), now + LEASE, now)
    if not claimed:
        return 0
    # What the checks read, read for all claimed clients at once: the alert loop runs this
    # between evaluations and deliveries, which must not wait on one query per client.
    states = list(NudgeState.objects.filter(pk__in=claimed).select_related("client"))
    ids = [s.client_id for s in states]
    contacts = services.interactions_of(ids, now)
    last = services.last_contact_of(ids, now, contacts)
    circles = services.active_circles(ids)
    sent = 0
    with transaction.atomic():  # one commit for the batch's small writes
        for state in states:
            circle = circles[state.client_id]
            ranked = services.by_last_contact(circle, contacts[state.client_id], now)
            people = [m for m, _ in ranked]
            after, nudged = check(state.client, now, people, last.get(state.client_id))
            changes: dict[str, object] = {"next_check_at": after}
            if nudged:
                changes["last_nudged_at"] = now
                sent += 1
            NudgeState.objects.filter(pk=state.pk).update(**changes)
    return sent
