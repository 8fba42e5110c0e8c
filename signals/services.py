"""Evaluating the rules, recording signals, acknowledgement, and the escalation ladder."""

from __future__ import annotations

import logging
from datetime import UTC, date, datetime, time, timedelta
from functools import cache

from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from alerts.models import Alert
from alerts.services import Written, checked_in_again, notify_circle, notify_client
from alerts.texts import in_every_language, many_in_every_language
from checkins.models import CheckIn, CheckInSchedule
from circle import members
from circle.models import Scope
from circle.policy import NotVisible
from recoverycircle import rawsql, registry
from recoverycircle.errors import ServiceError
from signals import plan_links
from signals.models import EvaluationState, Level, Signal
from signals.rules import Context, Finding
from sobriety.services import detect_milestones

logger = logging.getLogger(__name__)

HISTORY_DAYS = 14
# How long a worker's claim on an evaluation holds before another worker may run it again.
EVALUATION_LEASE = timedelta(minutes=5)
# After an evaluation failed with an error (logged), when it is tried again.
FAILED_EVALUATION_PAUSE = timedelta(hours=1)
# Time-based rules (missed days, a coming high-risk date, isolation) run once a day at this
# local time, when a nudge is most useful and least intrusive.
DAILY_EVALUATION = time(9, 0)


class SignalError(ServiceError):
    """A refused signal action (acknowledged already); the message is shown as it is."""

    status = 409


def build_context(client: User, now: datetime) -> Context:
    today = now.astimezone(client.zone).date()
    rows = CheckIn.objects.filter(
        client=client,
        local_date__gt=today - timedelta(days=HISTORY_DAYS),
        local_date__lte=today,
    )
    daily = CheckInSchedule.objects.filter(client=client, enabled=True).exists()
    checkins = {c.local_date: c for c in rows}
    return Context(
        client=client,
        now=now,
        today=today,
        checkins=checkins,
        checks_in_daily=daily,
        earlier_checkin=latest_checkin_before(client, today) if daily else None,
    )


def latest_checkin_before(client: User, today: date) -> date | None:
    """The latest check-in before the days the rules read: the missed check-in rule counts a
    silence from it, however long, and counts the last 7 days as missed after it."""
    return (
        CheckIn.objects.filter(client=client, local_date__lte=today - timedelta(days=HISTORY_DAYS))
        .order_by("-local_date")
        .values_list("local_date", flat=True)
        .first()
    )


# Inputs signals.batch preloads for many clients at once (see Context.input).
SIGNALLED_TODAY = "signalled_today"  # the rules that fired today already
MAY_BE_MISSED = "may_be_missed"  # whether a missed check-in alert was ever raised
COUNTS = "sobriety_counts"


def evaluate(
    client: User,
    now: datetime | None = None,
    daily: bool = True,
    context: Context | None = None,
) -> list[Signal]:
    """Follows up on new check-ins, then runs the rules for the client (the daily ones too
    when `daily`); returns the signals that are new today. `context`: read already (the
    alert loop reads many clients' at once, signals.batch)."""
    now = now or timezone.now()
    context, found = findings(client, now, daily, context)
    written = many_in_every_language([(f.title, f.explanation) for _code, f in found])
    return record_all(client, found, context, now, written)


def findings(
    client: User, now: datetime, daily: bool = True, context: Context | None = None
) -> tuple[Context, list[tuple[str, Finding]]]:
    """The follow-up, then what the rules find that has not fired today: (rule, finding),
    with words not written yet (a Finding's texts are rendered in every language when it is
    recorded, so the signal reads in whatever language its reader reads)."""
    context = context or build_context(client, now)
    follow_up(client, context)
    signalled: set[str] = context.extra.get(SIGNALLED_TODAY, set())
    found = []
    for rule in registry.signal_rules:
        if (rule.daily and not daily) or rule.code in signalled:
            continue
        finding = rule.check(context)
        if finding is not None:
            found.append((rule.code, finding))
    return context, found


def record_all(
    client: User,
    found: list[tuple[str, Finding]],
    context: Context,
    now: datetime,
    written: list[Written] | None = None,
) -> list[Signal]:
    """Records the findings, each with its words in every language (`written`, in order;
    None: written here, one by one)."""
    fired = []
    for index, (code, finding) in enumerate(found):
        words = written[index] if written is not None else None
        signal = record(client, code, finding, context, now, words)
        if signal is not None:
            fired.append(signal)
    return fired


def follow_up(client: User, context: Context) -> None:
    """What check-ins lead to beyond the rules. A check-in's request only asks for this
    evaluation (in the check-in's own transaction, so nothing is lost) to stay short:
    - "checked in again" to the people told of a missed check-in, once;
    - fresh sobriety milestones. They depend on the date alone, so the daily pass announces
      one even on a day without a check-in; each is announced once (its dedupe key).
    Both look at the state, not at one event: an evaluation cut short catches up next time."""
    if context.extra.get(MAY_BE_MISSED, True):
        checked_in_again(client, context.checkins.values())
    detect_milestones(client, context.today, context.extra.get(COUNTS))


