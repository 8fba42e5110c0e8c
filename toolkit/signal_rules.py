"""The craving tool's input to the warning signals: one rule, added to
`registry.signal_rules` when the app is ready (toolkit/apps.py), so the signals app needs no
change to run it.

- concern: a use of the craving tool in the last 24 hours ended with the craving still
  strong (at or above the craving_high threshold the check-in rules use), or with a use;
- watch: the tool was used often (3 times within 3 days, by default).
Thresholds can be tuned in SIGNAL_THRESHOLDS like the other rules'.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from signals.rules import BatchInput, Context, Finding, Rule, threshold
from toolkit.models import CravingSession, Outcome

DEFAULTS: dict[str, float] = {
    "craving_tool_uses": 3,  # uses of the craving tool ...
    "craving_tool_days": 3,  # ... within this many days, for "watch"
}


def tool_threshold(name: str) -> float:
    return float(getattr(settings, "SIGNAL_THRESHOLDS", {}).get(name, DEFAULTS[name]))


def still_strong(session: CravingSession) -> bool:
    if session.outcome in (Outcome.USED, Outcome.STRONG):
        return True
    return session.craving_end is not None and session.craving_end >= threshold("craving_high")


SESSIONS = "craving_tool_sessions"


def recent_sessions(client_ids: list[int], now: datetime) -> dict[int, list[CravingSession]]:
    """Each client's uses of the craving tool in the rule's window, newest first: one query
    for a whole evaluation batch."""
    found: dict[int, list[CravingSession]] = {pk: [] for pk in client_ids}
    days = tool_threshold("craving_tool_days")
    for session in CravingSession.objects.filter(
        client_id__any_of=client_ids,
        started_at__gt=now - timedelta(days=days),
        started_at__lte=now,
    ).order_by("-started_at"):
        found[session.client_id].append(session)
    return found


SESSIONS_INPUT = BatchInput(SESSIONS, recent_sessions)


def craving_tool(ctx: Context) -> Finding | None:
    days = tool_threshold("craving_tool_days")
    sessions: list[CravingSession] = ctx.input(
        SESSIONS, lambda: recent_sessions([ctx.client.pk], ctx.now)[ctx.client.pk]
    )
    recent_end = ctx.now - timedelta(hours=24)
    strong = [s for s in sessions if s.ended_at and s.ended_at >= recent_end and still_strong(s)]
    if strong:
        last = strong[0]
        return Finding(
            "concern",
            gettext_lazy("A craving was still strong after the craving tool"),
            lambda: (
                _(
                    "You used the craving tool at %(time)s; at the end you rated the craving "
                    "%(end)s of 10 (%(start)s at the start) and said: %(outcome)s. The "
                    "strategies and people in your plan are here for the next hour."
                )
                % {
                    "time": f"{last.started_at.astimezone(ctx.client.zone):%H:%M}",
                    "end": last.craving_end,
                    "start": last.craving_start,
                    "outcome": Outcome(last.outcome).label.lower(),
                }
            ),
            trigger_kinds=() if last.trigger_id else ("",),
            trigger_ids=(last.trigger_id,) if last.trigger_id else (),
        )
    if len(sessions) >= tool_threshold("craving_tool_uses"):
        starts = ", ".join(str(s.craving_start) for s in sessions)
        return Finding(
            "watch",
            gettext_lazy("Cravings have been coming often"),
            lambda: (
                _(
                    "You opened the craving tool %(count)d times in the last %(days)d days "
                    "(cravings at the start: %(starts)s, newest first)."
                )
                % {"count": len(sessions), "days": days, "starts": starts}
            ),
            trigger_kinds=("",),
        )
    return None


CRAVING_TOOL_RULE = Rule("craving_tool", craving_tool)
