from __future__ import annotations

from django.db import models


class Counter(models.Model):
    """How often one action was taken by one account or address in the current window.

    `key` names the action and, as a keyed hash, who took it (no address is kept in clear).
    """

    key = models.CharField(max_length=120, unique=True)
    count = models.PositiveIntegerField()
    window_ends = models.BigIntegerField(db_index=True, help_text="Unix time, in seconds.")

    def __str__(self) -> str:
        return f"{self.key}: {self.count}"