def record(
    client: User,
    rule: str,
    finding: Finding,
    context: Context,
    now: datetime,
    written: Written | None = None,
) -> Signal | None:
    """Stores a new signal (once per rule and day), tells the client first, and sets when
    the ladder tells the circle if the client has not acknowledged it by then. `written`:
    the finding's words in every language, when written already (for a whole batch)."""
    title, explanation, texts = written or in_every_language(finding.title, finding.explanation)
    try:
        # The signal and the client's notification of it, together or not at all: a signal
        # left without one would never be told (it fires once per rule and day).
        with transaction.atomic():
            signal = Signal.objects.create(
                client=client,
                rule=rule,
                level=finding.level,
                title=title,
                explanation=explanation,
                texts=texts,
                local_date=context.today,
                fired_at=now,
                escalate_at=escalation_time(client, finding.level, now),
            )
            notify_client(
                client,
                Alert.Kind.SIGNAL,
                finding.title,
                body=finding.explanation,
                link=reverse("signals:detail", args=[signal.pk]),
                dedupe_key=f"signal:{signal.pk}",
                written=(title, explanation, texts),
            )
    except IntegrityError:
        return None
    return signal


def raise_signal(
    client: User, rule: str, finding: Finding, now: datetime | None = None
) -> Signal | None:
    """For events outside the daily rules (crisis words, a PHQ-9 item 9 answer)."""
    now = now or timezone.now()
    context = build_context(client, now)
    return record(client, rule, finding, context, now)


def escalation_time(client: User, level: str, now: datetime) -> datetime | None:
    step = plan_links.ladder(client).get(level)
    if step is None or not step.membership_ids:
        return None
    return now + timedelta(minutes=step.delay_minutes)


def visible_signal(client: User, signal_id: int) -> Signal:
    signal = Signal.objects.filter(pk=signal_id, client=client).first()
    if signal is None:
        raise NotVisible
    return signal


def acknowledge(client: User, signal_id: int, note: str = "") -> Signal:
    """The client saw it. If the ladder has not told anyone yet, it never will."""
    signal = visible_signal(client, signal_id)
    if signal.acknowledged_at is not None:
        raise SignalError(_("You already acknowledged this signal."))
    if len(note) > 500:
        raise SignalError(_("Keep the note under 500 characters."), "note", 422)
    Signal.objects.filter(pk=signal.pk, acknowledged_at=None).update(
        acknowledged_at=timezone.now(), acknowledgement_note=note.strip(), escalate_at=None
    )
    signal.refresh_from_db()
    return signal


def signals_of(client: User) -> QuerySet[Signal]:
    return Signal.objects.filter(client=client)


def open_signals(client: User) -> QuerySet[Signal]:
    return Signal.objects.filter(client=client, acknowledged_at=None)


def escalate_due(now: datetime, limit: int = 200) -> int:
    """Tells the ladder's people about signals the client did not acknowledge in time."""
    told = 0
    for signal in Signal.objects.filter(escalate_at__lte=now).select_related("client")[:limit]:
        # The conditional UPDATE is the claim: one sweeper wins, an acknowledgement made in
        # the meantime (escalate_at cleared) wins over all of them.
        won = Signal.objects.filter(
            pk=signal.pk, escalate_at=signal.escalate_at, acknowledged_at=None
        ).update(escalate_at=None, escalated_at=now)
        if won and escalate(signal):
            told += 1
    return told


def escalate(signal: Signal) -> Alert | None:
    step = plan_links.ladder(signal.client).get(signal.level)
    if step is None:
        return None
    chosen = members.active_circle(signal.client, only=step.membership_ids)
    client = signal.client
    return notify_circle(
        client,
        Alert.Kind.SIGNAL,
        lambda: (
            _("%(name)s may need support (%(level)s)")
            % {"name": client, "level": str(Level(signal.level).label).lower()}
        ),
        # Deliberately without the signal's title and explanation: they come from check-ins,
        # questionnaires and the plan, which the alerts scope does not cover. What the
        # supporter may see, they see on the client's page, within their own scopes.
        body=lambda: (
            _(
                "%(name)s chose you in their relapse prevention plan for moments like this. "
                "A call or a kind message can help; there is no need to ask what happened."
            )
            % {"name": client}
        ),
        link=reverse("circle:supporting", args=[client.pk]),
        scope=Scope.ALERTS,
        dedupe_key=f"escalated:{signal.pk}",
        memberships=chosen,
        channels=step.channels,
    )


