"""Peer groups: aliases, joining, posting, rate limits, crisis scanning, reactions, reports,
moderation and its log, milestones, and pseudonymity."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from alerts.models import Notification
from circle.policy import NotVisible
from crisis.models import CrisisEvent
from groups import moderation, posting, services
from groups.access import moderator_seat, seat, writer
from groups.models import Group, Member, ModerationAction, Post, Report
from recoverycircle.errors import Conflict, Forbidden, ServiceError, TooMany
from sobriety.services import set_start
from tests.conftest import client_for

A = ModerationAction.Action


@pytest.fixture
def mod(alice: User) -> Member:
    draft = services.GroupDraft("Mornings", "Early risers", "", Group.Visibility.OPEN, "Lantern")
    return services.create_group(alice, draft)


@pytest.fixture
def harbor(bob: User, mod: Member) -> Member:
    return services.join(bob, mod.group, "Harbor", accepted=True)


def actions(group: Group) -> list[str]:
    return list(ModerationAction.objects.filter(group=group).values_list("action", flat=True))


def test_it_makes_the_creator_the_moderator_with_house_guidelines(mod: Member) -> None:
    assert mod.role == Member.Role.MODERATOR and mod.is_moderator
    assert "988" in mod.group.guidelines


@pytest.mark.parametrize(
    "alias", ["Bob", "bob brown", "bob@example.org", "BOB", "x", "a" * 41, "Brown Bear"]
)
def test_it_refuses_an_alias_that_is_a_name_or_an_address(
    bob: User, mod: Member, alias: str
) -> None:
    with pytest.raises(ServiceError) as refused:
        services.join(bob, mod.group, alias, accepted=True)
    assert refused.value.field == "alias"


def test_it_needs_the_guidelines_accepted_and_a_free_alias(
    bob: User, charlie: User, mod: Member
) -> None:
    with pytest.raises(ServiceError, match="guidelines"):
        services.join(bob, mod.group, "Harbor", accepted=False)
    with pytest.raises(ServiceError, match="already uses this alias"):
        services.join(bob, mod.group, "lantern", accepted=True)
    services.join(bob, mod.group, "Harbor", accepted=True)
    with pytest.raises(Conflict):
        services.join(bob, mod.group, "Harbor 2", accepted=True)


def test_it_keeps_invite_only_groups_hidden_without_an_invite(alice: User, bob: User) -> None:
    draft = services.GroupDraft("Quiet room", "", "", Group.Visibility.INVITE, "Lantern")
    group = services.create_group(alice, draft).group
    assert group not in services.open_groups(bob)
    with pytest.raises(NotVisible):
        services.joinable(bob, group.pk)
    invite = services.make_invite(moderator_seat(alice, group.pk))
    assert services.joinable(bob, group.pk, invite.code) == group
    page = client_for(bob).get(reverse("groups:join_by_invite", args=[invite.code]))
    assert page.status_code == 200 and "Quiet room" in page.content.decode()
    with time_machine.travel(timezone.now() + timedelta(days=15)), pytest.raises(NotVisible):
        services.invite_for(invite.code)


def test_it_never_shows_a_members_name_in_the_group(
    alice: User, bob: User, mod: Member, harbor: Member
) -> None:
    posting.publish(harbor, "Day 3. Hard, but here.")
    for person in (alice, bob):
        web = client_for(person)
        pages = [
            web.get(reverse("groups:group", args=[mod.group_id])),
            web.get(reverse("groups:moderate", args=[mod.group_id])),
        ]
        for page in pages:
            body = page.content.decode()
            assert "Harbor" in body or page.status_code == 403
            assert "Bob Brown" not in body and "bob@example.org" not in body


def test_it_posts_replies_and_reacts(mod: Member, harbor: Member) -> None:
    post = posting.publish(harbor, "Anyone else find Sundays hard?").post
    reply = posting.publish(mod, "Me. I plan something for Sunday mornings now.", post).post
    with pytest.raises(ServiceError, match="Reply to a post"):
        posting.publish(harbor, "nested", reply)
    assert posting.toggle_reaction(mod, post, "me_too") is True
    assert posting.toggle_reaction(harbor, reply, "thank_you") is True
    assert posting.toggle_reaction(mod, post, "me_too") is False
    with pytest.raises(ServiceError):
        posting.toggle_reaction(mod, post, "love")
    shown = posting.feed(seat(harbor.user, mod.group_id)).get()
    counts = (shown.reply_count, shown.me_too)  # type: ignore[attr-defined]  # with_counts() adds them
    assert counts == (1, 0)


def test_it_limits_how_fast_a_member_posts(harbor: Member) -> None:
    start = timezone.now()
    for n in range(3):
        posting.publish(harbor, f"post {n}", now=start + timedelta(seconds=n))
    with pytest.raises(TooMany, match="3 times in the last minute"):
        posting.publish(harbor, "one more", now=start + timedelta(seconds=5))
    for n in range(17):
        posting.publish(harbor, f"later {n}", now=start + timedelta(minutes=2 + 3 * n))
    with pytest.raises(TooMany, match="20 times in the last hour"):
        posting.publish(harbor, "too many", now=start + timedelta(minutes=55))
    assert Post.objects.count() == 20


def test_it_answers_the_rate_limit_clearly_on_the_page(bob: User, harbor: Member) -> None:
    for n in range(3):
        posting.publish(harbor, f"post {n}")
    web = client_for(bob)
    response = web.post(reverse("groups:new_post", args=[harbor.group_id]), {"text": "again"})
    assert response.status_code == 400
    assert "Please wait a little" in response.content.decode()


def test_it_shows_the_poster_crisis_lines_and_tells_the_moderators(
    alice: User, bob: User, mod: Member, harbor: Member
) -> None:
    web = client_for(bob)
    url = reverse("groups:new_post", args=[mod.group_id])
    page = web.post(url, {"text": "I can't do this anymore, I want to die"}, follow=True)
    assert "1-800-662-4357" in page.content.decode()
    post = Post.objects.get()
    assert post.needs_care and post.status == Post.Status.VISIBLE
    assert CrisisEvent.objects.filter(client=bob, source="post").count() == 1
    told = Notification.objects.filter(recipient=alice, alert__kind="group_care")
    assert told.count() == 2  # inbox and e-mail
    first = told.first()
    assert first is not None
    alert = first.alert
    assert "Harbor" in alert.subject and "want to die" not in alert.subject + alert.body
    assert actions(mod.group) == [A.CRISIS_FLAG]
    assert moderation.queue(moderator_seat(alice, mod.group_id)).care == [post]
    # Others in the group see the post, not the crisis lines shown to its author.
    other = client_for(alice).get(reverse("groups:post", args=[post.pk])).content.decode()
    assert "want to die" in other and "What you wrote sounds very hard" not in other


def test_it_logs_reports_and_tells_the_moderators(alice: User, mod: Member, harbor: Member) -> None:
    post = posting.publish(mod, "Buy my supplements!").post
    with pytest.raises(ServiceError, match="your own post"):
        moderation.report(mod, post, Report.Reason.SPAM)
    moderation.report(harbor, post, Report.Reason.SPAM, "selling")
    with pytest.raises(Conflict):
        moderation.report(harbor, post, Report.Reason.SPAM)
    assert actions(mod.group) == [A.REPORT]
    entry = ModerationAction.objects.get()
    assert entry.actor_label == "Harbor" and entry.reason == "Spam or selling"


def test_it_hides_restores_and_removes_posts_with_a_log(
    alice: User, bob: User, mod: Member, harbor: Member
) -> None:
    post = posting.publish(harbor, "Rude words").post
    moderation.report(mod, post, Report.Reason.HARMFUL)
    desk = moderator_seat(alice, mod.group_id)
    moderation.act_on_post(desk, post, A.HIDE, "unkind")
    assert not Report.objects.filter(resolved_at=None).exists()
    member_view = seat(bob, mod.group_id)
    assert list(posting.feed(member_view)) == [post]  # the author still sees it, marked hidden
    with pytest.raises(ServiceError, match="not shown"):
        posting.publish(harbor, "replying to my hidden post", post)
    moderation.act_on_post(desk, post, A.RESTORE)
    moderation.act_on_post(desk, post, A.REMOVE_POST, "spam")
    post.refresh_from_db()
    assert post.status == Post.Status.REMOVED
    assert actions(mod.group) == [A.REMOVE_POST, A.RESTORE, A.HIDE, A.REPORT]
    log = client_for(alice).get(reverse("groups:log", args=[mod.group_id])).content.decode()
    assert "Post hidden" in log and "Lantern" in log and "unkind" in log


def test_it_hides_a_hidden_post_from_other_members(
    alice: User, bob: User, charlie: User, mod: Member, harbor: Member
) -> None:
    other = services.join(charlie, mod.group, "Meadow", accepted=True)
    post = posting.publish(harbor, "Something hidden").post
    moderation.act_on_post(moderator_seat(alice, mod.group_id), post, A.HIDE)
    assert list(posting.feed(seat(charlie, mod.group_id))) == []
    page = client_for(charlie).get(reverse("groups:post", args=[post.pk]))
    assert page.status_code == 404
    assert other.can_read


def test_it_mutes_and_removes_members(alice: User, bob: User, mod: Member, harbor: Member) -> None:
    desk = moderator_seat(alice, mod.group_id)
    moderation.act_on_member(desk, harbor, A.MUTE, "flooding")
    with pytest.raises(Forbidden, match="muted"):
        writer(bob, mod.group_id)
    assert seat(bob, mod.group_id).member == harbor  # still reads
    moderation.act_on_member(desk, harbor, A.UNMUTE)
    moderation.act_on_member(desk, harbor, A.REMOVE_MEMBER, "threats")
    with pytest.raises(NotVisible):
        seat(bob, mod.group_id)
    with pytest.raises(Forbidden, match="removed you"):
        services.join(bob, mod.group, "Harbor again", accepted=True)
    with pytest.raises(ServiceError, match="yourself"):
        moderation.act_on_member(desk, mod, A.MUTE)
    assert actions(mod.group) == [A.REMOVE_MEMBER, A.UNMUTE, A.MUTE]


def test_it_lets_only_staff_act_on_a_moderator_or_reveal_an_alias(
    alice: User, bob: User, dana: User, mod: Member, harbor: Member
) -> None:
    harbor.role = Member.Role.MODERATOR
    harbor.save()
    with pytest.raises(Forbidden, match="Only staff"):
        moderation.act_on_member(moderator_seat(alice, mod.group_id), harbor, A.MUTE)
    with pytest.raises(Forbidden):
        moderation.reveal(moderator_seat(alice, mod.group_id), harbor, "worried about safety")
    dana.is_staff = True
    dana.save()
    staff = moderator_seat(dana, mod.group_id)
    with pytest.raises(ServiceError, match="Say why"):
        moderation.reveal(staff, harbor, "")
    assert moderation.reveal(staff, harbor, "crisis post, no reply for an hour") == bob
    entry = ModerationAction.objects.get(action=A.REVEAL)
    assert entry.actor == dana and entry.actor_label == "Staff" and "crisis post" in entry.reason
    moderation.act_on_member(staff, harbor, A.MUTE)


def test_it_shares_only_a_milestone_the_member_reached(bob: User, harbor: Member) -> None:
    assert posting.reachable_milestones(harbor) == []
    with pytest.raises(ServiceError, match="reached"):
        posting.share_milestone(harbor, 30)
    set_start(bob, date.today() - timedelta(days=35))
    assert 30 in posting.reachable_milestones(harbor)
    shared = posting.share_milestone(harbor, 30, "Thank you all").post
    assert shared.kind == Post.Kind.MILESTONE
    assert posting.milestone_text(shared) == "Harbor reached 30 days"
    with pytest.raises(ServiceError):
        posting.share_milestone(harbor, 60)
    web = client_for(bob)
    url = reverse("groups:milestone", args=[harbor.group_id])
    assert web.post(url, {"days": 60, "note": ""}).status_code == 400
    response = web.post(url, {"days": 7, "note": "A week at a time"})
    assert response.status_code == 302
    page = web.get(reverse("groups:group", args=[harbor.group_id])).content.decode()
    assert "Harbor reached 30 days" in page and "Harbor reached 1 week" in page
    assert "A week at a time" in page and "Share a milestone" in page


def test_it_keeps_the_only_moderator_in_the_group(mod: Member, harbor: Member) -> None:
    with pytest.raises(Conflict, match="only moderator"):
        services.leave(mod)
    services.leave(harbor)
    assert harbor.status == Member.Status.LEFT
    rejoined = services.join(harbor.user, mod.group, "Harbor", accepted=True)
    assert rejoined.pk == harbor.pk and rejoined.can_read


def test_it_reacts_without_reloading(bob: User, mod: Member, harbor: Member) -> None:
    post = posting.publish(mod, "Welcome").post
    response = client_for(bob).post(
        reverse("groups:react", args=[post.pk]), {"kind": "me_too"}, headers={"HX-Request": "true"}
    )
    body = response.content.decode()
    assert response.status_code == 200 and 'aria-pressed="true"' in body
    assert body.lstrip().startswith('<div class="reactions"')
