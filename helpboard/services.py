"""The help board: a client (or a supporter for them) posts a need, supporters with the help
scope claim single occurrences, mark them done, and the client thanks them.

Every read of a need by someone other than its client goes through `circle.policy.read` with
the help scope, which decides and logs. Claims are decided by a conditional UPDATE on the
occurrence row (see helpboard/models.py), never by what a page showed a moment earlier.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accounts.models import User
from calendars.recurrence import last_start
from circle import members
from circle.models import Membership, Scope
from circle.policy import ClientOf, NotVisible, read, supporters_with_scope
from helpboard import notices
from helpboard.models import HelpNeed, HelpOccurrence
from helpboard.occurrences import (
    Repeat,
    Slot,
    build_rrule,
    first_start_on_or_after,
    is_occurrence_of,
    live_needs,
    row_for,
    slots,
)
from recoverycircle.errors import ServiceError

HELP = Scope.HELP
# Routes keyed by a need find its client here (see circle.policy.access_rule).
NEED = ClientOf("need_id", HelpNeed)
MAX_WINDOW = timedelta(hours=24)
MAX_AHEAD = timedelta(days=366)
MAX_SERIES = timedelta(days=2 * 366)
MAX_COUNT = 200
MAX_EVERY_WEEKS = 8


class HelpError(ServiceError):
    """A refused help-board action; the message is shown as it is.

    `status` is 422 for input that cannot be used and 409 for an action that conflicts with
    the state of the need; `field` names the input at fault, when there is one."""

    status = 409


def invalid(message: str, field: str = "") -> HelpError:
    return HelpError(message, field, 422)


def reminder_lead() -> timedelta:
    return timedelta(hours=getattr(settings, "HELP_REMINDER_HOURS", 2))


def unclaimed_lead() -> timedelta:
    return timedelta(hours=getattr(settings, "HELP_UNCLAIMED_HOURS", 24))


def membership_of(client: User, supporter: User) -> list[Membership]:
    return members.active_pair(client, supporter)


# Posting and cancelling


@dataclass
class NeedDraft:
    """A need as typed in. Naive times are the client's wall clock; aware ones are converted."""

    kind: str
    starts_at: datetime
    ends_at: datetime
    title: str = ""
    place: str = ""
    notes: str = ""
    repeat: Repeat | None = None


def local(moment: datetime, zone: ZoneInfo) -> datetime:
    if moment.tzinfo is None:
        # fold=0: a time in the spring-forward gap reads with the offset before the change.
        moment = moment.replace(tzinfo=zone)
    return moment.astimezone(ZoneInfo("UTC"))


def check_repeat(repeat: Repeat, start_local: datetime) -> None:
    if not 1 <= repeat.every_weeks <= MAX_EVERY_WEEKS:
        raise invalid(
            _("Repeat every 1 to %(most)s weeks.") % {"most": MAX_EVERY_WEEKS}, "every_weeks"
        )
    if any(not 0 <= d <= 6 for d in repeat.weekdays):
        raise invalid(_("Pick weekdays from Monday to Sunday."), "weekdays")
    if repeat.until is not None and repeat.count is not None:
        raise invalid(_("Choose an end date or a number of times, not both."), "until")
    if repeat.count is not None and not 1 <= repeat.count <= MAX_COUNT:
        raise invalid(_("Repeat 1 to %(most)s times.") % {"most": MAX_COUNT}, "count")
    if repeat.until is not None:
        if repeat.until < start_local.date():
            raise invalid(_("The end date is before the first date."), "until")
        if repeat.until > start_local.date() + MAX_SERIES:
            raise invalid(_("Repeat for at most two years; you can post it again later."), "until")


