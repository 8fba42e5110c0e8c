"""The help board in the route walk: sample values for its URL parameters (used by
tests/test_access_walk.py), and the other half of the walk's promise: a supporter who does
hold the help scope reaches every help-scoped route."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from accounts.models import User
from circle.models import Membership, Scope
from helpboard.occurrences import Repeat, key_of
from helpboard.services import NeedDraft, post_need
from tests.conftest import client_for
from tests.routes import all_routes
from tests.test_access_walk import call, fill


def walk_values(client: User) -> dict[str, object]:
    """A weekly need of `client` and its first occurrence."""
    start = (timezone.now() + timedelta(days=2)).replace(microsecond=0)
    need = post_need(
        client,
        client.pk,
        NeedDraft(
            kind="ride", starts_at=start, ends_at=start + timedelta(hours=1), repeat=Repeat()
        ),
    )
    return {"need_id": need.pk, "occurrence": key_of(need.starts_at)}


def test_it_lets_a_supporter_with_help_reach_every_help_route(
    alice: User, bob: User, bob_membership: Membership
) -> None:
    bob_membership.scopes = [Scope.HELP]
    bob_membership.save()
    values = {"client_id": alice.pk, **walk_values(alice)}
    routes = [r for r in all_routes() if r.rule == f"client:{Scope.HELP}"]
    assert len(routes) >= 10
    for route in routes:
        for method in route.methods:
            response = call(client_for(bob), method, fill(route, values), route)
            assert response.status_code not in {404, 500}, (route.pattern, method)
