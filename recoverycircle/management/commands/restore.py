"""`manage.py restore FILE --yes`: replaces the whole database with a backup."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from recoverycircle.backup import BackupError, restore


class Command(BaseCommand):
    help = "Replace the whole database with a backup made by `manage.py backup`."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("backup_file", help="A file written by `manage.py backup`.")
        parser.add_argument(
            "--yes",
            action="store_true",
            help="Confirm that everything written since the backup may be replaced.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        source = Path(options["backup_file"]).resolve()
        if not options["yes"]:
            raise CommandError(
                f"This replaces every row in the database with the contents of {source}; "
                "anything written since that backup is lost. Stop the web server, the alert "
                "loop and the task worker, then run this again with --yes."
            )
        try:
            outcome = restore(source)
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"Restored from {source}")
        if outcome.tables:
            self.stdout.write(
                f"{len(outcome.tables)} tables, {sum(outcome.tables.values())} rows; "
                "integrity check passed"
            )