def validate(draft: NeedDraft, zone: ZoneInfo, now: datetime) -> tuple[datetime, datetime, str]:
    """The first occurrence's start and end in UTC, and the RRULE ("" for a one-off need)."""
    if draft.kind not in HelpNeed.Kind.values:
        raise invalid(_("Choose what kind of help you need."), "kind")
    for field, value, most in (("title", draft.title, 120), ("place", draft.place, 200)):
        if len(value) > most:
            raise invalid(_("Keep it under %(most)s characters.") % {"most": most}, field)
    if len(draft.notes) > 2000:
        raise invalid(_("Keep the notes under 2000 characters."), "notes")
    start, end = local(draft.starts_at, zone), local(draft.ends_at, zone)
    if end <= start:
        raise invalid(_("The end must be after the start."), "ends_at")
    if end - start > MAX_WINDOW:
        raise invalid(_("A need can last at most a day; post longer ones day by day."), "ends_at")
    if start <= now:
        raise invalid(_("Pick a time that is still ahead."), "starts_at")
    if start > now + MAX_AHEAD:
        raise invalid(_("Pick a time within the next year."), "starts_at")
    if draft.repeat is None:
        return start, end, ""
    check_repeat(draft.repeat, start.astimezone(zone))
    rrule = build_rrule(draft.repeat, start, zone)
    # The first occurrence is the first one the rule makes on or after the chosen date, so a
    # phone (which always counts DTSTART) and this site agree on every occurrence.
    first = first_start_on_or_after(start, rrule, zone.key)
    if first is None:
        raise invalid(_("No day of the repeat falls before its end date."), "until")
    return first, first + (end - start), rrule


@transaction.atomic
def post_need(
    poster: User,
    client_id: int,
    draft: NeedDraft,
    channel: str = "web",
    now: datetime | None = None,
) -> HelpNeed:
    """Posts a need for `client_id`: the client themself, or a supporter with the help scope."""
    client, _ = read(poster, client_id, HELP, gettext_noop("help board (posting a need)"), channel)
    now = now or timezone.now()
    zone = client.zone
    start, end, rrule = validate(draft, zone, now)
    need = HelpNeed.objects.create(
        client=client,
        posted_by=poster,
        kind=draft.kind,
        title=draft.title.strip(),
        place=draft.place.strip(),
        notes=draft.notes.strip(),
        starts_at=start,
        ends_at=end,
        zone=zone.key,
        rrule=rrule,
        last_start=last_start(start, rrule, zone.key),
        materialized_until=now,
        created_at=now,
    )
    others = supporters_with_scope(client, HELP, excluding=poster)
    notices.need_posted(need, poster, Slot(need, start), others)
    return need


def visible_need(viewer: User, need_id: int, channel: str = "web", what: str = "") -> HelpNeed:
    """The need, if the viewer is its client or a supporter with the help scope."""
    need = HelpNeed.objects.select_related("client", "posted_by").filter(pk=need_id).first()
    if need is None:
        raise NotVisible
    read(viewer, need.client_id, HELP, what or gettext_noop("a help need"), channel)
    return need


@transaction.atomic
def cancel_need(viewer: User, need_id: int, channel: str = "web") -> HelpNeed:
    """The client, or the supporter who posted it, takes a need off the board. Whoever had
    offered to help with a coming occurrence is told."""
    need = visible_need(viewer, need_id, channel, gettext_noop("a help need (cancelling)"))
    if viewer.pk not in (need.client_id, need.posted_by_id):
        raise HelpError(
            _("Only %(name)s or whoever posted it can cancel it.") % {"name": need.client},
            status=403,
        )
    now = timezone.now()
    if not HelpNeed.objects.filter(pk=need.pk, cancelled_at=None).update(cancelled_at=now):
        raise HelpError(_("This need was already cancelled."))
    need.cancelled_at = now
    helpers = set(
        HelpOccurrence.objects.filter(need=need, starts_at__gt=now, done_at=None)
        .exclude(claimed_by=None)
        .values_list("claimed_by", flat=True)
    )
    told = [m for m in supporters_with_scope(need.client, HELP) if m.supporter_id in helpers]
    notices.need_cancelled(need, viewer, told)
    return need


# One occurrence: claim, unclaim, done, thank


def occurrence(
    viewer: User, need_id: int, start: datetime | None, channel: str, what: str
) -> HelpOccurrence:
    need = visible_need(viewer, need_id, channel, what)
    if start is None or not is_occurrence_of(need, start):
        raise NotVisible
    return row_for(need, start)


