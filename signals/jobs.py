from datetime import datetime

from signals.services import escalate_due, evaluate_due


def evaluate_signals(now: datetime) -> int:
    return evaluate_due(now)


def escalate_signals(now: datetime) -> int:
    return escalate_due(now)
