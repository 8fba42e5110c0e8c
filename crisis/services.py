"""What happens when a client writes crisis language: record it, escalate it, ask when unsure.

`handle_text` is called by the save path of every free-text field the client writes (see
crisis/scanning.py, which does it for every registered field on save) and answers the match
so the caller shows crisis resources at once. Nothing here blocks, changes or deletes what
the client wrote.

- A *clear* match (intent, plan, means, an act) escalates at once: every hook in
  `registry.crisis_hooks` runs as hook(client, "event:<id>") (the signals app raises an
  urgent signal, which follows the urgent level of the plan's escalation ladder).
- A *possible* match (passive, ambiguous) asks the client "Are you thinking about ending your
  life?" (yes / no / I'd rather not say). "Yes" escalates at once; "no" closes the question;
  no answer (or "rather not say") by CRISIS_QUESTION_MINUTES escalates it as clear, run by the
  alert loop (`escalate_unanswered`, a periodic job).

Every new crisis message is a new event, the same day too; only the same words saved again in
the same place (the same record and field) are not.
"""

from __future__ import annotations

import hashlib
import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from circle.policy import NotVisible
from crisis.detect import CrisisMatch, detect_all
from crisis.models import CrisisEvent
from recoverycircle import registry
from recoverycircle.errors import ServiceError

logger = logging.getLogger(__name__)


class QuestionError(ServiceError):
    """A refused answer (answered already); the message is shown as it is."""

    status = 409


def question_minutes() -> int:
    return int(getattr(settings, "CRISIS_QUESTION_MINUTES", 30))


def digest_of(client: User, document: str, match: CrisisMatch) -> str:
    if not document:
        return ""
    return hashlib.sha256(f"{client.pk}\n{document}\n{match.clause}".encode()).hexdigest()


def handle_text(
    client: User, text: str, source: str, document: str = "", now: datetime | None = None
) -> CrisisMatch | None:
    """Looks for crisis language in `text` the client wrote in `source` (a CrisisEvent.Source
    value), at `document` ("app.Model:pk:field"; blank when the text has no home). On a
    match: records a CrisisEvent for each newly written crisis clause, escalates a clear one or
    asks about a possible one, and answers the most serious match for the caller to show the
    resources (also when the words were saved before: the resources are shown again)."""
    found = detect_all(text)
    if not found:
        return None
    now = now or timezone.now()
    matches = _one_per_clause(found)
    if any(m.clear for m in matches):
        # A clear crisis escalates at once; asking the same message "are you thinking about
        # ending your life?" for its gentler sentences would only add a question.
        matches = [m for m in matches if m.clear]
    for match in matches:
        record(client, match, source, document, now)
    return next((m for m in found if m.clear), found[0])


def _one_per_clause(found: list[CrisisMatch]) -> list[CrisisMatch]:
    best: dict[str, CrisisMatch] = {}
    for match in found:
        if match.clause not in best or (match.clear and not best[match.clause].clear):
            best[match.clause] = match
    return list(best.values())


def record(
    client: User, match: CrisisMatch, source: str, document: str, now: datetime
) -> CrisisEvent | None:
    """A new event, or None when these words were already saved in this place."""
    possible = not match.clear
    try:
        with transaction.atomic():
            event = CrisisEvent.objects.create(
                client=client,
                source=source,
                category=match.category,
                tier=match.tier,
                phrase=match.phrase[:200],
                document=document[:120],
                digest=digest_of(client, document, match),
                created_at=now,
                question_deadline=now + timedelta(minutes=question_minutes()) if possible else None,
            )
    except IntegrityError:
        return None  # the same words re-saved in the same place
    if not possible:
        escalate(event, now)
    return event


def escalate(event: CrisisEvent, now: datetime) -> bool:
    """Runs the escalation hooks once for the event. The conditional UPDATE is the claim:
    of several callers (an answer, one or more alert loops) exactly one wins."""
    won = CrisisEvent.objects.filter(pk=event.pk, escalated_at=None).update(
        escalated_at=now, question_deadline=None
    )
    if won:
        _run_hooks(event)
    return bool(won)


def escalate_unanswered(now: datetime, limit: int = 200) -> int:
    """Escalates possible crises whose question went unanswered (or "rather not say") by
    its deadline. Safe to run in several alert loops at once: each claims its row by moving
    the deadline away with a conditional UPDATE before running the hooks."""
    done = 0
    due = CrisisEvent.objects.filter(question_deadline__lte=now, escalated_at=None)
    for event in due.select_related("client").order_by("question_deadline")[:limit]:
        claimed = CrisisEvent.objects.filter(
            pk=event.pk, question_deadline=event.question_deadline, escalated_at=None
        ).update(question_deadline=None, escalated_at=now)
        if claimed:
            _run_hooks(event)
            done += 1
    return done


def _run_hooks(event: CrisisEvent) -> None:
    """A failing hook is logged and skipped: it must never undo the client's own save."""
    for hook in registry.crisis_hooks:
        try:
            # A savepoint, so a hook's database error cannot break the caller's transaction.
            with transaction.atomic():
                hook(event.client, f"event:{event.pk}")
        except Exception:
            logger.exception("crisis hook %r failed for event %s", hook, event.pk)


def own_event(client: User, event_id: int) -> CrisisEvent:
    event = CrisisEvent.objects.filter(pk=event_id, client=client).first()
    if event is None:
        raise NotVisible
    return event


def answer_question(
    client: User, event_id: int, answer: str, now: datetime | None = None
) -> CrisisEvent:
    """The client's one-tap answer to "Are you thinking about ending your life?"."""
    now = now or timezone.now()
    if answer not in CrisisEvent.Answer.values:
        raise QuestionError(_("Choose yes, no, or I'd rather not say."), "answer", 422)
    event = own_event(client, event_id)
    if event.tier != CrisisEvent.Tier.POSSIBLE:
        raise QuestionError(_("There is no question to answer here."))
    if event.answer:
        raise QuestionError(_("You already answered. Thank you."))
    stays = answer == CrisisEvent.Answer.DECLINED  # the deadline stands, as with no answer
    changes: dict[str, object] = {"answer": answer, "answered_at": now}
    if not stays:
        changes["question_deadline"] = None
    CrisisEvent.objects.filter(pk=event.pk, answer="").update(**changes)
    if answer == CrisisEvent.Answer.YES:
        escalate(event, now)
    event.refresh_from_db()
    return event


def pending_questions(client: User) -> QuerySet[CrisisEvent]:
    return CrisisEvent.objects.filter(
        client=client, tier=CrisisEvent.Tier.POSSIBLE, answer="", escalated_at=None
    ).exclude(question_deadline=None)


def events_of(client: User) -> list[CrisisEvent]:
    return list(CrisisEvent.objects.filter(client=client))
