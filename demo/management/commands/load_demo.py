"""Creates the demo circle. Safe to run again: it never duplicates or overwrites anything."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from circle import members
from circle.models import DEFAULT_SCOPES, Relationship, Scope
from recoverycircle import registry

DEMO_PASSWORD = "recovery-demo-2026"
CLIENT = ("client@demo.recoverycircle.test", "Jordan Rivera", "America/New_York")
SUPPORTERS = [
    ("parent@demo.recoverycircle.test", "Maria Rivera", Relationship.FAMILY),
    ("sponsor@demo.recoverycircle.test", "Sam Okafor", Relationship.SPONSOR),
    ("friend@demo.recoverycircle.test", "Alex Chen", Relationship.FRIEND),
    ("therapist@demo.recoverycircle.test", "Dr. Priya Nair", Relationship.THERAPIST),
]


def story(client: User) -> None:
    """A few months of recovery: each app's part of the demo (its filler, registered in its
    AppConfig.ready()), in their order: a count with one lapse, a filled relapse prevention
    plan with versions, two weeks of check-ins, threads, a peer group, a meeting list."""
    # Jordan lets the therapist get alerts too, so the plan's urgent level reaches her.
    therapist = members.by_relationship(client, Relationship.THERAPIST)
    assert therapist is not None  # the demo circle has one
    therapist.scopes = [*therapist.scopes, Scope.ALERTS]
    therapist.save(update_fields=["scopes"])
    for fill in registry.demo_fillers:
        fill(client)


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