def daily_moment(client: User, day: date) -> datetime:
    """The day's daily pass, at DAILY_EVALUATION on the client's own clock."""
    return datetime.combine(day, DAILY_EVALUATION, tzinfo=client.zone)


def next_daily_evaluation(client: User, now: datetime) -> datetime:
    today = now.astimezone(client.zone).date()
    moment = daily_moment(client, today)
    if moment <= now:
        moment = daily_moment(client, today + timedelta(days=1))
    return moment.astimezone(UTC)


def evaluate_due(now: datetime, limit: int | None = None) -> int:
    """Runs the evaluations that are due (asked for by new data, or the daily pass), up to
    `limit` of them, as one batch (signals.batch); returns how many ran."""
    # signals.batch builds on this module.
    from signals.batch import BATCH_SIZE, evaluate_batch

    return evaluate_batch(now, limit or BATCH_SIZE)


def claim_and_evaluate_safely(state: EvaluationState, now: datetime) -> bool:
    """As claim_and_evaluate, but a failure is logged and tried again after a longer pause,
    not raised: one client's failure must not hold up the others (or a client's home)."""
    try:
        return claim_and_evaluate(state, now)
    except Exception:
        logger.exception("evaluation of client %s failed", state.client_id)
        EvaluationState.objects.filter(pk=state.pk).update(
            next_evaluation_at=now + FAILED_EVALUATION_PAUSE
        )
        return False


def claim_and_evaluate(state: EvaluationState, now: datetime) -> bool:
    """Evaluates the client unless another worker claimed them first. The claim is a lease:
    it moves next_evaluation_at a few minutes on, so an evaluation cut short (a worker killed)
    runs again then. Done, it moves on to the next daily pass, unless new data asked for an
    evaluation meanwhile (which then stands). Such a request also ends the lease at once, so
    another worker may evaluate the client while this one still runs: harmless, as each
    alert and signal is raised once (dedupe keys, one signal per rule and day)."""
    lease = now + EVALUATION_LEASE
    claimed = EvaluationState.objects.filter(
        pk=state.pk, next_evaluation_at=state.next_evaluation_at
    ).update(next_evaluation_at=lease)
    if not claimed:
        return False
    daily = daily_rules_due(state, now)
    evaluate(state.client, now, daily=daily)
    if daily:
        EvaluationState.objects.filter(pk=state.pk).update(daily_rules_at=now)
    EvaluationState.objects.filter(pk=state.pk, next_evaluation_at=lease).update(
        next_evaluation_at=next_daily_evaluation(state.client, now)
    )
    return True


def daily_rules_due(state: EvaluationState, now: datetime) -> bool:
    """Whether the daily rules have yet to run since the latest daily moment (today's, or
    yesterday's before it): once a day, whether the daily pass or a check-in comes first."""
    today = now.astimezone(state.client.zone).date()
    latest = daily_moment(state.client, today)
    if latest > now:
        latest = daily_moment(state.client, today - timedelta(days=1))
    return state.daily_rules_at is None or state.daily_rules_at < latest


def request_evaluation(client: User, now: datetime | None = None) -> None:
    """New data arrived (a check-in, a questionnaire): evaluate soon, off the request path.

    One statement on the hot path (an upsert, hand-written as it runs on every check-in; see
    recoverycircle.rawsql); the alert loop (within a second) or the client's next home page
    runs the rules."""
    due = rawsql.prepared(EvaluationState, "next_evaluation_at", now or timezone.now())
    rawsql.execute(request_evaluation_sql(), [client.pk, due])


@cache
def request_evaluation_sql() -> str:
    client, due = (rawsql.column(EvaluationState, n) for n in ("client", "next_evaluation_at"))
    # Names come from the models' metadata; every value is a parameter.
    return (
        f"INSERT INTO {rawsql.table(EvaluationState)} ({client}, {due}) VALUES (%s, %s) "  # noqa: S608
        f"ON CONFLICT ({client}) DO UPDATE SET {due} = excluded.{due}"
    )


def evaluate_if_due(client: User, now: datetime | None = None) -> None:
    """For the client's home: runs a requested evaluation now, claimed as the loop does."""
    now = now or timezone.now()
    state = EvaluationState.objects.filter(client=client, next_evaluation_at__lte=now).first()
    if state is not None:
        state.client = client
        claim_and_evaluate_safely(state, now)


def on_crisis(client: User, source: str) -> None:
    """Crisis words or a crisis answer: an urgent signal, which follows the ladder's urgent
    level (its people and delay, as the client chose them in their plan). Each crisis is its
    own signal (rule "crisis:<source>"), so a second one the same day, or after the first was
    acknowledged, is told too."""
    from crisis.describe import crisis_words

    title, explanation = crisis_words(source)
    raise_signal(
        client,
        f"crisis:{source}"[:40],
        Finding("urgent", title, explanation, trigger_kinds=("",)),
    )
