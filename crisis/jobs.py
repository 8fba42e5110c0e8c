from datetime import datetime

from crisis.services import escalate_unanswered


def escalate_unanswered_questions(now: datetime) -> int:
    """Possible crises whose question went unanswered in time escalate as clear ones."""
    return escalate_unanswered(now)
