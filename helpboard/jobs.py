"""Periodic job of the help board: reminders to helpers and "still needed" re-raises."""

from __future__ import annotations

from datetime import datetime

from helpboard import reminders


def help_board(now: datetime) -> int:
    return reminders.run(now)
