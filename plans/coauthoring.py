"""Writing the plan together: co-authors the client chooses, and their proposals.

A supporter may propose changes only while they hold the `plan` scope AND the client marked
them co-author; one marked "edits directly" saves versions of their own (the client is told).
Everything is decided again on every request, so removing a supporter, pausing them or taking
the scope away ends their rights at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Final, Literal

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from alerts.services import notify_client
from alerts.texts import Message
from circle import members
from circle.models import Membership, Scope
from circle.policy import NotVisible
from plans.content import SECTIONS, PlanContent
from plans.models import Plan, PlanCoAuthor, Proposal
from plans.services import (
    PlanError,
    Saved,
    content_of,
    open_membership_ids,
    save_plan,
    validate,
    versions,
    with_section,
    without_ended,
)

Role = Literal["none", "propose", "edit"]
ROLE_NONE: Final = "none"
ROLE_PROPOSE: Final = "propose"
ROLE_EDIT: Final = "edit"
ROLES = {
    ROLE_NONE: _("Reads only"),
    ROLE_PROPOSE: _("Co-author: proposes changes I accept or decline"),
    ROLE_EDIT: _("Co-author: changes the plan directly (I am told)"),
}
# Alert kinds of the plan; plain strings until alerts.models.Alert.Kind lists them.
KIND_PROPOSAL = "plan_proposal"
KIND_CHANGED = "plan_changed"


class NotCoAuthor(PlanError):
    status = 403


class ProposalClosed(PlanError):
    status = 409


@dataclass(frozen=True)
class Rights:
    read: bool
    propose: bool
    edit: bool

    @property
    def change(self) -> bool:
        return self.propose or self.edit


def rights_of(membership: Membership | None) -> Rights:
    """What a viewer may do with the plan: None is the client, who may do everything."""
    if membership is None:
        return Rights(read=True, propose=False, edit=True)
    if not membership.has_scope(Scope.PLAN):
        return Rights(read=False, propose=False, edit=False)
    coauthor = PlanCoAuthor.objects.filter(membership=membership).first()
    return Rights(
        read=True,
        propose=coauthor is not None,
        edit=coauthor is not None and coauthor.can_edit_directly,
    )


def role_of(membership: Membership) -> Role:
    coauthor = getattr(membership, "plan_coauthor", None)
    if coauthor is None:
        return ROLE_NONE
    return ROLE_EDIT if coauthor.can_edit_directly else ROLE_PROPOSE


def circle_roles(client: User) -> list[tuple[Membership, Role]]:
    return [(m, role_of(m)) for m in members.open_circle(client, "plan_coauthor")]


def set_role(client: User, membership_id: int, role: str) -> PlanCoAuthor | None:
    membership = members.open_membership(client, membership_id)
    if membership is None:
        raise NotVisible
    if role not in ROLES:
        raise PlanError(gettext("Choose reads only, proposes changes, or changes directly."))
    if role == ROLE_NONE:
        PlanCoAuthor.objects.filter(membership=membership).delete()
        return None
    if Scope.PLAN not in membership.scopes:
        raise PlanError(
            gettext(
                "%(name)s does not see your plan yet. Share your plan with them first (change "
                "what they see), then make them a co-author."
            )
            % {"name": membership.supporter}
        )
    coauthor, _ = PlanCoAuthor.objects.update_or_create(
        membership=membership, defaults={"can_edit_directly": role == ROLE_EDIT}
    )
    return coauthor


def check_may_propose(membership: Membership) -> Rights:
    rights = rights_of(membership)
    if not rights.read:
        raise NotVisible
    if not rights.propose:
        raise NotCoAuthor(
            gettext("Only people %(name)s chose as co-authors of their plan can change it.")
            % {"name": membership.client}
        )
    return rights


def edit_as_coauthor(
    membership: Membership, data: PlanContent | dict[str, Any], note: str = ""
) -> Saved:
    """A co-author with direct rights saves a version of their own; the client is told."""
    if not check_may_propose(membership).edit:
        raise NotCoAuthor(
            gettext("You can propose changes; the client decides whether to take them.")
        )
    client, author = membership.client, membership.supporter
    saved = save_plan(client, author, data, note)
    if saved.created:
        number = saved.version.number
        # Written in every language (alerts.texts): the client reads it in theirs.
        notify_client(
            client,
            KIND_CHANGED,
            Message(_("%(name)s changed your plan"), {"name": author}),
            body=Message(
                _(
                    "%(name)s saved version %(number)s of your relapse prevention plan. You can "
                    "see exactly what changed, and restore an earlier version."
                ),
                {"name": author, "number": number},
            ),
            link=f"{reverse('plans:diff')}?to={number}",
            dedupe_key=f"plan-version:{saved.version.pk}",
        )
    return saved


def propose(membership: Membership, data: PlanContent | dict[str, Any], note: str = "") -> Proposal:
    check_may_propose(membership)
    client, author = membership.client, membership.supporter
    content = validate(client, data)
    plan, _ = Plan.objects.get_or_create(client=client)
    current = versions(client).first()
    proposal = Proposal.objects.create(
        plan=plan,
        author=author,
        author_name=str(author)[:80],
        base_number=current.number if current else 0,
        content=content.model_dump(mode="json"),
        note=note.strip()[:300],
    )
    tell_client(proposal)
    return proposal


def propose_section(membership: Membership, section: str, value: Any) -> Proposal:
    """A section edited on the web adds to the co-author's open proposal, so one proposal
    collects a sitting's changes and the client answers once."""
    check_may_propose(membership)
    client = membership.client
    pending = own_pending(membership)
    if pending is None:
        return propose(membership, with_section(content_of(client), section, value))
    content = validate(client, with_section(proposal_content(pending), section, value))
    pending.content = content.model_dump(mode="json")
    pending.updated_at = timezone.now()
    pending.save(update_fields=["content", "updated_at"])
    return pending


