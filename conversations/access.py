"""Who may open a thread: the client whose circle it is, and the supporters in it while the
circle's access policy still lets them see the client (an active membership). Everyone else,
a paused or removed supporter included, is told the thread does not exist (404).

A supporter's read is written to the client's access log by the policy. The page that polls
for new messages logs only the polls that bring something new, so the log shows the reads
without one row every few seconds.
"""

from __future__ import annotations

from django.utils.translation import gettext_noop

from accounts.models import User
from circle import policy
from circle.services import supported_by
from conversations.models import Message, Participant, Thread

# Routes keyed by a thread or a message find its client here, and the route's rule (MEMBER)
# decides first; `thread_for` then decides on the thread itself (is the viewer in it?) and
# only then logs, so a refused look at someone else's thread is never logged as a read.
THREAD = policy.ClientOf("thread_id", Thread)
MESSAGE = policy.ClientOf("message_id", Message, "thread__client_id")


def thread_for(viewer: User, thread_id: int, channel: str = "web", log: bool = True) -> Thread:
    """The thread, after the access decision (and the access log when `log`)."""
    if not viewer.is_authenticated:
        raise policy.NotVisible
    thread = Thread.objects.select_related("client", "supporter").filter(pk=thread_id).first()
    if thread is None:
        raise policy.NotVisible
    if thread.client_id == viewer.pk:
        return thread
    if not Participant.objects.filter(thread=thread, person=viewer, active=True).exists():
        raise policy.NotVisible
    if log:
        policy.read(viewer, thread.client_id, None, gettext_noop("conversation"), channel)
    elif not policy.may(viewer, thread.client, None):
        raise policy.NotVisible
    return thread


def message_for(viewer: User, message_id: int, channel: str = "web") -> Message:
    """A message in a thread the viewer may open (logged like opening the thread)."""
    message = Message.objects.filter(pk=message_id).only("thread_id").first()
    if message is None:
        raise policy.NotVisible
    thread = thread_for(viewer, message.thread_id, channel)
    found = Message.objects.select_related("author").get(pk=message_id)
    found.thread = thread
    return found


def clients_open_to(viewer: User) -> set[int]:
    """The clients whose threads the viewer may open now: their own, and those they support."""
    return {viewer.pk} | {m.client_id for m in supported_by(viewer)}
