from __future__ import annotations

from datetime import datetime
from typing import Literal

from django.utils.translation import gettext, gettext_noop
from ninja import Query, Router, Schema, Status
from ninja.errors import HttpError
from pydantic import Field

from accounts.models import User
from circle import members, policy
from circle.models import Membership, Scope
from circle.policy import SELF, access_rule, client_scope
from crisis.schemas import CrisisCheckOut, crisis_out
from plans import coauthoring, services
from plans.content import PlanContent
from plans.diff import SectionDiff, diff_contents
from plans.models import PlanVersion, Proposal
from plans.suggestions import WARNING_SIGNS
from recoverycircle.api import ERRORS, PersonOut
from recoverycircle.typing import AuthedHttpRequest

router = Router(tags=["relapse prevention plan"])
WHAT = gettext_noop("relapse prevention plan")


class PlanPersonOut(Schema):
    membership_id: int
    name: str
    relationship: str
    paused: bool


class VersionSummaryOut(Schema):
    number: int
    created_at: datetime
    author_name: str
    accepted_by: PersonOut | None
    note: str
    changed_sections: list[str]


class VersionOut(VersionSummaryOut):
    content: PlanContent


class PlanOut(Schema):
    client: PersonOut
    version: int = Field(description="0 while the plan has never been saved")
    saved_at: datetime | None
    author_name: str | None
    content: PlanContent
    people: list[PlanPersonOut]
    can_propose: bool
    can_edit: bool


class PlanIn(Schema):
    content: PlanContent
    note: str = Field(default="", max_length=300)


class SavedOut(Schema):
    created: bool = Field(description="False when nothing changed: no new version was made")
    version: VersionOut
    crisis: CrisisCheckOut | None = Field(
        description="Set when the client's new words sound like a crisis: show the resources"
    )


class ProposalOut(Schema):
    id: int
    client: PersonOut
    author_name: str
    base_version: int
    status: Proposal.Status
    note: str
    created_at: datetime
    decided_at: datetime | None
    version: int | None
    content: PlanContent


class ChangeOut(Schema):
    before: str
    after: str


class SectionDiffOut(Schema):
    section: str
    title: str
    added: list[str]
    removed: list[str]
    changed: list[ChangeOut]
    reordered: bool


class CoAuthorOut(Schema):
    membership_id: int
    display_name: str
    sees_plan: bool
    role: Literal["none", "propose", "edit"]


class CoAuthorIn(Schema):
    role: Literal["none", "propose", "edit"]


class DiffQuery(Schema):
    from_version: int | None = Field(None, ge=0)
    to_version: int | None = Field(None, ge=1)


def person(user: User | None) -> PersonOut | None:
    return PersonOut(id=user.pk, display_name=str(user)) if user else None


def version_out(found: PlanVersion) -> VersionOut:
    return VersionOut(
        number=found.number,
        created_at=found.created_at,
        author_name=found.author_name,
        accepted_by=person(found.accepted_by),
        note=found.note,
        changed_sections=found.changed_sections,
        content=PlanContent.model_validate(found.content),
    )


def plan_out(client: User, membership: Membership | None) -> PlanOut:
    current = services.current_version(client)
    content = services.content_of(client, current)
    rights = coauthoring.rights_of(membership)
    return PlanOut(
        client=PersonOut(id=client.pk, display_name=str(client)),
        version=current.number if current else 0,
        saved_at=current.created_at if current else None,
        author_name=current.author_name if current else None,
        content=content,
        people=[PlanPersonOut(**vars(p)) for p in services.people_of(client, content)],
        can_propose=membership is not None and rights.propose,
        can_edit=rights.edit,
    )


def saved_out(saved: services.Saved) -> Status[SavedOut]:
    body = SavedOut(
        created=saved.created,
        version=version_out(saved.version),
        crisis=crisis_out(saved.crisis) if saved.crisis else None,
    )
    return Status(201 if saved.created else 200, body)


def proposal_out(found: Proposal) -> ProposalOut:
    return ProposalOut(
        id=found.pk,
        client=PersonOut(id=found.plan.client.pk, display_name=str(found.plan.client)),
        author_name=found.author_name,
        base_version=found.base_number,
        status=Proposal.Status(found.status),
        note=found.note,
        created_at=found.created_at,
        decided_at=found.decided_at,
        version=found.version.number if found.version else None,
        content=PlanContent.model_validate(found.content),
    )


def supporter(request: AuthedHttpRequest) -> Membership:
    """The viewer's membership in the circle of the route's client (decided and logged by the
    route's rule)."""
    membership = policy.granted(request).membership
    if membership is None:
        raise HttpError(400, gettext("This is your own plan; use /plan instead."))
    return membership


@router.get("/plan", response={200: PlanOut, **ERRORS}, summary="My relapse prevention plan")
@access_rule(SELF)
def my_plan(request: AuthedHttpRequest) -> PlanOut:
    return plan_out(request.user, None)


@router.put(
    "/plan",
    response={200: SavedOut, 201: SavedOut, **ERRORS},
    summary="Save my plan: a new version (201), or 200 when nothing changed",
)
@access_rule(SELF)
def save_my_plan(request: AuthedHttpRequest, payload: PlanIn) -> Status[SavedOut]:
    user = request.user
    return saved_out(services.save_plan(user, user, payload.content, payload.note))


@router.get(
    "/plan/versions",
    response={200: list[VersionSummaryOut], **ERRORS},
    summary="Every version of my plan, newest first",
)
@access_rule(SELF)
def my_versions(request: AuthedHttpRequest) -> list[PlanVersion]:
    return list(services.versions(request.user))


