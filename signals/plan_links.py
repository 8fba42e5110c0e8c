"""What signals take from the client's own plan: the escalation ladder, the coping strategies
and people to show beside a signal, and the plan-based rules (a coming high-risk date, daily
commitments not kept)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.models import User
from plans.content import PlanContent
from plans.models import PlanVersion
from plans.services import content_of, ladder_for, occurrences, people_of
from recoverycircle.humane import dated
from signals.rules import Context, Finding, Rule

if TYPE_CHECKING:
    from checkins.services import CommitmentProgress

WEEK_DAYS = 7

COMING_DATE_DAYS = 3  # a high-risk date is flagged this many days ahead


@dataclass(frozen=True)
class Step:
    membership_ids: list[int]
    channels: list[str]
    delay_minutes: int


def ladder(client: User) -> dict[str, Step]:
    return {
        level: Step(
            list(step["membership_ids"]), list(step["channels"]), int(step["delay_minutes"])
        )
        for level, step in ladder_for(client).items()
    }


def coping_for(
    content: PlanContent, kinds: tuple[str, ...], trigger_ids: tuple[str, ...]
) -> list[str]:
    """Coping strategies that answer the triggers a signal is about; "" in kinds = any."""
    wanted = set(trigger_ids) | {t.id for t in content.triggers if t.kind in kinds}
    if "" in kinds or not wanted:
        matching = list(content.coping)
    else:
        matching = [c for c in content.coping if wanted & set(c.trigger_ids)]
    return [c.label for c in (matching or list(content.coping))][:4]


def support_for(client: User, finding: Finding) -> tuple[list[str], list[str]]:
    """(coping strategies, people) from the client's own plan for this finding."""
    content = content_of(client)
    coping = coping_for(content, finding.trigger_kinds, finding.trigger_ids)
    people = [p.name for p in people_of(client, content) if not p.paused][:3]
    return coping, people


def next_occurrence(value: str, today: date) -> date | None:
    """A plan date is "MM-DD" (every year, e.g. an anniversary) or "YYYY-MM-DD" (once): the
    first day it falls on from today (None: gone by). The days are the plan page's own, so
    29 February is 28 February in a common year there and here alike."""
    try:
        return min((d for d in occurrences(value, today.year) if d >= today), default=None)
    except ValueError:
        return None  # not a date the plan accepts


def plan_of(ctx: Context) -> PlanContent:
    return ctx.input(PLAN, lambda: content_of(ctx.client))


PLAN = "plan"


def high_risk_date(ctx: Context) -> Finding | None:
    coming = []
    for trigger in plan_of(ctx).triggers:
        when = next_occurrence(trigger.date, ctx.today) if trigger.date else None
        if when is not None and (when - ctx.today).days <= COMING_DATE_DAYS:
            coming.append((when, trigger))
    if not coming:
        return None
    # The nearest date, whatever the plan's order: one today matters more than one in 3 days.
    when, trigger = min(coming, key=lambda found: found[0])
    days = (when - ctx.today).days

    def words() -> dict[str, str]:
        if days == 0:
            soon = _("today")
        elif days == 1:
            soon = _("tomorrow")
        else:
            soon = ngettext("in %(days)d day", "in %(days)d days", days) % {"days": days}
        return {"day": dated(when, "day_month"), "trigger": trigger.label, "when": soon}

    return Finding(
        "watch",
        lambda: _("A hard date is coming: %(trigger)s") % {"trigger": trigger.label},
        lambda: (
            _(
                "Your plan marks %(day)s (%(trigger)s) as a high-risk date; it is %(when)s. "
                "Planning the day ahead, and who you will be with, helps."
            )
            % words()
        ),
        trigger_ids=(trigger.id,),
    )


def commitment_ids_at(client: User, moment: datetime) -> set[str]:
    """The ids of the commitments the plan held at `moment` (none before the first version)."""
    stored = (
        PlanVersion.objects.filter(plan__client=client, created_at__lte=moment)
        .order_by("-number")
        .values_list("content", flat=True)
        .first()
    )
    items = stored.get("commitments") if isinstance(stored, dict) else None
    return {str(c.get("id")) for c in items or [] if isinstance(c, dict)}


def kept_words(progress: CommitmentProgress) -> str:
    words = {"label": progress.label, "kept": progress.kept, "frequency": progress.frequency}
    if progress.daily:
        return (
            _('Your plan says "%(label)s" daily; you kept it on %(kept)d of the last 7 days.')
            % words
        )
    return _('Your plan says "%(label)s" %(frequency)s; the last 7 days show %(kept)d.') % words


def commitments_skipped(ctx: Context) -> Finding | None:
    """Commitments kept in the last 7 days (ticked in the check-in; for meetings, also the
    meetings attended) against their weekly target: under half of it for a commitment the
    plan held all week, with a week of check-ins to tell, is worth a look."""
    # checkins.services asks signals for an evaluation on every check-in: imported here.
    from checkins.services import commitment_progress

    if not ctx.checkins:
        return None
    week_start = ctx.today - timedelta(days=WEEK_DAYS - 1)
    if min(ctx.checkins) > week_start:
        return None  # not a full week of check-ins yet
    commitments = plan_of(ctx).commitments
    if not commitments:
        return None
    # A commitment added during the week has not had a full week yet.
    since = datetime.combine(week_start, time.min, tzinfo=ctx.client.zone)
    held = commitment_ids_at(ctx.client, since)
    commitments = [c for c in commitments if c.id in held]
    if not commitments:
        return None
    progress = commitment_progress(ctx.client, ctx.today, commitments, ctx.checkins.values())
    short = [p for p in progress if p.under_half]
    if not short:
        return None
    return Finding(
        "watch",
        lambda: (
            _("Fewer than you planned: %(label)s") % {"label": short[0].label}
            if len(short) == 1
            else _("Fewer than you planned: %(count)d of your commitments") % {"count": len(short)}
        ),
        lambda: " ".join(
            [
                *(kept_words(p) for p in short),
                _("A hard week happens; your plan and your people can help you pick it up again."),
            ]
        ),
        trigger_kinds=("",),
    )


HIGH_RISK_DATE = Rule("high_risk_date", high_risk_date)
COMMITMENTS_SKIPPED = Rule("commitments_skipped", commitments_skipped)
