"""The alert loop's evaluations, many clients at a time.

A batch of due evaluations is claimed with one conditional UPDATE (a lease, as one claim is:
two loops never claim the same client), and everything the rules read is read for the whole
batch in a fixed number of set-based queries, whatever its size: check-ins, schedules, plans,
questionnaires, contacts, sobriety counts, the signals of the day. The rules then run in
memory, client by client, exactly as signals.services.evaluate runs them for one client; only
what they find (a signal, an alert) is written per client. Finishing is one UPDATE per next
daily moment (a handful of time zones), which keeps a request made meanwhile.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from typing import Any

from django.db.models import F, Max, OuterRef, Subquery, Window
from django.db.models.functions import RowNumber

from accounts.models import User
from alerts.models import Alert
from alerts.services import Written
from alerts.texts import many_in_every_language
from checkins.models import CheckIn, CheckInSchedule
from circle import members
from measures.models import MeasureResponse
from plans.content import PlanContent
from plans.models import Plan, PlanVersion
from plans.services import without_ended
from recoverycircle import rawsql, registry
from signals import contact_links, measure_links, plan_links, services
from signals.models import EvaluationState, Signal
from signals.rules import Context, Finding
from signals.services import (
    COUNTS,
    EVALUATION_LEASE,
    FAILED_EVALUATION_PAUSE,
    HISTORY_DAYS,
    MAY_BE_MISSED,
    SIGNALLED_TODAY,
    daily_rules_due,
    next_daily_evaluation,
)
from sobriety.services import statuses_of

logger = logging.getLogger(__name__)

BATCH_SIZE = 500
# The content of a client without a plan, shared: the rules only read it.
NO_PLAN = PlanContent()


def evaluate_batch(now: datetime, limit: int = BATCH_SIZE) -> int:
    """Claims up to `limit` due evaluations and runs them; returns how many ran. One client's
    failure is logged and tried again an hour later, as for a single evaluation; a failure to
    read the batch falls back to reading client by client."""
    claimed, lease = claim(now, limit)
    if not claimed:
        return 0
    states = list(EvaluationState.objects.filter(pk__any_of=claimed).select_related("client"))
    daily = {s.client_id for s in states if daily_rules_due(s, now)}
    try:
        contexts = read_batch([s.client for s in states], now, daily)
    except Exception:
        logger.exception("reading %d evaluations at once failed; one by one", len(states))
        contexts = {}
    failed: list[int] = []
    found: list[tuple[EvaluationState, Context, list[tuple[str, Finding]]]] = []
    for state in states:
        try:
            context, pairs = services.findings(
                state.client,
                now,
                daily=state.client_id in daily,
                context=contexts.get(state.client_id),
            )
        except Exception:
            logger.exception("evaluation of client %s failed", state.client_id)
            failed.append(state.pk)
        else:
            found.append((state, context, pairs))
    written = write_all(found)
    done: list[EvaluationState] = []
    for state, context, pairs in found:
        try:
            services.record_all(state.client, pairs, context, now, next(written))
        except Exception:
            logger.exception("evaluation of client %s failed", state.client_id)
            failed.append(state.pk)
        else:
            done.append(state)
    finish(done, failed, daily, lease, now)
    return len(done)


def write_all(
    found: list[tuple[EvaluationState, Context, list[tuple[str, Finding]]]],
) -> Iterator[list[Written] | None]:
    """Each client's findings' words in every language (or None: written when recorded),
    client by client. The words of the whole batch are written together, one language at a
    time (alerts.texts), not language by language for each client in turn."""
    flat = [(f.title, f.explanation) for _state, _context, pairs in found for _code, f in pairs]
    try:
        words = many_in_every_language(flat) if flat else []
    except Exception:
        # One finding's words failed to render: each client's are written on their own,
        # so that only that client's evaluation fails.
        logger.exception("writing the words of %d signals at once failed", len(flat))
        for _found in found:
            yield None
        return
    start = 0
    for _state, _context, pairs in found:
        yield words[start : start + len(pairs)]
        start += len(pairs)


def claim(now: datetime, limit: int) -> tuple[list[int], datetime]:
    """The due evaluations this loop now holds: moved to `lease` by one conditional UPDATE,
    which another loop's claim of the same rows (committed first) makes match nothing."""
    lease = now + EVALUATION_LEASE
    due = list(
        EvaluationState.objects.filter(next_evaluation_at__lte=now)
        .order_by("next_evaluation_at")
        .values_list("pk", flat=True)[:limit]
    )
    return rawsql.claim(EvaluationState, "next_evaluation_at", due, lease, now), lease


def finish(
    done: list[EvaluationState], failed: list[int], daily: set[int], lease: datetime, now: datetime
) -> None:
    """Done: on to each client's next daily pass, unless new data asked for an evaluation
    meanwhile (the lease is gone then). Failed: again in an hour."""
    ran_daily = [s.pk for s in done if s.client_id in daily]
    if ran_daily:
        EvaluationState.objects.filter(pk__any_of=ran_daily).update(daily_rules_at=now)
    by_moment: dict[datetime, list[int]] = defaultdict(list)
    for state in done:
        by_moment[next_daily_evaluation(state.client, now)].append(state.pk)
    for moment, ids in by_moment.items():
        EvaluationState.objects.filter(pk__any_of=ids, next_evaluation_at=lease).update(
            next_evaluation_at=moment
        )
    if failed:
        EvaluationState.objects.filter(pk__any_of=failed).update(
            next_evaluation_at=now + FAILED_EVALUATION_PAUSE
        )


