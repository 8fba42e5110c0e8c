"""Reach out ("I need support now") and encouragement notes."""

from __future__ import annotations

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from accounts.models import User
from alerts.models import Alert, Encouragement, ReachOut
from alerts.services import create_alert, notify_circle, notify_client, queue
from circle import members
from circle.models import Membership, Scope
from circle.policy import ClientOf, NotVisible, active_membership, read, supporters_with_scope
from recoverycircle.errors import ServiceError

# Routes keyed by a request for support find its client here (see circle.policy.access_rule).
REACH_OUT = ClientOf("reach_out_id", ReachOut)


class ReachOutError(ServiceError):
    """A refused reach-out action (someone else is on it already); shown as it is."""

    status = 409


@transaction.atomic
def reach_out(client: User, message: str = "") -> ReachOut:
    """Asks every supporter with the alerts scope to get in touch now.

    The reach-out is recorded even when nobody can be told yet, so the client's home can
    say so and point to the crisis lines instead of failing silently.
    """
    message = message.strip()[:500]
    alert = create_alert(
        client,
        Alert.Kind.REACH_OUT,
        lambda: _("%(name)s is asking for support now") % {"name": client},
        body=lambda: reach_out_body(message),
    )
    assert alert is not None  # no dedupe key: always a new alert
    reach = ReachOut.objects.create(alert=alert, client=client, message=message)
    alert.link = reverse("alerts:reach_out", args=[reach.pk])
    alert.save(update_fields=["link"])
    supporters = [m.supporter for m in supporters_with_scope(client, Scope.ALERTS)]
    queue(alert, supporters, Scope.ALERTS)
    # Crisis words in the message start the plan's urgent level: ReachOut.message is scanned
    # on save (crisis.scanning); the reach-out page always shows the crisis lines.
    return reach


def reach_out_body(message: str) -> str:
    tap = _("Tap “I'm reaching out” so the others know you are on it, then call them.")
    if not message:
        return tap
    return _('Their message: "%(message)s"') % {"message": message} + "\n\n" + tap


def visible_reach_out(viewer: User, reach_out_id: int, channel: str = "web") -> ReachOut:
    """The reach-out, if the viewer is its client or a supporter with the alerts scope."""
    reach = ReachOut.objects.select_related("client", "claimed_by").filter(pk=reach_out_id).first()
    if reach is None:
        raise NotVisible
    read(viewer, reach.client_id, Scope.ALERTS, gettext_noop("request for support"), channel)
    return reach


@transaction.atomic
def claim(supporter: User, reach_out_id: int, channel: str = "web") -> ReachOut:
    """The first supporter to answer claims it; everyone else is told it is taken."""
    reach = visible_reach_out(supporter, reach_out_id, channel)
    if reach.client_id == supporter.pk:
        raise ReachOutError(_("This is your own request for support."))
    if reach.resolved_at is not None:
        raise ReachOutError(_("%(name)s said they are okay now.") % {"name": reach.client})
    now = timezone.now()
    won = ReachOut.objects.filter(pk=reach.pk, claimed_by=None, resolved_at=None).update(
        claimed_by=supporter, claimed_at=now
    )
    reach.refresh_from_db()
    if won != 1:
        if reach.claimed_by_id == supporter.pk:
            return reach
        if reach.claimed_by is None:
            raise ReachOutError(_("Someone is already reaching out."))
        raise ReachOutError(_("%(name)s is already reaching out.") % {"name": reach.claimed_by})
    notify_client(
        reach.client,
        Alert.Kind.REACH_OUT_CLAIMED,
        lambda: _("%(name)s is reaching out to you now") % {"name": supporter},
        body=gettext_lazy("They saw your request and are getting in touch."),
        link=reverse("home"),
        dedupe_key=f"claimed:{reach.pk}",
    )
    others = supporters_with_scope(reach.client, Scope.ALERTS, excluding=supporter)
    notify_circle(
        reach.client,
        Alert.Kind.REACH_OUT_CLAIMED,
        lambda: (
            _("%(name)s is reaching out to %(client)s")
            % {"name": supporter, "client": reach.client}
        ),
        body=gettext_lazy("Someone is on it. You can still send a kind note."),
        memberships=others,
        dedupe_key=f"taken:{reach.pk}",
    )
    return reach


def resolve(client: User, reach_out_id: int) -> None:
    """The client says they are okay now; the request leaves everyone's open list."""
    updated = ReachOut.objects.filter(pk=reach_out_id, client=client, resolved_at=None).update(
        resolved_at=timezone.now()
    )
    if not updated:
        raise NotVisible


def open_reach_outs(client: User) -> list[ReachOut]:
    return list(
        ReachOut.objects.filter(client=client, resolved_at=None).select_related("claimed_by")[:5]
    )


def open_reach_outs_for_supporter(supporter: User, channel: str = "web") -> list[ReachOut]:
    """Open requests of the clients who share alerts with this supporter; each client's
    requests shown are a read of their data, so each is logged once."""
    clients = members.clients_sharing(supporter, Scope.ALERTS)
    found = list(
        ReachOut.objects.filter(client_id__in=clients, resolved_at=None).select_related(
            "client", "claimed_by"
        )[:10]
    )
    for client_id in {r.client_id for r in found}:
        read(supporter, client_id, Scope.ALERTS, gettext_noop("open requests for support"), channel)
    return found


def notes_between(author: User, client: User) -> list[Encouragement]:
    return list(Encouragement.objects.filter(author=author, client=client)[:20])


def notes_for(client: User) -> list[Encouragement]:
    return list(Encouragement.objects.filter(client=client).select_related("author")[:10])


@transaction.atomic
def encourage(author: User, client_id: int, text: str) -> Encouragement:
    membership: Membership | None = active_membership(author, client_id)
    if membership is None:
        raise NotVisible
    text = text.strip()
    if not text:
        raise ReachOutError(_("Write a few words first."))
    if len(text) > 500:
        raise ReachOutError(_("Keep the note under 500 characters."))
    note = Encouragement.objects.create(client=membership.client, author=author, text=text)
    notify_client(
        membership.client,
        Alert.Kind.ENCOURAGEMENT,
        lambda: _("A note from %(name)s") % {"name": author},
        body=text,
        link=reverse("home"),
    )
    return note
