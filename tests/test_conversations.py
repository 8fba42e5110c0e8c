"""Conversations: threads, sending, notifications, read state, edits, deletions, access,
crisis scanning and the page that polls for new messages."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from alerts.models import Alert, Notification
from audit.models import AccessLog
from circle.models import Membership
from circle.policy import NotVisible
from conversations import services
from conversations.access import thread_for
from conversations.models import Message, Thread
from crisis.models import CrisisEvent
from recoverycircle.errors import Conflict, Forbidden, ServiceError
from tests.conftest import client_for


@pytest.fixture
def thread(alice: User, bob: User, bob_membership: Membership) -> Thread:
    return services.direct_thread(alice, bob)


def emails_to(person: User) -> list[Notification]:
    return list(Notification.objects.filter(recipient=person, channel=Notification.Channel.EMAIL))


def test_it_lists_a_thread_per_supporter_for_both_sides(
    alice: User, bob: User, dana: User, bob_membership: Membership, dana_membership: Membership
) -> None:
    mine = services.threads_for(alice)
    assert sorted(s.title for s in mine) == ["Bob Brown", "Dana Diaz"]
    assert [s.title for s in services.threads_for(bob)] == ["Alice Anders"]
    assert Thread.objects.count() == 2  # made once, found again
    services.threads_for(alice)
    assert Thread.objects.count() == 2


def test_it_sends_and_tells_the_other_side_once_until_they_read(
    alice: User, bob: User, thread: Thread
) -> None:
    services.send(alice, thread, "How did it go today?")
    services.send(alice, thread, "No rush.")
    assert len(emails_to(bob)) == 1
    assert emails_to(alice) == []
    email = emails_to(bob)[0]
    assert email.alert.kind == "message" and "How did it go" not in email.alert.body
    assert email.alert.link == reverse("conversations:thread", args=[thread.pk])
    assert services.unread_total(bob) == 2
    services.mark_read(bob, thread, Message.objects.latest("id").pk)
    assert services.unread_total(bob) == 0
    services.send(alice, thread, "Call me tonight?")
    assert len(emails_to(bob)) == 2


def test_it_counts_unread_messages_per_thread_and_not_my_own(
    alice: User, bob: User, thread: Thread
) -> None:
    services.send(bob, thread, "Thinking of you")
    services.send(alice, thread, "Thanks!")
    assert services.unread_by_thread(alice) == {}
    assert services.unread_by_thread(bob) == {thread.pk: 1}
    assert services.unread_total(bob) == 1


def test_it_shows_the_unread_count_in_the_navigation(
    alice: User, bob: User, thread: Thread
) -> None:
    services.send(bob, thread, "Thinking of you")
    page = client_for(alice).get(reverse("home")).content.decode()
    assert 'href="/messages/">Messages <span class="badge">1' in page


def test_it_refuses_empty_and_overlong_messages(alice: User, thread: Thread) -> None:
    with pytest.raises(ServiceError, match="Write something"):
        services.send(alice, thread, "   ")
    with pytest.raises(ServiceError, match="under 4000"):
        services.send(alice, thread, "x" * 4001)
    assert not Message.objects.exists()


def test_it_lets_the_author_edit_within_the_window_only(
    alice: User, bob: User, thread: Thread
) -> None:
    sent = services.send(bob, thread, "See you at 7")
    with time_machine.travel(timezone.now() + timedelta(minutes=10)):
        services.edit(bob, sent.message, "See you at 8")
    sent.message.refresh_from_db()
    assert sent.message.text == "See you at 8" and sent.message.edited_at is not None
    with pytest.raises(Forbidden):
        services.edit(alice, sent.message, "hacked")
    with time_machine.travel(timezone.now() + timedelta(minutes=16)), pytest.raises(Conflict):
        services.edit(bob, sent.message, "See you at 9")


def test_it_deletes_the_words_of_my_own_message_only(
    alice: User, bob: User, thread: Thread
) -> None:
    sent = services.send(bob, thread, "Here's my address: 12 Elm St")
    with pytest.raises(Forbidden):
        services.delete(alice, sent.message)
    services.delete(bob, sent.message)
    sent.message.refresh_from_db()
    assert sent.message.text == "" and sent.message.is_deleted
    with pytest.raises(Conflict):
        services.delete(bob, sent.message)


def test_it_shuts_out_a_removed_supporter_and_keeps_their_words_for_the_client(
    alice: User, bob: User, thread: Thread, bob_membership: Membership
) -> None:
    services.send(bob, thread, "I'm proud of you")
    bob_membership.status = Membership.Status.ENDED
    bob_membership.save()
    with pytest.raises(NotVisible):
        thread_for(bob, thread.pk)
    page = client_for(alice).get(reverse("conversations:thread", args=[thread.pk]))
    text = page.content.decode()
    assert "I&#x27;m proud of you" in text and "Bob Brown" in text
    assert "kept for reading only" in text
    with pytest.raises(Forbidden):
        services.send(alice, thread, "Are you there?")
    assert [s.title for s in services.threads_for(alice)] == ["Bob Brown"]
    assert services.threads_for(bob) == []


def test_it_sends_no_email_to_a_supporter_paused_before_delivery(
    alice: User, bob: User, thread: Thread, bob_membership: Membership
) -> None:
    from alerts.delivery import deliver_due

    services.send(alice, thread, "Hi Bob")
    bob_membership.status = Membership.Status.PAUSED
    bob_membership.save()
    deliver_due("test")
    assert emails_to(bob)[0].status == Notification.Status.SKIPPED


def test_it_logs_a_supporter_opening_the_thread(alice: User, bob: User, thread: Thread) -> None:
    client_for(bob).get(reverse("conversations:thread", args=[thread.pk]))
    assert AccessLog.objects.filter(viewer=bob, client=alice, what="conversation").count() == 1
    client_for(alice).get(reverse("conversations:thread", args=[thread.pk]))
    assert AccessLog.objects.filter(viewer=alice).count() == 0


def test_it_scans_every_message_the_client_writes(alice: User, bob: User, thread: Thread) -> None:
    sent = services.send(alice, thread, "I don't want to live anymore")
    assert sent.crisis is not None and sent.concern is None
    assert CrisisEvent.objects.filter(client=alice).count() == 1
    assert Message.objects.get().text == "I don't want to live anymore"
    services.edit(alice, sent.message, "I want to die")
    assert CrisisEvent.objects.filter(client=alice).count() == 2


def test_it_prompts_a_supporter_who_writes_about_the_clients_crisis(
    alice: User, bob: User, thread: Thread
) -> None:
    about = services.send(bob, thread, "She said she wants to die, I don't know what to do")
    assert about.concern is not None and about.crisis is None
    assert not CrisisEvent.objects.filter(client=alice).exists()
    calm = services.send(bob, thread, "Alice would never hurt herself, she is doing great")
    assert calm.concern is None and calm.crisis is None
    own = services.send(bob, thread, "Honestly I want to die some days too")
    assert own.crisis is not None and own.concern is None
    assert CrisisEvent.objects.filter(client=bob).count() == 1


def test_it_shows_the_supporter_what_to_do(alice: User, bob: User, thread: Thread) -> None:
    web = client_for(bob)
    url = reverse("conversations:send", args=[thread.pk])
    response = web.post(url, {"text": "Alice says she wants to end it all"}, follow=True)
    page = response.content.decode()
    assert "It sounds like someone may be in crisis" in page
    assert "988" in page and "1-800-662-4357" in page


def test_it_shows_the_client_crisis_resources_after_sending(alice: User, thread: Thread) -> None:
    web = client_for(alice)
    url = reverse("conversations:send", args=[thread.pk])
    page = web.post(url, {"text": "I want to kill myself"}, follow=True).content.decode()
    assert "988" in page and "1-800-662-4357" in page


def test_it_sends_from_the_page_without_reloading(alice: User, bob: User, thread: Thread) -> None:
    services.send(bob, thread, "First")
    web = client_for(alice)
    page = web.get(reverse("conversations:thread", args=[thread.pk]))
    after, since = page.context["after"], page.context["since"]
    services.send(bob, thread, "Second, while alice types")
    response = web.post(
        reverse("conversations:send", args=[thread.pk]),
        {"text": "Third", "after": after, "since": since},
        headers={"HX-Request": "true"},
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert 'id="message-form"' in body and "Second, while alice types" in body and "Third" in body
    assert 'hx-swap-oob="beforeend:#message-list"' in body
    assert "First" not in body  # already on the page
    assert 'id="crisis-slot"' not in body  # lines shown after an earlier message stay
    response = web.post(
        reverse("conversations:send", args=[thread.pk]),
        {"text": "I want to die", "after": after, "since": since},
        headers={"HX-Request": "true"},
    )
    body = response.content.decode()
    assert 'id="crisis-slot" aria-live="assertive" hx-swap-oob="true"' in body
    assert 'href="tel:988"' in body


def test_it_keeps_the_words_of_a_refused_message_in_the_form(alice: User, thread: Thread) -> None:
    response = client_for(alice).post(
        reverse("conversations:send", args=[thread.pk]),
        {"text": "   "},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200 and "This field is required" in response.content.decode()
    response = client_for(alice).post(reverse("conversations:send", args=[thread.pk]), {"text": ""})
    assert response.status_code == 400


def test_it_polls_for_new_edited_and_deleted_messages(
    alice: User, bob: User, thread: Thread
) -> None:
    old = services.send(bob, thread, "Old news")
    web = client_for(alice)
    page = web.get(reverse("conversations:thread", args=[thread.pk]))
    poll = reverse("conversations:poll", args=[thread.pk])
    marks = {"after": page.context["after"], "since": page.context["since"]}
    assert web.get(poll, marks).status_code == 204
    services.send(bob, thread, "Fresh news")
    services.edit(bob, old.message, "Old news, corrected")
    response = web.get(poll, marks)
    body = response.content.decode()
    assert response.status_code == 200
    assert "Fresh news" in body and "Old news, corrected" in body
    assert f'id="message-{old.message.pk}" class="msg" hx-swap-oob="true"' in body
    assert services.unread_total(alice) == 0  # shown on the open page: read
    assert web.get(poll, {"after": "x", "since": "y"}).status_code == 400


def test_it_logs_only_the_polls_that_show_a_supporter_something_new(
    alice: User, bob: User, thread: Thread
) -> None:
    web = client_for(bob)
    page = web.get(reverse("conversations:thread", args=[thread.pk]))
    marks = {"after": page.context["after"], "since": page.context["since"]}
    poll = reverse("conversations:poll", args=[thread.pk])
    for _ in range(3):
        web.get(poll, marks)
    assert AccessLog.objects.filter(viewer=bob).count() == 1
    services.send(alice, thread, "Are you free Saturday?")
    web.get(poll, marks)
    assert AccessLog.objects.filter(viewer=bob).count() == 2


def test_it_lets_the_client_choose_the_circle_thread(
    alice: User,
    bob: User,
    dana: User,
    charlie: User,
    bob_membership: Membership,
    dana_membership: Membership,
) -> None:
    circle = services.choose_circle(alice, [bob_membership.pk])
    assert services.circle_choice(alice) == [bob_membership.pk]
    assert thread_for(bob, circle.pk) == circle
    with pytest.raises(NotVisible):
        thread_for(dana, circle.pk)
    services.send(alice, circle, "Thanks for being here, both of you")
    services.choose_circle(alice, [dana_membership.pk])
    with pytest.raises(NotVisible):
        thread_for(bob, circle.pk)
    assert thread_for(dana, circle.pk) == circle
    other = Membership.objects.create(client=charlie, supporter=bob, relationship="friend")
    with pytest.raises(ServiceError, match="in your circle now"):
        services.choose_circle(alice, [other.pk])


def test_it_tells_everyone_in_the_circle_thread(
    alice: User, bob: User, dana: User, bob_membership: Membership, dana_membership: Membership
) -> None:
    circle = services.choose_circle(alice, [bob_membership.pk, dana_membership.pk])
    services.send(bob, circle, "Coffee after the meeting?")
    assert len(emails_to(alice)) == 1 and len(emails_to(dana)) == 1 and emails_to(bob) == []
    alert = Alert.objects.get()
    assert alert.client == alice and alert.subject == "New message from Bob Brown"


def test_it_asks_the_client_to_invite_someone_before_a_circle_thread(alice: User) -> None:
    with pytest.raises(ServiceError, match="Invite someone"):
        services.choose_circle(alice, [])
    response = client_for(alice).post(reverse("conversations:circle_members"), {"members": []})
    assert response.status_code == 400 and not Thread.objects.exists()