# Reading a batch


def read_batch(clients: list[User], now: datetime, daily: set[int]) -> dict[int, Context]:
    """Each client's Context, with every input the rules and the follow-up read preloaded."""
    today = {c.pk: now.astimezone(c.zone).date() for c in clients}
    ids = list(today)
    schedules = set(
        CheckInSchedule.objects.filter(client_id__any_of=ids, enabled=True).values_list(
            "client_id", flat=True
        )
    )
    checkins = recent_checkins(today)
    earlier = earlier_checkins({i: today[i] for i in ids if i in schedules})
    plans = plans_of(ids)
    scores = latest_scores(ids)
    signalled = signalled_today(today)
    may_be_missed = set(
        Alert.objects.filter(client_id__any_of=ids, kind=Alert.Kind.MISSED_CHECKIN)
        .values_list("client_id", flat=True)
        .distinct()
    )
    counts = statuses_of(today)
    isolated = [c for c in clients if c.pk in daily]
    contact_days = (
        dict(zip(ids_of(isolated), contact_links.days_since_contact(isolated, now), strict=True))
        if isolated
        else {}
    )
    registered = {found.name: found.load(ids, now) for found in registry.signal_inputs}
    contexts = {}
    for client in clients:
        extra: dict[str, Any] = {name: found[client.pk] for name, found in registered.items()}
        extra |= {
            plan_links.PLAN: plans.get(client.pk, NO_PLAN),
            SIGNALLED_TODAY: signalled[client.pk],
            MAY_BE_MISSED: client.pk in may_be_missed,
            COUNTS: counts[client.pk],
        }
        for code in measure_links.INSTRUMENTS:
            extra[f"scores:{code}"] = scores[client.pk, code]
        if client.pk in daily:
            extra[contact_links.DAYS_SINCE_CONTACT] = contact_days[client.pk]
        contexts[client.pk] = Context(
            client=client,
            now=now,
            today=today[client.pk],
            checkins=checkins[client.pk],
            checks_in_daily=client.pk in schedules,
            earlier_checkin=earlier.get(client.pk),
            extra=extra,
        )
    return contexts


def ids_of(clients: list[User]) -> list[int]:
    return [c.pk for c in clients]


def recent_checkins(today: dict[int, date]) -> dict[int, dict[date, CheckIn]]:
    """Each client's check-ins of the HISTORY_DAYS up to their own today."""
    window = timedelta(days=HISTORY_DAYS)
    rows = CheckIn.objects.filter(
        client_id__any_of=list(today),
        local_date__gt=min(today.values()) - window,
        local_date__lte=max(today.values()),
    )
    found: dict[int, dict[date, CheckIn]] = {i: {} for i in today}
    for row in rows:
        if today[row.client_id] - window < row.local_date <= today[row.client_id]:
            found[row.client_id][row.local_date] = row
    return found


def earlier_checkins(today: dict[int, date]) -> dict[int, date]:
    """Each client's latest check-in before their HISTORY_DAYS: one query per distinct today
    (clients in different time zones may be a day apart)."""
    by_day: dict[date, list[int]] = defaultdict(list)
    for client_id, day in today.items():
        by_day[day].append(client_id)
    found: dict[int, date] = {}
    for day, ids in by_day.items():
        rows = (
            CheckIn.objects.filter(
                client_id__any_of=ids, local_date__lte=day - timedelta(days=HISTORY_DAYS)
            )
            .values("client_id")
            .annotate(latest=Max("local_date"))
            .values_list("client_id", "latest")
        )
        found.update(rows)
    return found


def plans_of(ids: list[int]) -> dict[int, PlanContent]:
    """Each plan's current content as it applies today (without people who left)."""
    latest = PlanVersion.objects.filter(plan=OuterRef("pk")).order_by("-number")
    stored = Plan.objects.filter(client_id__any_of=ids).annotate(
        content=Subquery(latest.values("content")[:1])
    )
    open_ids = members.open_ids_of(ids)
    return {
        client_id: without_ended(PlanContent.model_validate(content), open_ids[client_id])
        for client_id, content in stored.values_list("client_id", "content")
        if content is not None
    }


def latest_scores(ids: list[int]) -> dict[tuple[int, str], list[dict[str, Any]]]:
    """The scores of each client's latest answers (newest first) to each questionnaire the
    rules read, ranked in the database."""
    ranked = (
        MeasureResponse.objects.filter(
            client_id__any_of=ids, instrument__in=measure_links.INSTRUMENTS
        )
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=[F("client_id"), F("instrument")],
                order_by=[F("created_at").desc(), F("id").desc()],
            )
        )
        .filter(rank__lte=measure_links.BASELINE_RESPONSES + 1)
        .order_by("client_id", "instrument", "rank")
    )
    found: dict[tuple[int, str], list[dict[str, Any]]] = defaultdict(list)
    for client_id, code, scores in ranked.values_list("client_id", "instrument", "scores"):
        found[client_id, code].append(scores or {})
    return found


def signalled_today(today: dict[int, date]) -> dict[int, set[str]]:
    """The rules that fired today for each client (a rule fires once a day)."""
    found: dict[int, set[str]] = defaultdict(set)
    for client_id, rule, day in Signal.objects.filter(
        client_id__any_of=list(today), local_date__in=set(today.values())
    ).values_list("client_id", "rule", "local_date"):
        if day == today[client_id]:
            found[client_id].add(rule)
    return found
