"""Conversations: the threads a person may open, sending, editing, deleting, read marks and
unread counts. Views and the API call these after `conversations.access` has decided.

Every message is scanned for crisis words by `send`/`edit` themselves, through the crisis
app's public entry point (`crisis.services.handle_text`, as check-in notes are): its author
is shown the crisis lines and the plan's escalation follows. A supporter's words about the
client's crisis ("she said she wants to die") answer a `concern`, which the pages show with
what to do.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from circle import policy
from circle.models import Membership
from circle.services import circle_of, supported_by
from conversations import notify
from conversations.access import clients_open_to
from conversations.concern import about_someone
from conversations.models import Message, Participant, Thread
from crisis.detect import CrisisMatch
from crisis.models import CrisisEvent
from crisis.services import handle_text
from recoverycircle.errors import Conflict, Forbidden, ServiceError

MAX_LENGTH = 4000
# Long enough to fix a typo, short enough that nobody rewrites what others already answered.
EDIT_WINDOW = timedelta(minutes=15)
# Messages have no source of their own among the crisis app's choices yet.
CRISIS_SOURCE = CrisisEvent.Source.MESSAGE


@dataclass(frozen=True)
class ThreadSummary:
    thread: Thread
    title: str
    unread: int
    can_write: bool
    last_at: datetime | None


@dataclass(frozen=True)
class Sent:
    message: Message
    crisis: CrisisMatch | None  # the author's own crisis words
    concern: CrisisMatch | None  # a supporter's words about the client's crisis


def title_of(thread: Thread, viewer: User) -> str:
    if thread.kind == Thread.Kind.CIRCLE:
        if thread.client_id == viewer.pk:
            return _("My circle")
        return _("%(name)s's circle") % {"name": thread.client}
    other = thread.supporter if thread.client_id == viewer.pk else thread.client
    return str(other)


def active_circle(client: User) -> list[Membership]:
    return [m for m in circle_of(client) if m.status == Membership.Status.ACTIVE]


def direct_thread(client: User, supporter: User) -> Thread:
    thread, created = Thread.objects.get_or_create(
        client=client, supporter=supporter, kind=Thread.Kind.DIRECT
    )
    if created:
        Participant.objects.bulk_create(
            [
                Participant(thread=thread, person=client),
                Participant(thread=thread, person=supporter),
            ]
        )
    return thread


def circle_thread(client: User) -> Thread | None:
    return Thread.objects.filter(client=client, kind=Thread.Kind.CIRCLE).first()


def threads_for(viewer: User) -> list[ThreadSummary]:
    """Every thread the viewer may open, the direct ones made on first sight. The client also
    keeps the threads of supporters who left (read-only), with their messages attributed."""
    threads = [direct_thread(viewer, m.supporter) for m in active_circle(viewer)]
    threads += [direct_thread(m.client, viewer) for m in supported_by(viewer)]
    seen = {t.pk for t in threads}
    mine = Thread.objects.filter(client=viewer).exclude(pk__in=seen)
    threads += [t for t in mine.select_related("client", "supporter") if is_kept(t)]
    threads += list(
        Thread.objects.filter(
            kind=Thread.Kind.CIRCLE,
            client_id__in=clients_open_to(viewer) - {viewer.pk},
            participants__person=viewer,
            participants__active=True,
        ).select_related("client")
    )
    unread = unread_by_thread(viewer)
    last = last_message_times([t.pk for t in threads])
    found = [
        ThreadSummary(
            t, title_of(t, viewer), unread.get(t.pk, 0), can_write(t, viewer), last.get(t.pk)
        )
        for t in threads
    ]
    return sorted(
        found, key=lambda s: (s.last_at is None, -(s.last_at or s.thread.created_at).timestamp())
    )


def is_kept(thread: Thread) -> bool:
    """A client's thread outside the current circle is worth listing when it holds messages."""
    return thread.kind == Thread.Kind.CIRCLE or thread.messages.exists()


