"""Creates the demo circle. Safe to run again: it never duplicates or overwrites anything."""

from __future__ import annotations

from datetime import time, timedelta
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from checkins.models import CheckIn
from checkins.services import save_schedule
from circle import members
from circle.models import DEFAULT_SCOPES, Relationship, Scope
from conversations.demo import fill_demo_conversations
from groups.demo import fill_demo_group
from meetings.importer import import_feed, save_feed
from plans.demo import fill_demo_plan
from plans.services import commitments_for
from sobriety.lapses import record_lapse
from sobriety.services import set_start
from toolkit.demo import fill_demo_toolkit

DEMO_PASSWORD = "recovery-demo-2026"
CLIENT = ("client@demo.recoverycircle.test", "Jordan Rivera", "America/New_York")
SUPPORTERS = [
    ("parent@demo.recoverycircle.test", "Maria Rivera", Relationship.FAMILY),
    ("sponsor@demo.recoverycircle.test", "Sam Okafor", Relationship.SPONSOR),
    ("friend@demo.recoverycircle.test", "Alex Chen", Relationship.FRIEND),
    ("therapist@demo.recoverycircle.test", "Dr. Priya Nair", Relationship.THERAPIST),
]


def story(client: User) -> None:
    """A few months of recovery: a count with one lapse, two weeks of check-ins, a daily
    check-in time, and a filled relapse prevention plan with versions."""
    now = timezone.now()
    today = now.astimezone(client.zone).date()
    set_start(client, today - timedelta(days=95), now=now)
    record_lapse(
        client,
        today - timedelta(days=40),
        what_happened="A work party; I stayed too long and said yes to one drink.",
        what_learned="Leave early, bring my own drinks, text Sam before I go.",
        now=now,
    )
    save_schedule(client, time(20, 0), 60, now=now)
    # Jordan lets the therapist get alerts too, so the plan's urgent level reaches her.
    therapist = members.by_relationship(client, Relationship.THERAPIST)
    assert therapist is not None  # the demo circle has one
    therapist.scopes = [*therapist.scopes, Scope.ALERTS]
    therapist.save(update_fields=["scopes"])
    fill_demo_plan(client)
    fill_demo_toolkit(client)
    # Two steady weeks: the plan's commitments mostly kept, nothing alarming.
    kept = [c.id for c in commitments_for(client)]
    for days_ago in range(14, 0, -1):
        CheckIn.objects.get_or_create(
            client=client,
            local_date=today - timedelta(days=days_ago),
            defaults={
                "mood": 3 + days_ago % 2,
                "craving": 2 + days_ago % 3,
                "stress": 4,
                "sleep_hours": 7,
                "meeting_attended": days_ago % 2 == 0,
                "commitments_kept": kept if days_ago % 4 else kept[:1],
                "coping_used": "Walked after work",
                "triggers": ["work stress"],
            },
        )
    fill_demo_conversations(client)
    fill_demo_group(client)
    sample = settings.BASE_DIR / "tests" / "fixtures" / "meeting-guide-sample.json"
    feed = save_feed("Sample meetings (Chicago, Evanston, New York, online)")
    import_feed(feed, sample.read_bytes(), sample.name)


class Command(BaseCommand):
    help = "Create the demo client and a circle of four supporters, and print the logins."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--first-run-only",
            action="store_true",
            help="Only print the logins when the demo already exists.",
        )
        parser.add_argument("--quiet", action="store_true", help="Create the demo, print nothing.")
        parser.add_argument(
            "--logins-only",
            action="store_true",
            help="Print the demo logins and create nothing (what `make run` shows once "
            "the web server answers).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["logins_only"]:
            self.print_logins(with_address=False)
            return
        created = self.create()
        if options["quiet"]:
            return
        if created:
            self.stdout.write(self.style.SUCCESS("Demo data created."))
        self.print_logins()

    @transaction.atomic
    def create(self) -> bool:
        client, created = self.user(*CLIENT)
        for email, name, relationship in SUPPORTERS:
            supporter, _ = self.user(email, name, "America/New_York")
            members.add_member(client, supporter, relationship, list(DEFAULT_SCOPES[relationship]))
        if created:
            story(client)
        return created

    def user(self, email: str, name: str, zone: str) -> tuple[User, bool]:
        existing = User.objects.filter(email=email).first()
        if existing:
            return existing, False
        user = User.objects.create_user(
            email=email,
            password=DEMO_PASSWORD,
            display_name=name,
            time_zone=zone,
            email_verified_at=timezone.now(),
        )
        return user, True

    def print_logins(self, with_address: bool = True) -> None:
        mail_dir = getattr(settings, "EMAIL_FILE_PATH", "")
        if with_address:
            self.stdout.write(f"\nRecovery Circle runs at {settings.SITE_URL}")
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
        self.stdout.write(f"  client     {CLIENT[0]}  ({CLIENT[1]})")
        for email, name, relationship in SUPPORTERS:
            self.stdout.write(f"  {relationship:<10} {email}  ({name})")
        self.stdout.write(
            f"E-mails are written as files to {mail_dir}"
            if mail_dir
            else "E-mail goes out by SMTP."
        )
