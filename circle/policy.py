"""The access policy: the one place that answers "may this person see or do this for this
client". Every view and API handler that touches a client's data goes through `read`, which
also writes the access log. Objects a person may not know exist answer 404, never 403, so a
stranger cannot even learn that an account exists.

Views declare their access decision with `@access_rule(...)`; a test walks every route and
fails when one has none (see tests/test_access_walk.py).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from django.db.models import QuerySet
from django.http import Http404

from accounts.models import User
from audit.services import record_access
from circle.models import Membership

F = TypeVar("F", bound=Callable[..., object])

# Rules a route can declare:
PUBLIC = "public"  # anyone, signed in or not, sees nothing private
SELF = "self"  # a signed-in person acting on their own data only
MEMBER = "member"  # a client's own page or an active supporter's view of it
STAFF = "staff"  # active staff only (the Django admin, recoverycircle.staff_admin)


def client_scope(scope: str) -> str:
    """Rule for a route showing one client's data of one scope (URL argument `client_id`)."""
    return f"client:{scope}"


def access_rule(rule: str) -> Callable[[F], F]:
    def mark(view: F) -> F:
        view.access_rule = rule  # type: ignore[attr-defined]
        return view

    return mark


class NotVisible(Http404):
    """The asker may not see this; shown as "not found" so nothing leaks."""


def active_membership(viewer: User, client: User | int) -> Membership | None:
    client_id = client if isinstance(client, int) else client.pk
    return (
        Membership.objects.filter(
            client_id=client_id, supporter=viewer, status=Membership.Status.ACTIVE
        )
        .select_related("client")
        .first()
    )


def may(viewer: User, client: User, scope: str | None) -> bool:
    """True when `viewer` may see `scope` of `client` (scope None: may see the client at all)."""
    if not viewer.is_authenticated:
        return False
    if viewer.pk == client.pk:
        return True
    membership = active_membership(viewer, client)
    return membership is not None and (scope is None or scope in membership.scopes)


def read(
    viewer: User, client_id: int, scope: str | None, what: str, channel: str = "web"
) -> tuple[User, Membership | None]:
    """The client whose `scope` the viewer wants to read, after the access decision.

    Returns the client and the viewer's membership (None when the viewer is the client).
    Every allowed read by someone else is written to the client's access log.
    """
    if not viewer.is_authenticated:
        raise NotVisible
    if viewer.pk == client_id:
        return viewer, None
    membership = active_membership(viewer, client_id)
    if membership is None or (scope is not None and scope not in membership.scopes):
        raise NotVisible
    record_access(viewer, membership.client, what, channel)
    return membership.client, membership


def supporters_with_scope(client: User, scope: str) -> QuerySet[Membership]:
    """Active memberships of `client` that include `scope`; asked again at send time."""
    memberships = Membership.objects.filter(client=client, status=Membership.Status.ACTIVE)
    return memberships.filter(pk__in=[m.pk for m in memberships if scope in m.scopes])