def reload(row: HelpOccurrence) -> HelpOccurrence:
    # refresh_from_db drops the cached need; keep the one already loaded with its client.
    need = row.need
    row.refresh_from_db()
    row.need = need
    return row


def refuse_if_closed(row: HelpOccurrence, now: datetime) -> None:
    if row.need.is_cancelled:
        raise HelpError(_("%(name)s cancelled this need.") % {"name": row.need.client})
    if row.ends_at <= now:
        raise HelpError(_("This one is already over."))


@transaction.atomic
def claim(
    supporter: User, need_id: int, start: datetime | None, channel: str = "web"
) -> HelpOccurrence:
    """The first supporter to offer gets the occurrence; anyone after them is told who has it."""
    row = occurrence(
        supporter, need_id, start, channel, gettext_noop("a help need (offering help)")
    )
    need = row.need
    if need.client_id == supporter.pk:
        raise HelpError(_("This is your own need; your circle can offer to help with it."))
    now = timezone.now()
    refuse_if_closed(row, now)
    won = HelpOccurrence.objects.filter(pk=row.pk, claimed_by=None, done_at=None).update(
        claimed_by=supporter, claimed_at=now, reminded_at=None
    )
    reload(row)
    if won != 1:
        if row.claimed_by_id == supporter.pk:
            return row
        raise HelpError(
            _("%(name)s has already offered to help with this.") % {"name": row.claimed_by}
            if row.claimed_by
            else _("Someone has already offered to help with this.")
        )
    notices.claimed(row, supporter)
    return row


@transaction.atomic
def unclaim(
    supporter: User, need_id: int, start: datetime | None, channel: str = "web"
) -> HelpOccurrence:
    """The claimer can no longer help: the occurrence is open again and the client is told.
    Close to its time, the rest of the circle is asked again at once."""
    row = occurrence(
        supporter, need_id, start, channel, gettext_noop("a help need (withdrawing an offer)")
    )
    need = row.need
    now = timezone.now()
    close = now >= row.starts_at - unclaimed_lead()
    released = HelpOccurrence.objects.filter(pk=row.pk, claimed_by=supporter, done_at=None).update(
        claimed_by=None,
        claimed_at=None,
        reminded_at=None,
        **({"raised_at": now} if close else {}),
    )
    reload(row)
    if not released:
        raise HelpError(_("You have not offered to help with this one."))
    if row.ends_at <= now:
        return row
    notices.released(row, supporter, ask_again=close and not need.is_cancelled)
    return row


@transaction.atomic
def mark_done(
    viewer: User, need_id: int, start: datetime | None, channel: str = "web"
) -> HelpOccurrence:
    """The helper (or the client) says it happened."""
    row = occurrence(viewer, need_id, start, channel, gettext_noop("a help need (marking it done)"))
    need = row.need
    if viewer.pk not in (need.client_id, row.claimed_by_id):
        raise HelpError(_("Only whoever offered to help, or the client, can mark it done."))
    now = timezone.now()
    updated = HelpOccurrence.objects.filter(pk=row.pk, done_at=None).exclude(claimed_by=None)
    if not updated.update(done_at=now):
        reload(row)
        if row.done_at is not None:
            return row
        raise HelpError(_("Nobody has offered to help with this one yet."))
    reload(row)
    if viewer.pk != need.client_id:
        notices.done(row, viewer)
    return row


@transaction.atomic
def thank(
    client: User, need_id: int, start: datetime | None, message: str = "", channel: str = "web"
) -> HelpOccurrence:
    """The client thanks whoever helped, once per occurrence."""
    row = occurrence(client, need_id, start, channel, gettext_noop("a help need (thanking)"))
    need = row.need
    if need.client_id != client.pk:
        raise HelpError(_("Only the person who was helped can say thank you here."), status=403)
    message = message.strip() or _("Thank you!")
    if len(message) > 500:
        raise invalid(_("Keep the note under 500 characters."), "message")
    updated = HelpOccurrence.objects.filter(pk=row.pk, thanked_at=None).exclude(done_at=None)
    if not updated.update(thanked_at=timezone.now(), thanks=message):
        reload(row)
        if row.thanked_at is not None:
            raise HelpError(_("You have already said thank you for this one."))
        raise HelpError(_("Mark it done first; then you can say thank you."))
    reload(row)
    helper = row.claimed_by
    if helper is not None:
        notices.thanked(row, helper, message)
    return row


