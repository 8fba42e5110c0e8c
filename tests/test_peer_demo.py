"""The demo shows a living circle thread and a peer group with a few posts."""

from __future__ import annotations

from io import StringIO

from django.core.management import call_command
from django.urls import reverse

from accounts.models import User
from conversations.models import Thread
from conversations.services import threads_for, unread_total
from groups.models import Group, Post
from tests.conftest import client_for


def test_it_fills_the_demo_with_conversations_and_a_group(db: None) -> None:
    call_command("load_demo", "--first-run-only", stdout=StringIO())
    jordan = User.objects.get(email="client@demo.recoverycircle.test")
    circle = Thread.objects.get(client=jordan, kind="circle")
    assert circle.messages.count() >= 5
    assert len({m.author_id for m in circle.messages.all()}) == 4
    assert unread_total(jordan) == 2
    assert threads_for(jordan)[0].title == "My circle"
    page = client_for(jordan).get(reverse("conversations:thread", args=[circle.pk]))
    assert "How did the meeting go tonight?" in page.content.decode()
    group = Group.objects.get(name="First 90 days")
    assert Post.objects.filter(group=group).count() >= 4
    feed = client_for(jordan).get(reverse("groups:group", args=[group.pk])).content.decode()
    assert "Riverbend reached 30 days" in feed and "Jordan" not in feed.split("<main")[1]
