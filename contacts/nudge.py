"""The isolation nudge: after ISOLATION_NUDGE_DAYS without contact, once per quiet spell, a
gentle message to the client naming two or three people they could call.

A spell begins on the (local) day of the last contact; with none ever, on the day the circle
began. The nudge is due at 09:00 local time on the Nth day after, and is only sent in the
daytime (09:00 to 21:00 local): nobody should be woken by it.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext, ngettext

from accounts.models import User
from alerts.services import notify_client
from circle.models import Membership
from contacts import services
from contacts.models import NudgeState

KIND = "isolation_nudge"  # the lead adds it to Alert.Kind's choices
DAY_STARTS = time(9, 0)
DAY_ENDS = time(21, 0)
LEASE = timedelta(minutes=10)
RECHECK = timedelta(days=1)
# Small batches: the alert loop runs this between missed-check-in sweeps, which must stay quick.
BATCH = 25
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


def check(client: User, now: datetime) -> tuple[datetime, bool]:
    """Nudges the client if a nudge is due; returns when to look again and whether it did."""
    people = [m for m, _ in services.last_contact_by_person(client, now)]
    if not people:
        return now + RECHECK, False
    start = services.last_contact_at(client, now) or min(m.created_at for m in people)
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
        Membership.objects.filter(status=Membership.Status.ACTIVE, client__nudge_state=None)
        .values_list("client_id", flat=True)
        .distinct()[:limit]
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
        "pk", "next_check_at"
    )[:limit]
    sent = 0
    for pk, old in list(due):
        if not NudgeState.objects.filter(pk=pk, next_check_at=old).update(
            next_check_at=now + LEASE
        ):
            continue  # another loop has it
        state = NudgeState.objects.select_related("client").get(pk=pk)
        after, nudged = check(state.client, now)
        changes: dict[str, object] = {"next_check_at": after}
        if nudged:
            changes["last_nudged_at"] = now
            sent += 1
        NudgeState.objects.filter(pk=pk).update(**changes)
    return sent