# When a supporter may no longer help


def may_help(membership: Membership) -> bool:
    return membership.status == Membership.Status.ACTIVE and membership.has_scope(HELP)


@transaction.atomic
def release_claims_of(membership: Membership, now: datetime | None = None) -> list[int]:
    """Called on every membership change (registry.membership_changed, registered
    in helpboard/apps.py): when a membership ends, is paused or loses the help scope, the
    supporter's offers on coming occurrences of that client's needs are withdrawn, so the
    board no longer says they will help; the client is told once, and the circle is asked
    again. Occurrences already begun, done or past are left as they are. Returns the ids of
    the released occurrences."""
    if may_help(membership):
        return []
    now = now or timezone.now()
    mine = HelpOccurrence.objects.filter(
        need__client_id=membership.client_id,
        need__cancelled_at=None,
        claimed_by_id=membership.supporter_id,
        done_at=None,
        starts_at__gt=now,
    )
    rows = list(mine.select_for_update(of=("self",)).order_by("starts_at", "id"))
    if not rows:
        return []
    ids = [row.pk for row in rows]
    mine.filter(pk__in=ids).update(claimed_by=None, claimed_at=None, reminded_at=None)
    # Close to their time they count as raised now, as when a helper withdraws themself.
    close = [row.pk for row in rows if now >= row.starts_at - unclaimed_lead()]
    HelpOccurrence.objects.filter(pk__in=close, raised_at=None).update(raised_at=now)
    rows = list(
        HelpOccurrence.objects.filter(pk__in=ids)
        .select_related("need", "need__client")
        .order_by("starts_at", "id")
    )
    notices.claims_released(membership, rows)
    return ids


def on_membership_changed(membership: Membership) -> None:
    release_claims_of(membership)


# Lists


BOARD_DAYS = 30


def upcoming(client: User, now: datetime | None = None, days: int = BOARD_DAYS) -> list[Slot]:
    """Occurrences of the client's needs from now (those in progress too) for `days` days."""
    now = now or timezone.now()
    needs = live_needs(client, now)
    longest = max((n.duration for n in needs), default=timedelta(0))
    found = slots(needs, now - longest, now + timedelta(days=days))
    return [s for s in found if s.ends_at > now]


def open_needs_list(client: User, now: datetime | None = None) -> list[HelpNeed]:
    return live_needs(client, now or timezone.now())


def history(client: User, limit: int = 50) -> list[HelpOccurrence]:
    """What the circle helped with, newest first."""
    return list(
        HelpOccurrence.objects.filter(need__client=client)
        .exclude(done_at=None)
        .select_related("need", "claimed_by")
        .order_by("-starts_at", "-id")[:limit]
    )


def helpers_tally(client: User) -> list[tuple[User, int]]:
    """Who helped how often (done occurrences), most first."""
    counts = (
        HelpOccurrence.objects.filter(need__client=client)
        .exclude(done_at=None)
        .exclude(claimed_by=None)
        .values("claimed_by")
        .annotate(times=Count("id"))
        .order_by("-times")
    )
    people = User.objects.in_bulk([c["claimed_by"] for c in counts])
    return [(people[c["claimed_by"]], c["times"]) for c in counts if c["claimed_by"] in people]


def claims_of(supporter: User, after: datetime, before: datetime) -> list[HelpOccurrence]:
    """Occurrences this person offered to help with, of clients who still share help."""
    clients = members.clients_sharing(supporter, HELP)
    return list(
        HelpOccurrence.objects.filter(
            claimed_by=supporter,
            need__client_id__in=clients,
            need__cancelled_at=None,
            starts_at__gte=after,
            starts_at__lt=before,
        ).select_related("need", "need__client")
    )