def own_pending(membership: Membership) -> Proposal | None:
    return Proposal.objects.filter(
        plan__client=membership.client,
        author=membership.supporter,
        status=Proposal.Status.PENDING,
    ).first()


def proposal_content(proposal: Proposal) -> PlanContent:
    return without_ended(
        PlanContent.model_validate(proposal.content),
        open_membership_ids(proposal.plan.client),
    )


def tell_client(proposal: Proposal) -> None:
    client = proposal.plan.client
    name = proposal.author_name
    # Written in every language (alerts.texts): the client reads it in theirs.
    notify_client(
        client,
        KIND_PROPOSAL,
        Message(_("%(name)s proposed changes to your plan"), {"name": name}),
        body=_("Nothing changes until you accept. You can see every change before you decide."),
        link=reverse("plans:proposal", args=[proposal.pk]),
        dedupe_key=f"plan-proposal:{proposal.pk}",
    )


def proposals_for(client: User) -> list[Proposal]:
    return list(Proposal.objects.filter(plan__client=client).select_related("plan"))


def pending_count(client: User) -> int:
    return Proposal.objects.filter(plan__client=client, status=Proposal.Status.PENDING).count()


def proposal_of(client: User, proposal_id: int) -> Proposal:
    found = (
        Proposal.objects.filter(pk=proposal_id, plan__client=client)
        .select_related("plan", "plan__client", "version")
        .first()
    )
    if found is None:
        raise NotVisible
    return found


def merged(client: User, proposal: Proposal) -> PlanContent:
    """What the plan becomes if the client accepts: the sections the co-author changed since
    the version they started from, on top of the plan as it is now."""
    base_version = versions(client).filter(number=proposal.base_number).first()
    base = base_version.content if base_version else PlanContent().model_dump(mode="json")
    current = content_of(client).model_dump(mode="json")
    proposed = proposal_content(proposal).model_dump(mode="json")
    for section in SECTIONS:
        if proposed[section] != base.get(section):
            current[section] = proposed[section]
    return validate(client, current)


def accept(client: User, proposal_id: int) -> Saved:
    with transaction.atomic():
        proposal = Proposal.objects.select_for_update().get(pk=proposal_of(client, proposal_id).pk)
        if proposal.status != Proposal.Status.PENDING:
            raise ProposalClosed(gettext("This proposal was already answered."))
        author = proposal.author or client
        saved = save_plan(
            client,
            author,
            merged(client, proposal),
            note=proposal.note or gettext("Proposed by %(name)s") % {"name": proposal.author_name},
            accepted_by=client,
            check_crisis=False,  # the co-author's words, even if their account is gone
        )
        proposal.status, proposal.decided_at = Proposal.Status.ACCEPTED, timezone.now()
        proposal.version = saved.version
        proposal.save(update_fields=["status", "decided_at", "version"])
    return saved


def decline(client: User, proposal_id: int) -> Proposal:
    with transaction.atomic():
        proposal = Proposal.objects.select_for_update().get(pk=proposal_of(client, proposal_id).pk)
        if proposal.status != Proposal.Status.PENDING:
            raise ProposalClosed(gettext("This proposal was already answered."))
        proposal.status, proposal.decided_at = Proposal.Status.DECLINED, timezone.now()
        proposal.save(update_fields=["status", "decided_at"])
    return proposal
