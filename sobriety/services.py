"""Sobriety: streaks, totals and milestones computed from a start date and the lapses.

A day counts as sober once it is over: on the start date the count is 0 ("day one"), the next
day it is 1. A lapse (one day of use, or several: a period) ends a sober period on its
first day; the next period begins the day after its last, so no day of use counts as sober.
Total sober days add up every period (they are never taken away), and the longest streak is
the longest period. Words matter here: a lapse is part of many recoveries.

Milestones of a count that began after a lapse the client kept to themselves are celebrated
with the client only, never announced: "reached 1 day" would tell the circle of that lapse.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import lru_cache

from django.db import connection
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.models import User
from alerts.models import Alert
from alerts.services import notify_circle
from circle.models import Scope
from plans.services import content_of
from recoverycircle import humane, rawsql
from recoverycircle.errors import ServiceError
from sobriety.models import Lapse, SobrietySettings, SobrietyStart

# Days at which a streak is celebrated; after a year, every further year.
MILESTONES = (1, 7, 14, 30, 60, 90, 180, 270, 365)
YEAR = 365
# A milestone is celebrated on the client's home, and announced to the circle, while it is
# this fresh. Setting a start date years back celebrates the latest milestone only if it was
# reached in this window, so old milestones are never announced as news.
FRESH_DAYS = 7


class SobrietyError(ServiceError):
    """A sobriety change that cannot be made; the message says why, kindly."""


def today_of(client: User, now: datetime | None = None) -> date:
    return (now or timezone.now()).astimezone(client.zone).date()


# Milestones


def milestones_up_to(days: int) -> list[int]:
    """Every milestone of at most `days` days, in order."""
    found = [m for m in MILESTONES if m <= days]
    year = 2 * YEAR
    while year <= days:
        found.append(year)
        year += YEAR
    return found


def next_milestone(days: int) -> int:
    """The first milestone strictly after `days` days."""
    for m in MILESTONES:
        if m > days:
            return m
    return (days // YEAR + 1) * YEAR


def milestone_label(days: int) -> str:
    if days % YEAR == 0:
        years = days // YEAR
        return ngettext("%(n)d year", "%(n)d years", years) % {"n": years}
    if days in (7, 14):
        weeks = days // 7
        return ngettext("%(n)d week", "%(n)d weeks", weeks) % {"n": weeks}
    return ngettext("%(n)d day", "%(n)d days", days) % {"n": days}


# Streaks


@dataclass(frozen=True)
class LapseSpan:
    """What counting needs of a lapse: its days of use (`first` to `last`, both included),
    which lapse, and whether the client shared it with their circle."""

    first: date
    last: date
    id: int
    shared: bool = False


@dataclass(frozen=True)
class Period:
    """A run of sober days from `start` up to (not including) `end`, or up to today."""

    start: date
    end: date | None
    began_after: LapseSpan | None  # the lapse that came before this period, if any

    def days(self, today: date) -> int:
        return max(0, ((self.end or today) - self.start).days)


def counted(start_date: date, lapses: Iterable[LapseSpan], today: date) -> list[LapseSpan]:
    """The lapses that touch the count from `start_date` up to today, in order."""
    return sorted(
        (lapse for lapse in lapses if lapse.last >= start_date and lapse.first <= today),
        key=lambda lapse: (lapse.first, lapse.last, lapse.id),
    )


def periods(start_date: date, lapses: Iterable[LapseSpan], today: date) -> list[Period]:
    """The sober periods since `start_date`: each lapse ends one on its first day of use,
    and the next begins the day after its last (lapses may overlap: written down twice)."""
    found: list[Period] = []
    begin: date = start_date
    after: LapseSpan | None = None
    for lapse in counted(start_date, lapses, today):
        found.append(Period(begin, lapse.first, after))
        if lapse.last + timedelta(days=1) >= begin:
            begin, after = lapse.last + timedelta(days=1), lapse
    found.append(Period(begin, None, after))
    return found


@dataclass(frozen=True)
class Milestone:
    days: int
    reached_on: date

    @property
    def label(self) -> str:
        return milestone_label(self.days)


@dataclass(frozen=True)
class Status:
    """Where one sobriety count stands on `today` (the client's local day)."""

    start: SobrietyStart
    today: date
    current_start: date
    current_streak: int
    total_sober_days: int
    longest_streak: int
    lapse_count: int
    period_key: str
    reached: list[Milestone] = field(default_factory=list)
    # The current count began after a lapse the client kept to themselves: announcing its
    # milestones ("reached 1 day") would tell the circle of that lapse.
    after_private_lapse: bool = False

    @property
    def next_milestone(self) -> Milestone:
        days = next_milestone(self.current_streak)
        return Milestone(days, self.current_start + timedelta(days=days))

    @property
    def days_to_next(self) -> int:
        return (self.next_milestone.reached_on - self.today).days

    @property
    def next_words(self) -> str:
        """ "Next: 1 week, in 3 days", and "Next: 1 day, tomorrow" (not "1 day in 1 day")."""
        label = self.next_milestone.label
        if self.days_to_next == 1:
            return _("Next: %(milestone)s, tomorrow") % {"milestone": label}
        return ngettext(
            "Next: %(milestone)s, in %(days)d day",
            "Next: %(milestone)s, in %(days)d days",
            self.days_to_next,
        ) % {"milestone": label, "days": self.days_to_next}

    @property
    def fresh_milestone(self) -> Milestone | None:
        """The latest milestone of this period, while it is still news."""
        if not self.reached:
            return None
        latest = self.reached[-1]
        return latest if (self.today - latest.reached_on).days <= FRESH_DAYS else None

    @property
    def starts_tomorrow(self) -> bool:
        return self.current_start > self.today


def status_of(start: SobrietyStart, lapses: Iterable[LapseSpan], today: date) -> Status:
    lapses = counted(start.start_date, lapses, today)
    found = periods(start.start_date, lapses, today)
    current = found[-1]
    streak = current.days(today)
    after = current.began_after
    return Status(
        start=start,
        today=today,
        current_start=current.start,
        current_streak=streak,
        total_sober_days=sum(p.days(today) for p in found),
        longest_streak=max(p.days(today) for p in found),
        lapse_count=len(lapses),
        period_key=f"{start.pk}.{after.id if after else 0}",
        reached=[Milestone(d, current.start + timedelta(days=d)) for d in milestones_up_to(streak)],
        after_private_lapse=after is not None and not after.shared,
    )


def statuses(client: User, today: date | None = None) -> list[Status]:
    """The client's counts, one per sobriety date, in the dates' own order."""
    return statuses_of({client.pk: today or today_of(client)})[client.pk]


def statuses_of(today_by_client: dict[int, date]) -> dict[int, list[Status]]:
    """Every count of many clients (each on their own day) in one statement: the alert loop
    evaluates clients in batches."""
    width = len(rawsql.field_names(SobrietyStart))
    found: dict[int, tuple[SobrietyStart, list[LapseSpan]]] = {}
    with connection.cursor() as cursor:
        cursor.execute(starts_with_lapses_sql(len(today_by_client)), list(today_by_client))
        for row in cursor.fetchall():
            start_id, (lapse_id, first, last, shared) = row[0], row[width : width + 4]
            if start_id not in found:
                found[start_id] = (rawsql.instance(SobrietyStart, row[:width]), [])
            if lapse_id is not None:
                found[start_id][1].append(
                    LapseSpan(
                        rawsql.converted(Lapse, "date", first),
                        rawsql.converted(Lapse, "end_date", last),
                        lapse_id,
                        bool(rawsql.converted(Lapse, "told_circle", shared)),
                    )
                )
    counts: dict[int, list[Status]] = {client_id: [] for client_id in today_by_client}
    for start, lapses in found.values():
        counts[start.client_id].append(status_of(start, lapses, today_by_client[start.client_id]))
    return counts


LAPSE_SPAN_FIELDS = ("id", "date", "end_date", "told_circle")


@lru_cache(maxsize=32)
def starts_with_lapses_sql(clients: int = 1) -> str:
    """Each sobriety date of `clients` clients with its lapses (newest first), in one
    statement: it runs in every evaluation a check-in asks for and on the client's home (see
    recoverycircle.rawsql)."""
    start_id, lapse = rawsql.column(SobrietyStart, "id"), rawsql.column(Lapse, "start")
    order = ", ".join(f"s.{rawsql.column(SobrietyStart, name)}" for name in ("substance", "id"))
    lapse_order = ", ".join(f"l.{rawsql.column(Lapse, name)} DESC" for name in ("date", "id"))
    spans = ", ".join(f"l.{rawsql.column(Lapse, name)}" for name in LAPSE_SPAN_FIELDS)
    client = rawsql.column(SobrietyStart, "client")
    # Names come from the models' metadata; every value is a parameter.
    return (
        f"SELECT {rawsql.column_list(SobrietyStart, 's')}, {spans} "  # noqa: S608
        f"FROM {rawsql.table(SobrietyStart)} s "
        f"LEFT JOIN {rawsql.table(Lapse)} l ON l.{lapse} = s.{start_id} "
        f"WHERE s.{client} IN ({', '.join(['%s'] * clients)}) "
        f"ORDER BY s.{client}, {order}, {lapse_order}"
    )


# Milestone announcements


def milestone_key(client: User, status: Status, days: int) -> str:
    return f"milestone:{client.pk}:{status.period_key}:{days}"


def detect_milestones(
    client: User, today: date | None = None, found: list[Status] | None = None
) -> list[Status]:
    """All of the client's counts. Each fresh milestone among them is announced once to the
    supporters with the sobriety scope, when the client allows it. Run on the client's home
    and by each evaluation of the client (after a check-in, and the daily pass); the alert's
    dedupe key makes a second run do nothing (`found`: the counts, read already). A count
    that began after a lapse the client kept to themselves is not announced: "reached 1 day"
    would tell of that lapse."""
    found = statuses(client, today) if found is None else found
    fresh = [s for s in found if s.fresh_milestone is not None and not s.after_private_lapse]
    if fresh and settings_of(client).announce_milestones:
        for status in fresh:
            announce(client, status)
    return found


def announce(client: User, status: Status) -> Alert | None:
    milestone = status.fresh_milestone
    assert milestone is not None
    key = milestone_key(client, status, milestone.days)
    if Alert.objects.filter(dedupe_key=key).exists():
        return None
    return notify_circle(
        client,
        Alert.Kind.MILESTONE,
        lambda: milestone_subject(client, status.start, milestone),
        body=lambda: milestone_body(client, status.start, milestone),
        link=reverse("circle:supporting", args=[client.pk]),
        scope=Scope.SOBRIETY,
        dedupe_key=key,
    )


def milestone_subject(client: User, start: SobrietyStart, milestone: Milestone) -> str:
    """ "Sam reached 1 week of sobriety", "Sam reached 30 days free from alcohol"."""
    words = {"name": client, "milestone": milestone.label, "substance": start.substance}
    if start.substance:
        return _("%(name)s reached %(milestone)s free from %(substance)s") % words
    return _("%(name)s reached %(milestone)s of sobriety") % words


def milestone_body(client: User, start: SobrietyStart, milestone: Milestone) -> str:
    words = {
        "name": client,
        "milestone": milestone.label,
        "substance": start.substance,
        "day": day_words(milestone.reached_on),
    }
    if start.substance:
        return (
            _(
                "%(name)s reached %(milestone)s free from %(substance)s on %(day)s and wanted you "
                "to know. A few warm words mean a lot on a day like this."
            )
            % words
        )
    return (
        _(
            "%(name)s reached %(milestone)s of sobriety on %(day)s and wanted you to know. A few "
            "warm words mean a lot on a day like this."
        )
        % words
    )


def day_words(day: date) -> str:
    """ "Tuesday 1 December" ("martes 1 de diciembre")."""
    return humane.weekday(day)


# Start dates and settings


def settings_of(client: User) -> SobrietySettings:
    """The client's settings; an unsaved default until they save some."""
    found = SobrietySettings.objects.filter(client=client).first()
    return found or SobrietySettings(client=client)


def save_settings(client: User, announce_milestones: bool) -> SobrietySettings:
    found, _created = SobrietySettings.objects.update_or_create(
        client=client, defaults={"announce_milestones": announce_milestones}
    )
    return found


def lapse_plan_of(client: User) -> list[str]:
    """The steps of the client's one lapse plan: the lapse plan section of their relapse
    prevention plan (what to do in the first hours after a slip)."""
    return content_of(client).lapse_plan


def lapse_plan_edit_url() -> str:
    return reverse("plans:edit", args=["lapse_plan"])


def set_start(
    client: User, start_date: date, substance: str = "", now: datetime | None = None
) -> SobrietyStart:
    """Sets (or corrects) the start date of the overall count or of one substance's count."""
    now = now or timezone.now()
    if start_date > today_of(client, now):
        raise SobrietyError(_("The start date can't be in the future."), "start_date")
    substance = " ".join(substance.split())
    if len(substance) > 60:
        raise SobrietyError(_("Please keep the name under 60 characters."), "substance")
    found, _created = SobrietyStart.objects.update_or_create(
        client=client,
        substance=substance,
        defaults={"start_date": start_date, "updated_at": now},
        create_defaults={"start_date": start_date, "created_at": now, "updated_at": now},
    )
    return found


def own_start(client: User, start_id: int) -> SobrietyStart:
    found = SobrietyStart.objects.filter(client=client, pk=start_id).first()
    if found is None:
        raise SobrietyStart.DoesNotExist
    return found


def remove_start(client: User, start_id: int) -> None:
    own_start(client, start_id).delete()


def default_start(client: User) -> SobrietyStart | None:
    """The count a lapse belongs to when the client did not choose: overall, else the first."""
    return SobrietyStart.objects.filter(client=client).order_by("substance", "id").first()
