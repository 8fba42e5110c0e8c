"""What signals take from the client's own plan: the escalation ladder, the coping strategies
and people to show beside a signal, and the plan-based rules (a coming high-risk date, daily
commitments not kept)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from accounts.models import User
from checkins.models import CheckIn
from plans.content import PlanContent
from plans.services import content_of, ladder_for, people_of
from signals.rules import Context, Finding, Rule

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
    """A plan date is "MM-DD" (every year, e.g. an anniversary) or "YYYY-MM-DD" (once)."""
    try:
        if len(value) == 5:
            month, day = int(value[:2]), int(value[3:])
            this_year = date(today.year, month, day)
            return this_year if this_year >= today else date(today.year + 1, month, day)
        return date.fromisoformat(value)
    except ValueError:
        return None  # 29 February in a year without it: no occurrence to warn about


def high_risk_date(ctx: Context) -> Finding | None:
    content = content_of(ctx.client)
    for trigger in content.triggers:
        when = next_occurrence(trigger.date, ctx.today) if trigger.date else None
        if when is not None and 0 <= (when - ctx.today).days <= COMING_DATE_DAYS:
            days = (when - ctx.today).days
            soon = "today" if days == 0 else "tomorrow" if days == 1 else f"in {days} days"
            return Finding(
                "watch",
                f"A hard date is coming: {trigger.label}",
                f"Your plan marks {when:%-d %B} ({trigger.label}) as a high-risk date; it is "
                f"{soon}. Planning the day ahead, and who you will be with, helps.",
                trigger_ids=(trigger.id,),
            )
    return None


def commitments_skipped(ctx: Context) -> Finding | None:
    """Meetings kept in the last 7 days against the plan's weekly meeting commitments."""
    content = content_of(ctx.client)
    weekly = [
        c
        for c in content.commitments
        if "meeting" in c.label.lower() and (c.times_per_week or c.daily)
    ]
    if not weekly or not ctx.checkins:
        return None
    wanted = max(7 if c.daily else (c.times_per_week or 0) for c in weekly)
    week = [ctx.today - timedelta(days=n) for n in range(7)]
    kept = CheckIn.objects.filter(
        client=ctx.client, local_date__in=week, meeting_attended=True
    ).count()
    if min(ctx.checkins) > week[-1] or kept * 2 >= wanted:
        return None  # not a full week of check-ins yet, or at least half kept
    return Finding(
        "watch",
        "Fewer meetings than you planned",
        f"Your plan says meetings {wanted} times a week; your check-ins show {kept} in the "
        "last 7 days.",
        trigger_kinds=("",),
    )


def extra_rules() -> list[Rule]:
    return [
        Rule("high_risk_date", high_risk_date),
        Rule("commitments_skipped", commitments_skipped),
    ]
