from datetime import datetime

from recoverycircle.periodic import periodic
from signals.services import escalate_due, evaluate_due


@periodic
def evaluate_signals(now: datetime) -> int:
    return evaluate_due(now)


@periodic
def escalate_signals(now: datetime) -> int:
    return escalate_due(now)
