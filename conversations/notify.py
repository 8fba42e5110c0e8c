"""Telling people about new messages, through the alerts outbox.

One e-mail per conversation until the person has read it: a message is announced only to
those who had nothing unread in that thread before it, so a lively thread does not become a
stream of e-mails. The e-mail says who wrote and links to the thread, never the words (an
inbox is less private than the app). The app's own signal is the unread count in the
navigation, so the in-app inbox is not used for messages.

The outbox asks the circle again at send time: a supporter paused or removed in between
receives nothing.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.models import User
from alerts.models import Alert, Notification
from alerts.services import create_alert, queue
from conversations.models import Message, Participant
from recoverycircle.deferred import deferred

# Alert kind of a new message (the lead adds it to Alert.Kind's choices).
KIND_MESSAGE = Alert.Kind.MESSAGE
CHANNELS = (Notification.Channel.EMAIL,)


def first_unread_for(message: Message, people: list[User]) -> list[User]:
    """Those among `people` (not the author) for whom `message` is the first unread one."""
    others = [p for p in people if p.pk != message.author_id]
    marks = dict(
        Participant.objects.filter(thread_id=message.thread_id, person__in=others).values_list(
            "person_id", "last_read_id"
        )
    )
    earlier = Message.objects.filter(
        thread_id=message.thread_id, pk__lt=message.pk, deleted_at=None
    )
    return [
        person
        for person in others
        if not earlier.filter(pk__gt=marks.get(person.pk, 0)).exclude(author=person).exists()
    ]


def new_message(message: Message, people: list[User]) -> None:
    recipients = first_unread_for(message, people)
    if not recipients:
        return
    thread = message.thread
    author = message.author
    alert = create_alert(
        thread.client,
        KIND_MESSAGE,
        deferred(lambda: _("New message from %(name)s") % {"name": author}),
        body=deferred(
            lambda: (
                _("%(name)s wrote to you in Recovery Circle. Open the conversation to read it.")
                % {"name": author}
            )
        ),
        link=reverse("conversations:thread", args=[thread.pk]),
        dedupe_key=f"message:{message.pk}",
    )
    if alert is not None:
        queue(alert, recipients, channels=CHANNELS)
