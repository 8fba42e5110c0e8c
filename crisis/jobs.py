from datetime import datetime

from crisis.services import escalate_unanswered
from recoverycircle.periodic import periodic


@periodic
def escalate_unanswered_questions(now: datetime) -> int:
    """Possible crises whose question went unanswered in time escalate as clear ones."""
    return escalate_unanswered(now)
