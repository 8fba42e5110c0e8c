"""Demo conversations for Jordan: a living circle thread with the family, the sponsor and a
friend, and a short direct thread with the sponsor. Written as rows with past times (not
sent now), so loading the demo sends no e-mail."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from accounts.models import User
from circle import members
from circle.models import Relationship
from conversations.models import Message, Participant, Thread
from conversations.services import choose_circle, direct_thread

# (hours ago, who by relationship or "client", words)
CIRCLE = [
    (50, "client", "Thank you all for being here. The weekend worries me a bit."),
    (
        49,
        Relationship.SPONSOR,
        "Worry is normal. One day at a time, and call me on the hard ones.",
    ),
    (48, Relationship.FAMILY, "We're so proud of you. Sunday dinner at ours?"),
    (30, Relationship.FRIEND, "Climbing on Thursday? The gym has a new beginner wall."),
    (29, "client", "Yes to both! Thursday works if I can leave work by six."),
    (3, Relationship.SPONSOR, "How did the meeting go tonight?"),
]
DIRECT = [
    (26, "client", "Work was rough today. I felt the old pull driving past the bar."),
    (25, Relationship.SPONSOR, "Glad you told me. What did you do instead?"),
    (25, "client", "Drove on, called Mum, went for a walk. It passed."),
    (24, Relationship.SPONSOR, "That's the plan working. Proud of you."),
]


def write(thread: Thread, lines: list[tuple[int, str, str]], people: dict[str, User]) -> None:
    now = timezone.now()
    Message.objects.bulk_create(
        Message(
            thread=thread,
            author=people[who],
            text=text,
            created_at=now - timedelta(hours=hours),
            updated_at=now - timedelta(hours=hours),
        )
        for hours, who, text in lines
    )
    # Everyone has read everything but the last message.
    last, before = thread.messages.order_by("-id").values_list("pk", flat=True)[:2]
    Participant.objects.filter(thread=thread).update(last_read_id=before)
    Participant.objects.filter(thread=thread, person=people[lines[-1][1]]).update(last_read_id=last)


def fill_demo_conversations(client: User) -> None:
    everyone = members.everyone_ever(client)
    people: dict[str, User] = {"client": client} | {m.relationship: m.supporter for m in everyone}
    chosen = [m.pk for m in everyone if m.relationship != Relationship.THERAPIST]
    write(choose_circle(client, chosen), CIRCLE, people)
    write(direct_thread(client, people[Relationship.SPONSOR]), DIRECT, people)
