"""`manage.py backup`: a consistent copy of the whole database, taken while the site runs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from recoverycircle.backup import BackupError, backup


class Command(BaseCommand):
    help = "Back up the database while the site runs (SQLite backup API, or pg_dump)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--output",
            help="File to write (default: DATA_DIR/backups/recoverycircle-<time>.sqlite3 or "
            ".pgdump). It must not exist yet.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        target = Path(options["output"]).resolve() if options["output"] else None
        try:
            outcome = backup(target)
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"Backup written to {outcome.path} ({outcome.path.stat().st_size} bytes)")
        if outcome.tables:
            self.stdout.write(
                f"{len(outcome.tables)} tables, {sum(outcome.tables.values())} rows; "
                "integrity check passed"
            )
