"""Peer groups in the JSON API: groups, joining, posts and replies, milestones, reactions,
reports; moderation (queue, actions, log, invites). Everyone appears by alias. Refusals are
`ServiceError`s, answered as JSON by the API's one handler (429 for the rate limit)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status
from pydantic import Field, StrictBool, StrictInt

from circle.policy import SELF, NotVisible, access_rule
from crisis.schemas import CrisisCheckOut, crisis_out
from groups import moderation, posting, services
from groups.access import (
    GROUP_MEMBER,
    GROUP_MODERATOR,
    GROUP_OPEN,
    Seat,
    membership,
    moderator_seat,
    post_seat,
    seat,
    writer,
)
from groups.models import (
    Group,
    GroupVisibility,
    Member,
    MemberRole,
    MemberStatus,
    ModerationActionKind,
    Post,
    PostKind,
    PostStatus,
    ReactionKind,
    ReportReason,
)
from recoverycircle.api import ERRORS, RATE_LIMITED, Id
from recoverycircle.errors import ServiceError
from recoverycircle.typing import AuthedHttpRequest

router = Router(tags=["groups"])
Text = Annotated[str, Field(max_length=posting.MAX_LENGTH)]


class GroupOut(Schema):
    id: int
    name: str
    description: str
    guidelines: str
    visibility: GroupVisibility
    my_alias: str | None
    my_status: MemberStatus | None
    i_moderate: bool


class GroupIn(Schema):
    name: str = Field(min_length=1, max_length=80)
    description: str = Field("", max_length=1000)
    guidelines: str = Field("", max_length=4000, description="Empty: the house guidelines")
    visibility: GroupVisibility
    alias: str = Field(min_length=2, max_length=40, description="How the group will know you")


class JoinIn(Schema):
    alias: str = Field(max_length=40, description="2 to 40 characters, not your name")
    accept_guidelines: StrictBool
    invite_code: str | None = Field(None, max_length=43)


class GroupMemberOut(Schema):
    id: int
    alias: str
    role: MemberRole
    status: MemberStatus


class PostOut(Schema):
    id: int
    group_id: int
    parent_id: int | None
    author: GroupMemberOut
    kind: PostKind
    text: str
    milestone: str | None
    status: PostStatus
    created_at: datetime
    reply_count: int
    me_too: int
    thanks: int
    my_reactions: list[ReactionKind]


class PostIn(Schema):
    text: str = Field(min_length=1, max_length=posting.MAX_LENGTH)
    parent_id: Id | None = Field(None, description="The post this answers, for a reply")


class MilestoneIn(Schema):
    days: StrictInt = Field(ge=1, le=100_000, description="A milestone of your current streak")
    text: Text = ""


class PublishedOut(Schema):
    post: PostOut
    crisis: CrisisCheckOut | None = Field(
        description="Crisis words in the post: show these resources to the poster now"
    )


class ReportIn(Schema):
    reason: ReportReason
    note: str = Field("", max_length=500)


class ReportOut(Schema):
    id: int
    post_id: int
    reason: ReportReason
    created_at: datetime


class ActionIn(Schema):
    action: ModerationActionKind
    reason: str = Field("", max_length=500)


class LogOut(Schema):
    id: int
    action: ModerationActionKind
    by: str
    post_id: int | None
    member: str | None
    reason: str
    created_at: datetime


class QueueOut(Schema):
    needs_care: list[PostOut]
    reported: list[PostOut]
    hidden: list[PostOut]
    members: list[GroupMemberOut]


class Page(Schema):
    limit: int = Field(20, ge=1, le=100)
    offset: int = Field(0, ge=0, le=1_000_000)


class InviteOut(Schema):
    code: str
    expires_at: datetime


def group_out(group: Group, member: Member | None, moderator: bool) -> GroupOut:
    return GroupOut(
        id=group.pk,
        name=group.name,
        description=group.description,
        guidelines=group.guidelines,
        visibility=GroupVisibility(group.visibility),
        my_alias=member.alias if member else None,
        my_status=MemberStatus(member.status) if member else None,
        i_moderate=moderator,
    )


def member_out(member: Member) -> GroupMemberOut:
    return GroupMemberOut(
        id=member.pk,
        alias=member.alias,
        role=MemberRole(member.role),
        status=MemberStatus(member.status),
    )


def post_out(post: Post, mine: set[tuple[int, str]]) -> PostOut:
    return PostOut(
        id=post.pk,
        group_id=post.group_id,
        parent_id=post.parent_id,
        author=member_out(post.author),
        kind=PostKind(post.kind),
        text=post.text,
        milestone=posting.milestone_text(post) or None,
        status=PostStatus(post.status),
        created_at=post.created_at,
        reply_count=getattr(post, "reply_count", 0),
        me_too=getattr(post, "me_too", 0),
        thanks=getattr(post, "thanks", 0),
        my_reactions=[ReactionKind(k) for pk, k in sorted(mine) if pk == post.pk],
    )


def posts_out(found: Seat, posts: list[Post]) -> list[PostOut]:
    mine = posting.my_reactions(found, posts)
    return [post_out(p, mine) for p in posts]


def published_out(found: Seat, result: posting.Published) -> PublishedOut:
    post = posting.with_counts(Post.objects.filter(pk=result.post.pk)).get()
    return PublishedOut(
        post=posts_out(found, [post])[0],
        crisis=crisis_out(result.crisis) if result.crisis is not None else None,
    )


@router.get(
    "/groups", response={200: list[GroupOut], **ERRORS}, summary="My groups, then open groups"
)
@access_rule(SELF)
def list_groups(request: AuthedHttpRequest) -> list[GroupOut]:
    mine = services.my_groups(request.user)
    found = [group_out(m.group, m, m.is_moderator) for m in mine]
    return found + [group_out(g, None, False) for g in services.open_groups(request.user)]


@router.post("/groups", response={201: GroupOut, **ERRORS}, summary="Start a group (I moderate)")
@access_rule(SELF)
def create_group(request: AuthedHttpRequest, payload: GroupIn) -> Status[GroupOut]:
    draft = services.GroupDraft(**payload.dict())
    member = services.create_group(request.user, draft)
    return Status(201, group_out(member.group, member, True))


@router.get(
    "/groups/{group_id}",
    response={200: GroupOut, **ERRORS},
    summary="A group I am in, or an open group (its guidelines, to join)",
)
@access_rule(GROUP_OPEN)
def get_group(request: AuthedHttpRequest, group_id: int) -> GroupOut:
    group = services.joinable(request.user, group_id)
    member = membership(request.user, group)
    return group_out(group, member, bool(member and member.is_moderator))


@router.post(
    "/groups/{group_id}/join",
    response={201: GroupOut, **ERRORS},
    summary="Join with an alias after accepting the guidelines (invite code for invite-only)",
)
@access_rule(GROUP_OPEN)
def join(request: AuthedHttpRequest, group_id: int, payload: JoinIn) -> Status[GroupOut]:
    group = services.joinable(request.user, group_id, payload.invite_code or "")
    member = services.join(request.user, group, payload.alias, payload.accept_guidelines)
    return Status(201, group_out(group, member, False))


@router.post("/groups/{group_id}/leave", response={204: None, **ERRORS}, summary="Leave the group")
@access_rule(GROUP_MEMBER)
def leave(request: AuthedHttpRequest, group_id: int) -> Status[None]:
    found = seat(request.user, group_id)
    if found.member is not None:
        services.leave(found.member)
    return Status(204, None)


@router.get(
    "/groups/{group_id}/posts",
    response={200: list[PostOut], **ERRORS},
    summary="The group's posts (not replies), newest first",
)
@access_rule(GROUP_MEMBER)
def list_posts(request: AuthedHttpRequest, group_id: int, page: Query[Page]) -> list[PostOut]:
    found = seat(request.user, group_id)
    return posts_out(found, list(posting.feed(found)[page.offset : page.offset + page.limit]))


@router.post(
    "/groups/{group_id}/posts",
    response={201: PublishedOut, **ERRORS, **RATE_LIMITED},
    summary="Post, or reply with parent_id (a few a minute at most)",
)
@access_rule(GROUP_MEMBER)
def publish(request: AuthedHttpRequest, group_id: int, payload: PostIn) -> Status[PublishedOut]:
    member = writer(request.user, group_id)
    parent = None
    if payload.parent_id is not None:
        parent, _found = post_seat(request.user, payload.parent_id)
    result = posting.publish(member, payload.text, parent)
    return Status(201, published_out(seat(request.user, group_id), result))


@router.post(
    "/groups/{group_id}/milestones",
    response={201: PublishedOut, **ERRORS, **RATE_LIMITED},
    summary='Share a milestone I reached ("30 days") with the group',
)
@access_rule(GROUP_MEMBER)
def share_milestone(
    request: AuthedHttpRequest, group_id: int, payload: MilestoneIn
) -> Status[PublishedOut]:
    member = writer(request.user, group_id)
    result = posting.share_milestone(member, payload.days, payload.text)
    return Status(201, published_out(seat(request.user, group_id), result))


@router.get(
    "/group-posts/{post_id}",
    response={200: list[PostOut], **ERRORS},
    summary="A post followed by its replies",
)
@access_rule(GROUP_MEMBER)
def get_post(request: AuthedHttpRequest, post_id: int) -> list[PostOut]:
    post, found = post_seat(request.user, post_id)
    shown = posting.with_counts(Post.objects.filter(pk=post.pk)).get()
    return posts_out(found, [shown, *posting.replies(post, found)])


def reaction(request: AuthedHttpRequest, post_id: int, kind: ReactionKind, on: bool) -> PostOut:
    post, found = post_seat(request.user, post_id)
    posting.set_reaction(writer(request.user, post.group_id), post, kind, on)
    shown = posting.with_counts(Post.objects.filter(pk=post.pk)).get()
    return posts_out(found, [shown])[0]


@router.put(
    "/group-posts/{post_id}/reactions/{kind}",
    response={200: PostOut, **ERRORS},
    summary="React: me_too or thank_you",
)
@access_rule(GROUP_MEMBER)
def add_reaction(request: AuthedHttpRequest, post_id: int, kind: ReactionKind) -> PostOut:
    return reaction(request, post_id, kind, True)


@router.delete(
    "/group-posts/{post_id}/reactions/{kind}",
    response={200: PostOut, **ERRORS},
    summary="Take a reaction back",
)
@access_rule(GROUP_MEMBER)
def remove_reaction(request: AuthedHttpRequest, post_id: int, kind: ReactionKind) -> PostOut:
    return reaction(request, post_id, kind, False)


@router.post(
    "/group-posts/{post_id}/reports",
    response={201: ReportOut, **ERRORS},
    summary="Report a post to the moderators",
)
@access_rule(GROUP_MEMBER)
def report(request: AuthedHttpRequest, post_id: int, payload: ReportIn) -> Status[ReportOut]:
    post, found = post_seat(request.user, post_id)
    if found.member is None:
        raise ServiceError(_("Staff act from the moderation queue."))
    made = moderation.report(found.member, post, payload.reason, payload.note)
    return Status(
        201,
        ReportOut(
            id=made.pk,
            post_id=post.pk,
            reason=ReportReason(made.reason),
            created_at=made.created_at,
        ),
    )


@router.get(
    "/groups/{group_id}/moderation",
    response={200: QueueOut, **ERRORS},
    summary="The moderation queue (moderators and staff)",
)
@access_rule(GROUP_MODERATOR)
def moderation_queue(request: AuthedHttpRequest, group_id: int) -> QueueOut:
    found = moderator_seat(request.user, group_id)
    queue = moderation.queue(found)
    return QueueOut(
        needs_care=posts_out(found, queue.care),
        reported=posts_out(found, [post for post, _reports in queue.reported]),
        hidden=posts_out(found, queue.hidden),
        members=[member_out(m) for m in queue.members],
    )


@router.get(
    "/groups/{group_id}/moderation/log",
    response={200: list[LogOut], **ERRORS},
    summary="The moderation log: reports, crisis flags and every moderator action",
)
@access_rule(GROUP_MODERATOR)
def moderation_log(request: AuthedHttpRequest, group_id: int) -> list[LogOut]:
    found = moderator_seat(request.user, group_id)
    return [
        LogOut(
            id=entry.pk,
            action=ModerationActionKind(entry.action),
            by=entry.actor_label,
            post_id=entry.post_id,
            member=entry.member.alias if entry.member else None,
            reason=entry.reason,
            created_at=entry.created_at,
        )
        for entry in moderation.history(found)[:200]
    ]


@router.post(
    "/groups/{group_id}/invites",
    response={201: InviteOut, **ERRORS},
    summary="Make an invite link code (moderators)",
)
@access_rule(GROUP_MODERATOR)
def make_invite(request: AuthedHttpRequest, group_id: int) -> Status[InviteOut]:
    made = services.make_invite(moderator_seat(request.user, group_id))
    return Status(201, InviteOut(code=made.code, expires_at=made.expires_at))


@router.post(
    "/group-posts/{post_id}/moderation",
    response={200: PostOut, **ERRORS},
    summary="Hide, restore or remove a post, or dismiss its reports (moderators)",
)
@access_rule(GROUP_MODERATOR)
def moderate_post(request: AuthedHttpRequest, post_id: int, payload: ActionIn) -> PostOut:
    post = Post.objects.select_related("author", "group").filter(pk=post_id).first()
    if post is None:
        raise NotVisible
    found = moderator_seat(request.user, post.group_id)
    moderation.act_on_post(found, post, payload.action, payload.reason)
    return posts_out(found, [posting.with_counts(Post.objects.filter(pk=post.pk)).get()])[0]


@router.post(
    "/group-members/{member_id}/moderation",
    response={200: GroupMemberOut, **ERRORS},
    summary="Mute, unmute or remove a member (moderators)",
)
@access_rule(GROUP_MODERATOR)
def moderate_member(
    request: AuthedHttpRequest, member_id: int, payload: ActionIn
) -> GroupMemberOut:
    member = Member.objects.filter(pk=member_id).first()
    if member is None:
        raise NotVisible
    found = moderator_seat(request.user, member.group_id)
    return member_out(moderation.act_on_member(found, member, payload.action, payload.reason))
