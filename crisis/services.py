"""What happens when a client writes crisis language: record the fact, tell the hooks.

Callers (plan save, check-in note, reach-out message…) call `handle_text` after saving the
client's words, and show crisis resources when it answers a match. Nothing here blocks,
changes or deletes what the client wrote.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.db import transaction

from accounts.models import User
from crisis.detect import CrisisMatch, detect
from crisis.models import CrisisEvent

logger = logging.getLogger(__name__)

# Called as hook(client, category) after an event is recorded, e.g. the escalation ladder.
# A failing hook is logged and skipped: it must never undo the client's own save.
ON_CRISIS: list[Callable[[User, str], None]] = []


def handle_text(client: User, text: str, source: str) -> CrisisMatch | None:
    """Looks for crisis language in `text` the client wrote in `source` (a
    CrisisEvent.Source value). On a match: records a CrisisEvent (without the text), runs
    the ON_CRISIS hooks, and answers the match so the caller shows the resources."""
    match = detect(text)
    if match is None:
        return None
    CrisisEvent.objects.create(client=client, source=source, category=match.category)
    for hook in list(ON_CRISIS):
        try:
            # A savepoint, so a hook's database error cannot break the caller's transaction.
            with transaction.atomic():
                hook(client, match.category)
        except Exception:
            logger.exception("crisis hook %r failed for client %s", hook, client.pk)
    return match


def events_of(client: User) -> list[CrisisEvent]:
    return list(CrisisEvent.objects.filter(client=client))
