"""Circle actions, shared by the web pages and the API."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.services import absolute, send_templated_email
from alerts.account_mail import Purpose
from circle.models import Invitation, Membership, Relationship, Scope
from circle.policy import NotVisible
from recoverycircle import registry
from recoverycircle.errors import ServiceError

INVITE_SALT = "circle.invitation"


def membership_changed(membership: Membership) -> None:
    """Runs `registry.membership_changed` with the membership, inside the transaction, after
    every change to it (scopes, relationship, pause, end): e.g. the help board releases the
    claims of someone who may no longer help."""
    registry.membership_changed(membership)


class CircleError(ServiceError):
    """A request the circle rules refuse; the message is shown to the person as it is."""


def clean_scopes(scopes: list[str]) -> list[str]:
    unknown = sorted(set(scopes) - set(Scope.values))
    if unknown:
        raise CircleError(_("Unknown scope(s): %(scopes)s") % {"scopes": ", ".join(unknown)})
    # Stored in the canonical order so two equal consents compare equal.
    return [s for s in Scope.values if s in scopes]


def clean_relationship(relationship: str) -> str:
    if relationship not in Relationship.values:
        raise CircleError(_("Unknown relationship: %(value)s") % {"value": relationship})
    return relationship


def invitation_token(invitation: Invitation) -> str:
    return signing.dumps({"i": invitation.pk}, salt=INVITE_SALT)


def invitation_for_token(token: str) -> Invitation | None:
    """The invitation a link names, or None for a forged or older-than-allowed link."""
    try:
        data = signing.loads(
            token, salt=INVITE_SALT, max_age=timedelta(days=settings.INVITATION_DAYS)
        )
    except signing.BadSignature:
        return None
    return Invitation.objects.select_related("client").filter(pk=data.get("i")).first()


@transaction.atomic
def invite(
    client: User, email: str, relationship: str, scopes: list[str], message: str = ""
) -> Invitation:
    email = email.strip().lower()
    if not client.email_verified:
        raise CircleError(_("Please verify your e-mail address before inviting people."))
    if email == client.email.lower():
        raise CircleError(_("You cannot invite yourself."))
    if (
        Membership.objects.filter(client=client, supporter__email__iexact=email)
        .exclude(status=Membership.Status.ENDED)
        .exists()
    ):
        raise CircleError(_("This person is already in your circle."))
    # A new invitation to the same address replaces the old one, so only one link works.
    Invitation.objects.filter(
        client=client, email__iexact=email, status=Invitation.Status.PENDING
    ).update(status=Invitation.Status.CANCELLED, responded_at=timezone.now())
    invitation = Invitation.objects.create(
        client=client,
        email=email,
        relationship=clean_relationship(relationship),
        scopes=clean_scopes(scopes),
        message=message.strip(),
        expires_at=timezone.now() + timedelta(days=settings.INVITATION_DAYS),
    )
    link = absolute(reverse("circle:invitation", args=[invitation_token(invitation)]))
    # In the language of the invitee's account, if they have one; else the inviter's.
    known = User.objects.filter(email__iexact=email).values_list("language", flat=True).first()
    context = {"invitation": invitation, "link": link}
    send_templated_email(
        email, "circle/email/invitation.txt", context, Purpose.INVITATION, language=known
    )
    return invitation


def check_can_answer(invitation: Invitation, user: User) -> None:
    if invitation.status != Invitation.Status.PENDING:
        raise CircleError(_("This invitation has already been used or cancelled."))
    if invitation.is_expired:
        raise CircleError(_("This invitation has expired. Ask for a new one."))
    if user.email.lower() != invitation.email.lower():
        raise CircleError(
            _(
                "This invitation was sent to another e-mail address. Log in with the account "
                "for that address to answer it."
            )
        )
    if user.pk == invitation.client_id:
        raise CircleError(_("You cannot join your own circle."))


@transaction.atomic
def accept(invitation: Invitation, user: User) -> Membership:
    # Lock the row: two clicks at once must not create two memberships.
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    check_can_answer(invitation, user)
    now = timezone.now()
    if user.email_verified_at is None:
        # The link arrived at this address, which proves the person can read its mail.
        user.email_verified_at = now
        user.save(update_fields=["email_verified_at"])
    invitation.status, invitation.responded_at = Invitation.Status.ACCEPTED, now
    invitation.accepted_by = user
    invitation.save(update_fields=["status", "responded_at", "accepted_by"])
    try:
        with transaction.atomic():
            return Membership.objects.create(
                client_id=invitation.client_id,
                supporter=user,
                relationship=invitation.relationship,
                scopes=invitation.scopes,
            )
    except IntegrityError:
        raise CircleError(_("You are already in this circle.")) from None


@transaction.atomic
def decline(invitation: Invitation, user: User) -> None:
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    check_can_answer(invitation, user)
    invitation.status, invitation.responded_at = Invitation.Status.DECLINED, timezone.now()
    invitation.save(update_fields=["status", "responded_at"])


def cancel_invitation(client: User, invitation_id: int) -> None:
    updated = Invitation.objects.filter(
        pk=invitation_id, client=client, status=Invitation.Status.PENDING
    ).update(status=Invitation.Status.CANCELLED, responded_at=timezone.now())
    if not updated:
        raise CircleError(_("That invitation is no longer waiting for an answer."))


def own_membership(client: User, membership_id: int) -> Membership:
    membership = (
        Membership.objects.filter(pk=membership_id, client=client)
        .exclude(status=Membership.Status.ENDED)
        .select_related("supporter")
        .first()
    )
    if membership is None:
        raise NotVisible
    return membership


@transaction.atomic
def update_membership(
    client: User,
    membership_id: int,
    scopes: list[str] | None = None,
    relationship: str | None = None,
    paused: bool | None = None,
) -> Membership:
    """Changes take effect on the supporter's next request: every read asks the database."""
    membership = own_membership(client, membership_id)
    if scopes is not None:
        membership.scopes = clean_scopes(scopes)
    if relationship is not None:
        membership.relationship = clean_relationship(relationship)
    if paused is not None:
        membership.status = Membership.Status.PAUSED if paused else Membership.Status.ACTIVE
    membership.save(update_fields=["scopes", "relationship", "status"])
    membership_changed(membership)
    return membership