def last_message_times(thread_ids: list[int]) -> dict[int, datetime]:
    rows = (
        Message.objects.filter(thread_id__in=thread_ids)
        .order_by("thread_id", "-id")
        .values_list("thread_id", "created_at")
    )
    found: dict[int, datetime] = {}
    for thread_id, at in rows:
        found.setdefault(thread_id, at)
    return found


def can_write(thread: Thread, person: User) -> bool:
    """Anyone who may open the thread may write, except the client to a supporter who is no
    longer active (the thread is kept for reading)."""
    if thread.kind == Thread.Kind.DIRECT and person.pk == thread.client_id:
        assert thread.supporter is not None
        return policy.may(thread.supporter, thread.client, None)
    return True


def people_in(thread: Thread) -> list[User]:
    """Who can read the thread now: the client, and the supporters the policy lets in."""
    open_ids = {thread.client_id}
    rows = Participant.objects.filter(thread=thread, active=True).select_related("person")
    people = [p.person for p in rows]
    open_ids |= {m.supporter_id for m in active_circle(thread.client)}
    return [p for p in people if p.pk in open_ids]


def messages_of(thread: Thread, after: int = 0, limit: int = 200) -> list[Message]:
    rows = Message.objects.filter(thread=thread, pk__gt=after).select_related("author")
    # The latest `limit`, shown oldest first.
    return list(reversed(rows.order_by("-id")[:limit]))


def changed_since(thread: Thread, up_to: int, since: datetime) -> list[Message]:
    """Messages already shown (id up to `up_to`) that were edited or deleted since `since`."""
    rows = Message.objects.filter(thread=thread, pk__lte=up_to, updated_at__gte=since)
    return list(rows.exclude(edited_at=None, deleted_at=None).select_related("author"))


def clean_text(text: str) -> str:
    text = text.strip()
    if not text:
        raise ServiceError(_("Write something first."), "text")
    if len(text) > MAX_LENGTH:
        raise ServiceError(
            _("Keep a message under %(count)d characters.") % {"count": MAX_LENGTH}, "text"
        )
    return text


def send(author: User, thread: Thread, text: str, now: datetime | None = None) -> Sent:
    """Saves the message, moves the author's read mark past it, tells the others, and scans
    it for crisis words (after the save: the words are kept whatever the scan finds)."""
    text = clean_text(text)
    if not can_write(thread, author):
        raise Forbidden(
            _("%(name)s is no longer in your circle; this conversation is kept for reading.")
            % {"name": thread.supporter}
        )
    now = now or timezone.now()
    with transaction.atomic():
        message = Message.objects.create(
            thread=thread, author=author, text=text, created_at=now, updated_at=now
        )
        mark_read(author, thread, message.pk)
        notify.new_message(message, people_in(thread))
    return Sent(message, *scan(author, thread, text))


def scan(author: User, thread: Thread, text: str) -> tuple[CrisisMatch | None, CrisisMatch | None]:
    """(the author's own crisis words, a supporter's words about someone else's crisis).

    Words about someone else ("she said she wants to die") are not recorded as the
    supporter's own crisis; the supporter is shown what to do and the crisis lines."""
    if author.pk != thread.client_id:
        names = [thread.client.display_name, thread.client.display_name.split(" ")[0]]
        concern = about_someone(text, names)
        if concern is not None:
            return None, concern
    return handle_text(author, text, CRISIS_SOURCE), None


def own_message(author: User, message: Message) -> Message:
    if message.author_id != author.pk:
        raise Forbidden(_("You can only change your own messages."))
    if message.is_deleted:
        raise Conflict(_("This message was deleted."))
    return message