@router.get(
    "/plan/versions/{number}",
    response={200: VersionOut, **ERRORS},
    summary="One version of my plan",
)
@access_rule(SELF)
def my_version(request: AuthedHttpRequest, number: int) -> VersionOut:
    return version_out(services.version(request.user, number))


@router.get(
    "/plan/diff",
    response={200: list[SectionDiffOut], **ERRORS},
    summary="What changed between two versions (default: the latest and the one before)",
)
@access_rule(SELF)
def my_diff(request: AuthedHttpRequest, query: Query[DiffQuery]) -> list[SectionDiffOut]:
    latest = services.current_version(request.user)
    if latest is None:
        return []
    to = query.to_version or latest.number
    start = to - 1 if query.from_version is None else query.from_version
    new = services.version(request.user, to)
    old = services.version(request.user, start) if start >= 1 else None
    names = services.member_names(request.user)
    return [diff_out(d) for d in diff_contents(old.content if old else None, new.content, names)]


def diff_out(d: SectionDiff) -> SectionDiffOut:
    return SectionDiffOut(
        section=d.key,
        title=str(d.title),
        added=d.added,
        removed=d.removed,
        changed=[ChangeOut(before=b, after=a) for b, a in d.changed],
        reordered=d.reordered,
    )


@router.get(
    "/plan/warning-sign-suggestions",
    response={200: list[str], **ERRORS},
    summary="Common early warning signs, to pick from",
)
@access_rule(SELF)
def warning_sign_suggestions(request: AuthedHttpRequest) -> list[str]:
    return [str(sign) for sign in WARNING_SIGNS]


@router.get(
    "/plan/coauthors",
    response={200: list[CoAuthorOut], **ERRORS},
    summary="Who in my circle may read, propose or change my plan",
)
@access_rule(SELF)
def my_coauthors(request: AuthedHttpRequest) -> list[CoAuthorOut]:
    return [
        CoAuthorOut(
            membership_id=m.pk,
            display_name=str(m.supporter),
            sees_plan=Scope.PLAN in m.scopes,
            role=role,
        )
        for m, role in coauthoring.circle_roles(request.user)
    ]


@router.put(
    "/plan/coauthors/{membership_id}",
    response={200: CoAuthorOut, **ERRORS},
    summary="Make a supporter who sees my plan a co-author (propose or edit), or not",
)
@access_rule(SELF)
def set_coauthor(
    request: AuthedHttpRequest, membership_id: int, payload: CoAuthorIn
) -> CoAuthorOut:
    coauthoring.set_role(request.user, membership_id, payload.role)
    membership = members.open_membership(request.user, membership_id)
    if membership is None:  # set_role has already answered 404 for anyone else's
        raise policy.NotVisible
    return CoAuthorOut(
        membership_id=membership.pk,
        display_name=str(membership.supporter),
        sees_plan=Scope.PLAN in membership.scopes,
        role=payload.role,
    )


@router.get(
    "/plan/proposals",
    response={200: list[ProposalOut], **ERRORS},
    summary="Changes my co-authors proposed, newest first",
)
@access_rule(SELF)
def my_proposals(request: AuthedHttpRequest) -> list[ProposalOut]:
    return [proposal_out(p) for p in coauthoring.proposals_for(request.user)]


@router.post(
    "/plan/proposals/{proposal_id}/accept",
    response={200: SavedOut, 201: SavedOut, **ERRORS},
    summary="Accept a proposal: it becomes a version by its author, accepted by me",
)
@access_rule(SELF)
def accept_proposal(request: AuthedHttpRequest, proposal_id: int) -> Status[SavedOut]:
    return saved_out(coauthoring.accept(request.user, proposal_id))


@router.post(
    "/plan/proposals/{proposal_id}/decline",
    response={200: ProposalOut, **ERRORS},
    summary="Decline a proposal: my plan does not change",
)
@access_rule(SELF)
def decline_proposal(request: AuthedHttpRequest, proposal_id: int) -> ProposalOut:
    return proposal_out(coauthoring.decline(request.user, proposal_id))


@router.get(
    "/clients/{client_id}/plan",
    response={200: PlanOut, **ERRORS},
    summary="A client's plan (needs the plan scope)",
)
@access_rule(client_scope(Scope.PLAN), what=WHAT)
def client_plan(request: AuthedHttpRequest, client_id: int) -> PlanOut:
    membership = supporter(request)
    return plan_out(membership.client, membership)


@router.put(
    "/clients/{client_id}/plan",
    response={200: SavedOut, 201: SavedOut, **ERRORS},
    summary="As a co-author allowed to edit directly: save a version of a client's plan",
)
@access_rule(client_scope(Scope.PLAN), what=WHAT)
def edit_client_plan(
    request: AuthedHttpRequest, client_id: int, payload: PlanIn
) -> Status[SavedOut]:
    membership = supporter(request)
    return saved_out(coauthoring.edit_as_coauthor(membership, payload.content, payload.note))


@router.post(
    "/clients/{client_id}/plan/proposals",
    response={201: ProposalOut, **ERRORS},
    summary="As a co-author: propose a new plan; the client accepts or declines",
)
@access_rule(client_scope(Scope.PLAN), what=WHAT)
def propose(request: AuthedHttpRequest, client_id: int, payload: PlanIn) -> Status[ProposalOut]:
    membership = supporter(request)
    found = coauthoring.propose(membership, payload.content, payload.note)
    return Status(201, proposal_out(found))
