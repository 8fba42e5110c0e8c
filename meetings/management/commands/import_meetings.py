"""Imports a Meeting Guide feed from a file or a URL and prints what happened to every row."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from meetings import importer


class Command(BaseCommand):
    help = (
        "Import meetings in the Meeting Guide JSON format. With --url the feed is also read "
        "again by the background worker every --refresh-hours."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        source = parser.add_mutually_exclusive_group(required=True)
        source.add_argument("--file", help="Path of a JSON file.")
        source.add_argument("--url", help="http(s) address of a JSON feed.")
        parser.add_argument("--name", help="Name of the feed (default: the file's name).")
        parser.add_argument(
            "--timezone",
            help=(
                "Time zone for rows that name none and have no position to tell it by (default: "
                "as before, else none: such rows are refused and listed)."
            ),
        )
        parser.add_argument("--refresh-hours", type=int, help="How often to read a URL again.")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"]) if options["file"] else None
        name = options["name"] or (path.stem if path else "")
        if not name:
            raise CommandError("Give the feed a --name.")
        try:
            feed = importer.save_feed(
                name, options["url"] or "", options["timezone"], options["refresh_hours"]
            )
            if path is not None:
                if not path.is_file():
                    raise CommandError(f"No such file: {path}")
                if path.stat().st_size > importer.MAX_BYTES:
                    raise CommandError("The file is larger than 5 MB.")
                report = importer.import_feed(feed, path.read_bytes(), str(path))
            else:
                refreshed = importer.refresh(feed.pk)
                assert refreshed is not None  # the feed has its URL
                report = refreshed
        except importer.FeedError as error:
            raise CommandError(str(error)) from None
        for line in report.lines():
            self.stdout.write(line)
        if not report.ok:
            raise CommandError(report.fatal)