def edit(author: User, message: Message, text: str, now: datetime | None = None) -> Sent:
    now = now or timezone.now()
    own_message(author, message)
    text = clean_text(text)
    if now - message.created_at > EDIT_WINDOW:
        minutes = int(EDIT_WINDOW.total_seconds() // 60)
        raise Conflict(
            _("A message can be edited for %(minutes)d minutes after sending.")
            % {"minutes": minutes}
        )
    message.text, message.edited_at, message.updated_at = text, now, now
    message.save(update_fields=["text", "edited_at", "updated_at"])
    return Sent(message, *scan(author, message.thread, text))


def delete(author: User, message: Message, now: datetime | None = None) -> Message:
    """Deletes the words (the row stays, as "message deleted", so replies keep their place)."""
    now = now or timezone.now()
    own_message(author, message)
    message.text, message.deleted_at, message.updated_at = "", now, now
    message.save(update_fields=["text", "deleted_at", "updated_at"])
    return message


def mark_read(person: User, thread: Thread, up_to: int) -> None:
    """Moves the person's read mark forward to `up_to` (never back)."""
    participant, _created = Participant.objects.get_or_create(thread=thread, person=person)
    Participant.objects.filter(pk=participant.pk, last_read_id__lt=up_to).update(last_read_id=up_to)


def unread_filter(viewer: User) -> Q | None:
    """Messages by others past the viewer's read mark, in the threads the viewer may open."""
    allowed = clients_open_to(viewer)
    marks = Participant.objects.filter(person=viewer, active=True).values_list(
        "thread_id", "last_read_id", "thread__client_id"
    )
    found = Q()
    for thread_id, last_read, client_id in marks:
        if client_id in allowed:
            found |= Q(thread_id=thread_id, pk__gt=last_read)
    return found or None


def unread_by_thread(viewer: User) -> dict[int, int]:
    found = unread_filter(viewer)
    if found is None:
        return {}
    rows = Message.objects.filter(found, deleted_at=None).exclude(author=viewer)
    counts: dict[int, int] = {}
    for thread_id in rows.values_list("thread_id", flat=True):
        counts[thread_id] = counts.get(thread_id, 0) + 1
    return counts


def unread_total(viewer: User) -> int:
    found = unread_filter(viewer)
    if found is None:
        return 0
    return Message.objects.filter(found, deleted_at=None).exclude(author=viewer).count()


def choose_circle(client: User, membership_ids: list[int]) -> Thread:
    """The client's circle thread with exactly these active supporters in it (and the client).
    Someone left out keeps their past messages in the thread but can no longer open it."""
    active = {m.pk: m for m in active_circle(client)}
    if not active:
        raise ServiceError(_("Invite someone to your circle first."), "members")
    unknown = set(membership_ids) - set(active)
    if unknown:
        raise ServiceError(_("Choose people who are in your circle now."), "members")
    chosen = {active[pk].supporter_id for pk in membership_ids}
    with transaction.atomic():
        thread, _created = Thread.objects.get_or_create(client=client, kind=Thread.Kind.CIRCLE)
        Participant.objects.get_or_create(thread=thread, person=client)
        rows = {p.person_id: p for p in Participant.objects.filter(thread=thread)}
        for person_id in chosen - set(rows):
            Participant.objects.create(thread=thread, person_id=person_id)
        Participant.objects.filter(thread=thread, person_id__in=chosen).update(active=True)
        Participant.objects.filter(thread=thread).exclude(
            person_id__in=chosen | {client.pk}
        ).update(active=False)
    return thread


def circle_choice(client: User) -> list[int]:
    """Membership ids of the active supporters now in the client's circle thread."""
    thread = circle_thread(client)
    if thread is None:
        return []
    inside = set(
        Participant.objects.filter(thread=thread, active=True).values_list("person_id", flat=True)
    )
    return [m.pk for m in active_circle(client) if m.supporter_id in inside]


def editable_ids(messages: list[Message], viewer: User, now: datetime | None = None) -> set[int]:
    now = now or timezone.now()
    return {
        m.pk
        for m in messages
        if m.author_id == viewer.pk and not m.is_deleted and now - m.created_at <= EDIT_WINDOW
    }
