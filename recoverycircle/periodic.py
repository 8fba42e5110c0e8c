"""Periodic jobs run by the alert loop (`manage.py run_sweep`) on every pass.

An app registers a job in its `jobs.py` with `@periodic`; the job gets the current time and
returns how much it did (0 when idle). Jobs must be safe to run on several machines at once:
claim rows with a conditional UPDATE (see alerts/sweep.py) or rely on a dedupe key.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime

logger = logging.getLogger(__name__)

Job = Callable[[datetime], int]
JOBS: list[Job] = []


def periodic(job: Job) -> Job:
    JOBS.append(job)
    return job


def run_all(now: datetime) -> dict[str, int]:
    done: dict[str, int] = {}
    for job in JOBS:
        name = f"{job.__module__}.{job.__name__}"
        try:
            done[name] = job(now)
        except Exception:
            # One broken job must not stop the missed check-in sweep or the delivery.
            logger.exception("periodic job %s failed", name)
            done[name] = 0
    return done
