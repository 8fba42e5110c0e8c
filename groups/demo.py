"""A demo peer group: "First 90 days", started by the sponsor, with Jordan and the friend in
it under aliases, a few posts and replies, reactions, and Jordan's 30 days shared by choice."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from accounts.models import User
from circle import members
from circle.models import Relationship
from groups.models import Group, Member, Post, Reaction
from groups.services import DEFAULT_GUIDELINES


def fill_demo_group(client: User) -> Group:
    people = {m.relationship: m.supporter for m in members.everyone_ever(client)}
    now = timezone.now()
    group = Group.objects.create(
        name="First 90 days",
        description="For anyone in their first months of recovery, and the people beside them.",
        guidelines=str(DEFAULT_GUIDELINES),
        visibility=Group.Visibility.OPEN,
        created_by=people[Relationship.SPONSOR],
        created_at=now - timedelta(days=20),
    )

    def member(user: User, alias: str, role: str = Member.Role.MEMBER) -> Member:
        at = now - timedelta(days=19)
        return Member.objects.create(
            group=group, user=user, alias=alias, role=role, accepted_guidelines_at=at, joined_at=at
        )

    north = member(people[Relationship.SPONSOR], "Northstar", Member.Role.MODERATOR)
    river = member(client, "Riverbend")
    cedar = member(people[Relationship.FRIEND], "Cedar")

    def post(author: Member, text: str, days: float, parent: Post | None = None) -> Post:
        at = now - timedelta(days=days)
        return Post.objects.create(
            group=group, author=author, parent=parent, text=text, created_at=at
        )

    evenings = post(river, "Evenings are the hardest part for me. What do you do at 6pm?", 6)
    post(
        north,
        "I plan the first hour: a walk, a call, then cook. Empty evenings are risky.",
        5.9,
        evenings,
    )
    post(
        cedar,
        "Supporting a friend here: I started texting at 6 with silly photos. It helps us both.",
        5.5,
        evenings,
    )
    welcome = post(
        north, "Welcome, everyone. Read the guidelines, then say hello when you're ready.", 18
    )
    milestone = Post.objects.create(
        group=group,
        author=river,
        kind=Post.Kind.MILESTONE,
        milestone_days=30,
        text="A month again. Thank you, this group helped.",
        created_at=now - timedelta(days=9),
    )
    Reaction.objects.bulk_create(
        [
            Reaction(post=evenings, member=cedar, kind=Reaction.Kind.ME_TOO),
            Reaction(post=evenings, member=north, kind=Reaction.Kind.ME_TOO),
            Reaction(post=welcome, member=river, kind=Reaction.Kind.THANK_YOU),
            Reaction(post=milestone, member=north, kind=Reaction.Kind.THANK_YOU),
            Reaction(post=milestone, member=cedar, kind=Reaction.Kind.THANK_YOU),
        ]
    )
    return group
