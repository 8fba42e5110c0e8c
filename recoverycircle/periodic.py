"""Periodic jobs run by the alert loop (`manage.py run_sweep`) on every pass.

An app keeps its jobs in its `jobs.py` and adds them to `registry.periodic_jobs` in its
`AppConfig.ready()`; a job gets the current time and returns how much it did (0 when idle).
Jobs must be safe to run on several machines at once: claim rows with a conditional UPDATE
(see alerts/sweep.py) or rely on a dedupe key.
"""

from __future__ import annotations

import logging
from datetime import datetime

from recoverycircle import registry

logger = logging.getLogger(__name__)


def run_all(now: datetime) -> dict[str, int]:
    done: dict[str, int] = {}
    for job in registry.periodic_jobs:
        name = f"{job.__module__}.{job.__name__}"
        try:
            done[name] = job(now)
        except Exception:
            # One broken job must not stop the missed check-in sweep or the delivery.
            logger.exception("periodic job %s failed", name)
            done[name] = 0
    return done