@transaction.atomic
def end_membership(membership: Membership) -> None:
    membership.status, membership.ended_at = Membership.Status.ENDED, timezone.now()
    membership.save(update_fields=["status", "ended_at"])
    membership_changed(membership)


def remove_supporter(client: User, membership_id: int) -> None:
    end_membership(own_membership(client, membership_id))


def leave_circle(supporter: User, membership_id: int) -> None:
    membership = (
        Membership.objects.filter(pk=membership_id, supporter=supporter)
        .exclude(status=Membership.Status.ENDED)
        .first()
    )
    if membership is None:
        raise NotVisible
    end_membership(membership)


def leave_circle_of(supporter: User, client_id: int) -> None:
    """Ends the supporter's open membership (active or paused) in one client's circle."""
    membership = (
        Membership.objects.filter(client_id=client_id, supporter=supporter)
        .exclude(status=Membership.Status.ENDED)
        .first()
    )
    if membership is None:
        raise NotVisible
    end_membership(membership)


def circle_of(client: User) -> list[Membership]:
    return list(
        Membership.objects.filter(client=client)
        .exclude(status=Membership.Status.ENDED)
        .select_related("supporter")
    )


def supported_by(supporter: User) -> list[Membership]:
    """The circles a person supports and can currently see (paused ones are hidden)."""
    return list(
        Membership.objects.filter(
            supporter=supporter, status=Membership.Status.ACTIVE
        ).select_related("client")
    )


def pending_invitations(client: User) -> list[Invitation]:
    return [
        invitation
        for invitation in Invitation.objects.filter(client=client, status="pending")
        if not invitation.is_expired
    ]


def invitations_for(user: User) -> list[Invitation]:
    """Open invitations addressed to this person's (verified) e-mail address."""
    if not user.email_verified:
        return []
    return [
        invitation
        for invitation in Invitation.objects.filter(
            email__iexact=user.email, status="pending"
        ).select_related("client")
        if not invitation.is_expired
    ]
