from __future__ import annotations

from datetime import datetime

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from ninja import Router, Schema, Status
from ninja.errors import HttpError
from pydantic import EmailStr, Field

from circle import policy, services
from circle.models import Invitation, Membership, Relationship, Scope
from circle.policy import MEMBER, SELF, access_rule
from ratelimits.services import check_request
from recoverycircle.api import ERRORS, RATE_LIMITED, PersonOut
from recoverycircle.typing import AuthedHttpRequest

router = Router(tags=["circle"])


class MemberOut(Schema):
    id: int
    supporter: PersonOut
    relationship: Relationship
    scopes: list[Scope]
    status: str
    created_at: datetime


class InvitationOut(Schema):
    id: int
    email: str
    relationship: Relationship
    scopes: list[Scope]
    status: str
    expires_at: datetime


class CircleOut(Schema):
    members: list[MemberOut]
    pending_invitations: list[InvitationOut]


class InvitationIn(Schema):
    email: EmailStr
    relationship: Relationship
    scopes: list[Scope] = Field(default_factory=list)
    message: str = Field(default="", max_length=500)


class MemberUpdateIn(Schema):
    scopes: list[Scope] | None = None
    relationship: Relationship | None = None
    paused: bool | None = None


class SupportedOut(Schema):
    membership_id: int
    client: PersonOut
    relationship: Relationship
    scopes: list[Scope]


def supported_out(membership: Membership) -> SupportedOut:
    return SupportedOut(
        membership_id=membership.pk,
        client=PersonOut(id=membership.client.pk, display_name=str(membership.client)),
        relationship=Relationship(membership.relationship),
        scopes=[Scope(s) for s in membership.scopes],
    )


@router.get("/circle", response={200: CircleOut, **ERRORS}, summary="My circle")
@access_rule(SELF)
def my_circle(request: AuthedHttpRequest) -> CircleOut:
    return CircleOut(
        members=[MemberOut.from_orm(m) for m in services.circle_of(request.user)],
        pending_invitations=[
            InvitationOut.from_orm(i) for i in services.pending_invitations(request.user)
        ],
    )


@router.post(
    "/circle/invitations",
    response={201: InvitationOut, **ERRORS, **RATE_LIMITED},
    summary="Invite a supporter by e-mail",
)
@access_rule(SELF)
def invite(request: AuthedHttpRequest, payload: InvitationIn) -> Status[Invitation]:
    check_request("invitation", request, account=request.user.pk)
    invitation = services.invite(
        request.user, payload.email, payload.relationship, list(payload.scopes), payload.message
    )
    return Status(201, invitation)


@router.delete(
    "/circle/invitations/{invitation_id}",
    response={204: None, **ERRORS},
    summary="Cancel an invitation",
)
@access_rule(SELF)
def cancel_invitation(request: AuthedHttpRequest, invitation_id: int) -> Status[None]:
    services.cancel_invitation(request.user, invitation_id)
    return Status(204, None)


@router.patch(
    "/circle/members/{membership_id}",
    response={200: MemberOut, **ERRORS},
    summary="Change a supporter's scopes or relationship, pause or resume them",
)
@access_rule(SELF)
def update_member(
    request: AuthedHttpRequest, membership_id: int, payload: MemberUpdateIn
) -> Membership:
    return services.update_membership(
        request.user,
        membership_id,
        scopes=None if payload.scopes is None else list(payload.scopes),
        relationship=payload.relationship,
        paused=payload.paused,
    )


@router.delete(
    "/circle/members/{membership_id}",
    response={204: None, **ERRORS},
    summary="Remove a supporter from my circle",
)
@access_rule(SELF)
def remove_member(request: AuthedHttpRequest, membership_id: int) -> Status[None]:
    services.remove_supporter(request.user, membership_id)
    return Status(204, None)


@router.get(
    "/supporting",
    response={200: list[SupportedOut], **ERRORS},
    summary="The circles I support, with what each client shares with me",
)
@access_rule(SELF)
def supporting(request: AuthedHttpRequest) -> list[SupportedOut]:
    return [supported_out(m) for m in services.supported_by(request.user)]


@router.get(
    "/supporting/{client_id}",
    response={200: SupportedOut, **ERRORS},
    summary="What one client shares with me",
)
@access_rule(MEMBER, what=gettext_noop("circle overview"))
def supporting_one(request: AuthedHttpRequest, client_id: int) -> SupportedOut:
    membership = policy.granted(request).membership
    if membership is None:
        raise HttpError(404, _("You are this client; see /circle instead."))
    return supported_out(membership)


# The same path as the read above: two operations on one path must name the parameter alike,
# or the second one is never routed (a DELETE to /supporting/{membership_id} answered 405).
@router.delete(
    "/supporting/{client_id}",
    response={204: None, **ERRORS},
    summary="Leave the circle of a client I support",
)
@access_rule(SELF)
def leave(request: AuthedHttpRequest, client_id: int) -> Status[None]:
    services.leave_circle_of(request.user, client_id)
    return Status(204, None)
