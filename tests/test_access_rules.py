"""`@access_rule` enforces the rule it declares, before the handler runs: the decision, the
access log, and the decision handed to the handler (circle.policy)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory

from accounts.models import User
from audit import visits
from audit.models import AccessLog
from circle import policy
from circle.models import Membership, Scope
from circle.policy import MEMBER, SELF, STAFF, access_rule, client_scope, granted
from helpboard.services import NEED
from tests.test_helpboard_walk import walk_values


def request_as(user: User | None, path: str = "/somewhere/") -> HttpRequest:
    request = RequestFactory().get(path)
    request.user = user if user is not None else AnonymousUser()
    return request


@access_rule(client_scope(Scope.SOBRIETY), what="sobriety count")
def sobriety_page(request: HttpRequest, client_id: int) -> HttpResponse:
    access = granted(request)
    return HttpResponse(f"{access.client.pk}:{access.is_client}")


@access_rule(MEMBER, log=False)
def quiet_page(request: HttpRequest, client_id: int) -> HttpResponse:
    return HttpResponse("ok")


@access_rule(STAFF)
def operators_page(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok")


@access_rule(client_scope(Scope.HELP), through=NEED, what="a help need")
def need_page(request: HttpRequest, need_id: int) -> HttpResponse:
    return HttpResponse(str(granted(request).client.pk))


def test_it_hands_the_decision_to_the_handler_and_logs_a_supporters_read(
    alice: User, bob: User, bob_membership: Membership
) -> None:
    assert (
        sobriety_page(request_as(bob), client_id=alice.pk).content == f"{alice.pk}:False".encode()
    )
    assert (
        sobriety_page(request_as(alice), client_id=alice.pk).content == f"{alice.pk}:True".encode()
    )
    row = AccessLog.objects.get()
    assert (row.viewer, row.client, row.what, row.channel) == (bob, alice, "sobriety count", "web")


def test_it_refuses_before_the_handler_runs(
    alice: User, bob: User, charlie: User, bob_membership: Membership
) -> None:
    bob_membership.scopes = [Scope.CHECKIN_SUMMARY]
    bob_membership.save()
    for someone in (bob, charlie):
        with pytest.raises(policy.NotVisible):
            sobriety_page(request_as(someone), client_id=alice.pk)
    bob_membership.scopes, bob_membership.status = [Scope.SOBRIETY], "paused"
    bob_membership.save()
    with pytest.raises(policy.NotVisible):
        sobriety_page(request_as(bob), client_id=alice.pk)
    assert not AccessLog.objects.exists()


def test_it_sends_an_anonymous_visitor_to_log_in_or_answers_the_api_with_404(alice: User) -> None:
    response = sobriety_page(request_as(None), client_id=alice.pk)
    assert response.status_code == 302 and "/login/" in response["Location"]
    with pytest.raises(policy.NotVisible):
        sobriety_page(request_as(None, "/api/v1/x"), client_id=alice.pk)


def test_it_decides_without_logging_when_the_route_says_so(
    alice: User, bob: User, charlie: User, bob_membership: Membership
) -> None:
    assert quiet_page(request_as(bob), client_id=alice.pk).status_code == 200
    assert not AccessLog.objects.exists()
    with pytest.raises(policy.NotVisible):
        quiet_page(request_as(charlie), client_id=alice.pk)


def test_it_lets_only_staff_through_a_staff_route(alice: User, dana: User) -> None:
    with pytest.raises(policy.NotVisible):
        operators_page(request_as(alice))
    dana.is_staff = True
    assert operators_page(request_as(dana)).status_code == 200
    assert operators_page(request_as(None)).status_code == 302


def test_it_finds_the_client_of_a_route_keyed_by_another_object(
    alice: User, bob: User, bob_membership: Membership
) -> None:
    need_id = walk_values(alice)["need_id"]
    assert isinstance(need_id, int)
    with pytest.raises(policy.NotVisible):
        need_page(request_as(bob), need_id=need_id)  # bob does not see alice's help board
    bob_membership.scopes = [Scope.HELP]
    bob_membership.save()
    assert need_page(request_as(bob), need_id=need_id).content == str(alice.pk).encode()
    with pytest.raises(policy.NotVisible):
        need_page(request_as(bob), need_id=need_id + 1000)  # no such need


def test_it_writes_one_row_per_visit_with_the_handlers_own_reads(
    alice: User, bob: User, bob_membership: Membership
) -> None:
    bob_membership.scopes = [Scope.SOBRIETY, Scope.CHECKIN_SUMMARY]
    bob_membership.save()

    @access_rule(client_scope(Scope.SOBRIETY), what="sobriety count")
    def page(request: HttpRequest, client_id: int) -> HttpResponse:
        policy.read(bob, client_id, Scope.CHECKIN_SUMMARY, "check-in status")
        return HttpResponse("ok")

    middleware = visits.OneRowPerVisitMiddleware(lambda request: page(request, client_id=alice.pk))
    middleware(request_as(bob))
    assert list(AccessLog.objects.values_list("what", flat=True)) == [
        "sobriety count, check-in status"
    ]


def test_it_refuses_a_rule_it_cannot_enforce() -> None:
    with pytest.raises(TypeError, match="access log"):
        access_rule(MEMBER)
    with pytest.raises(TypeError, match="client_id"):
        access_rule(client_scope(Scope.PLAN), what="plan")(lambda request, need_id: None)


def test_it_says_when_a_handler_asks_for_a_decision_its_rule_did_not_make(alice: User) -> None:
    @access_rule(SELF)
    def mine(request: HttpRequest) -> HttpResponse:
        granted(request)
        return HttpResponse("unreachable")

    with pytest.raises(RuntimeError):
        mine(request_as(alice))
