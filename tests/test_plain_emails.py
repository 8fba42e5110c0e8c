"""Plain-text e-mails say what the person wrote: no HTML entities for quotes and apostrophes."""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail

from accounts.models import User
from alerts.delivery import deliver_due
from alerts.reachout import reach_out
from circle.models import Membership, Scope
from circle.services import invite
from plans.services import save_plan
from signals.services import escalate_due, on_crisis
from tests.project import project_apps

ENTITY = re.compile(r"&(quot|#x27|#39|amp|lt|gt);")
NAME = 'Alice "Al" O\'Neil'


@pytest.fixture
def quoted_alice(alice: User) -> User:
    alice.display_name = NAME
    alice.save(update_fields=["display_name"])
    return alice


def bodies() -> list[str]:
    return [f"{m.subject}\n{m.body}" for m in mail.outbox]


def test_it_sends_a_support_request_with_its_quotes(
    quoted_alice: User, bob_membership: Membership
) -> None:
    bob_membership.scopes = [Scope.ALERTS]
    bob_membership.save()
    reach_out(quoted_alice, 'Can\'t sleep, "bad night" & cravings <8/10>')
    deliver_due("w")
    [text] = bodies()
    assert not ENTITY.search(text), text
    assert 'Their message: "Can\'t sleep, "bad night" & cravings <8/10>"' in text
    assert NAME in text


def test_it_sends_a_crisis_signal_with_its_quotes(
    quoted_alice: User, bob_membership: Membership, dana_membership: Membership
) -> None:
    dana_membership.scopes = [*dana_membership.scopes, Scope.ALERTS]
    dana_membership.save()
    save_plan(
        quoted_alice,
        quoted_alice,
        {
            "coping": [{"label": 'Call my sponsor ("Sam")'}],
            "people": [dana_membership.pk],
            "ladder": {
                "urgent": {
                    "membership_ids": [dana_membership.pk],
                    "channels": ["email"],
                    "delay_minutes": 0,
                }
            },
        },
    )
    with time_machine.travel(datetime(2026, 5, 20, 12, tzinfo=ZoneInfo("UTC")), tick=False):
        on_crisis(quoted_alice, "suicidal ideation")
        escalate_due(datetime(2026, 5, 20, 12, tzinfo=ZoneInfo("UTC")))
        deliver_due("w")
    texts = [
        t
        for t, m in zip(bodies(), mail.outbox, strict=True)
        if m.to == [dana_membership.supporter.email]
    ]
    assert texts, "the urgent level e-mails Dana"
    for text in texts:
        assert not ENTITY.search(text), text
        assert NAME in text


def test_it_sends_an_invitation_with_the_note_as_written(quoted_alice: User) -> None:
    invite(quoted_alice, "sam@example.org", "sponsor", [Scope.SOBRIETY], 'You\'re my "rock"')
    [text] = bodies()
    assert not ENTITY.search(text), text
    assert 'Their note: "You\'re my "rock""' in text


def text_templates() -> list[Path]:
    roots = [Path(config.path) / "templates" for config in project_apps()]
    return sorted(p for root in roots if root.is_dir() for p in root.rglob("*.txt"))


def test_it_renders_every_text_template_without_html_escaping() -> None:
    # A new plain-text template must opt out of escaping too, or its e-mails show entities.
    found = text_templates()
    assert found
    for path in found:
        source = path.read_text()
        assert source.startswith("{% autoescape off %}"), path
        assert source.rstrip().endswith("{% endautoescape %}"), path
