"""The staff admin: staff only, memberships and the outbox read only, and a staff member's read
of a client's data written to that client's access log."""

from __future__ import annotations

from urllib.parse import unquote

import pytest
from django.test import Client

from accounts.models import User
from alerts.models import Notification
from alerts.reachout import reach_out
from audit.models import AccessLog
from circle.models import Membership, Scope
from circle.policy import PUBLIC, STAFF
from meetings.models import MeetingFeed
from tests.conftest import client_for, make_user
from tests.routes import web_routes

CHANGE_LISTS = (
    "/admin/accounts/user/",
    "/admin/circle/membership/",
    "/admin/meetings/meetingfeed/",
    "/admin/alerts/notification/",
    "/admin/django_tasks_database/dbtaskresult/",
)


@pytest.fixture
def staff(db: None) -> User:
    person = make_user("sam@staff.example.org", "Sam Staff")
    person.is_staff = person.is_superuser = True
    person.save()
    return person


@pytest.fixture
def as_staff(staff: User) -> Client:
    return client_for(staff)


def test_it_marks_every_admin_route_staff_but_the_login() -> None:
    rules = {r.pattern: r.rule for r in web_routes() if r.pattern.startswith("admin/")}
    assert rules.pop("admin/login/") == PUBLIC
    assert len(rules) > 30 and set(rules.values()) == {STAFF}


def test_it_lets_staff_read_every_list(as_staff: Client, bob_membership: Membership) -> None:
    MeetingFeed.objects.create(name="Downtown intergroup", url="https://example.org/feed.json")
    for url in CHANGE_LISTS:
        assert as_staff.get(url).status_code == 200, url


def test_it_keeps_everyone_else_out(as_alice: Client, as_bob: Client) -> None:
    for url in ("/admin/", *CHANGE_LISTS):
        for web in (as_alice, as_bob):  # the STAFF rule: not found, like any hidden page
            assert web.get(url, follow=True).status_code == 404, url
        sent = Client().get(url, follow=True)
        landing = unquote(sent.redirect_chain[-1][0])
        assert landing.startswith("/accounts/login/?next=/admin/"), url
    assert not AccessLog.objects.exists()


def test_it_sends_the_admin_login_to_the_sites_login(staff: User) -> None:
    sent = Client().get("/admin/login/?next=/admin/circle/membership/")
    assert sent.status_code == 302
    assert sent["Location"] == "/accounts/login/?next=%2Fadmin%2Fcircle%2Fmembership%2F"


def test_it_shows_staff_without_permissions_no_model(db: None) -> None:
    helper = make_user("helper@staff.example.org", "Hal Helper")
    helper.is_staff = True
    helper.save()
    web = client_for(helper)
    assert web.get("/admin/").status_code == 200
    assert web.get("/admin/accounts/user/").status_code == 403


def test_it_logs_a_staff_read_of_a_list_once_per_client_shown(
    as_staff: Client, staff: User, alice: User, bob: User, bob_membership: Membership
) -> None:
    assert as_staff.get("/admin/circle/membership/").status_code == 200
    read = AccessLog.objects.get(viewer=staff)
    assert (read.client, read.channel) == (alice, "web")
    assert "staff" in read.what and "membership" in read.what


def test_it_logs_a_staff_read_of_an_account_page(
    as_staff: Client, staff: User, alice: User
) -> None:
    page = as_staff.get(f"/admin/accounts/user/{alice.pk}/change/")
    assert page.status_code == 200 and "alice@example.org" in page.content.decode()
    assert as_staff.get(f"/admin/accounts/user/{alice.pk}/history/").status_code == 200
    assert AccessLog.objects.filter(viewer=staff, client=alice).count() == 2
    assert as_staff.get("/admin/accounts/user/").status_code == 200
    # The list shows alice and the staff member: alice's log gets it, staff's own does not.
    assert AccessLog.objects.filter(viewer=staff, client=alice).count() == 3
    assert not AccessLog.objects.filter(client=staff).exists()


def test_it_logs_nothing_for_a_page_that_shows_no_client(as_staff: Client, staff: User) -> None:
    MeetingFeed.objects.create(name="Downtown intergroup", url="https://example.org/feed.json")
    assert as_staff.get("/admin/meetings/meetingfeed/").status_code == 200
    assert as_staff.get("/admin/circle/membership/999/change/").status_code == 302  # not found
    assert not AccessLog.objects.exists()


def test_it_shows_the_outbox_read_only_and_logs_it_for_the_client(
    as_staff: Client, staff: User, alice: User, bob: User
) -> None:
    Membership.objects.create(client=alice, supporter=bob, scopes=[Scope.ALERTS])
    reach_out(alice, "rough evening")
    sent = Notification.objects.filter(alert__client=alice).first()
    assert sent is not None
    page = as_staff.get(f"/admin/alerts/notification/{sent.pk}/change/")
    assert page.status_code == 200 and 'name="_save"' not in page.content.decode()
    assert as_staff.post(f"/admin/alerts/notification/{sent.pk}/change/", {}).status_code == 403
    assert as_staff.get("/admin/alerts/notification/add/").status_code == 403
    assert (
        as_staff.post(f"/admin/alerts/notification/{sent.pk}/delete/", {"post": "yes"}).status_code
        == 403
    )
    assert Notification.objects.filter(pk=sent.pk).exists()
    assert AccessLog.objects.filter(viewer=staff, client=alice).count() == 1


def test_it_keeps_memberships_read_only(as_staff: Client, bob_membership: Membership) -> None:
    url = f"/admin/circle/membership/{bob_membership.pk}/change/"
    assert as_staff.post(url, {"status": "ended", "relationship": "friend"}).status_code == 403
    assert as_staff.get("/admin/circle/membership/add/").status_code == 403
    bob_membership.refresh_from_db()
    assert bob_membership.status == "active"


def test_it_lets_staff_deactivate_an_account(as_staff: Client, charlie: User) -> None:
    page = as_staff.get(f"/admin/accounts/user/{charlie.pk}/change/")
    form = page.context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None}
    data.update(groups=[], user_permissions=[], date_joined_0="2026-01-01", date_joined_1="00:00")
    data["is_active"] = ""
    sent = as_staff.post(f"/admin/accounts/user/{charlie.pk}/change/", data)
    assert sent.status_code == 302, sent.content.decode()[:2000]
    charlie.refresh_from_db()
    assert not charlie.is_active


def test_it_offers_no_bulk_delete_of_accounts(as_staff: Client, alice: User) -> None:
    page = as_staff.get("/admin/accounts/user/")
    assert 'name="action"' not in page.content.decode()
    sent = as_staff.post(
        "/admin/accounts/user/", {"action": "delete_selected", "_selected_action": [alice.pk]}
    )
    assert sent.status_code in {200, 302} and User.objects.filter(pk=alice.pk).exists()


def test_it_lets_staff_add_an_account(as_staff: Client) -> None:
    page = as_staff.get("/admin/accounts/user/add/")
    assert page.status_code == 200
    sent = as_staff.post(
        "/admin/accounts/user/add/",
        {
            "email": "new.helper@example.org",
            "display_name": "New Helper",
            "usable_password": "true",
            "password1": "a-long-admin-set-password",
            "password2": "a-long-admin-set-password",
        },
    )
    assert sent.status_code == 302, sent.content.decode()[:3000]
    made = User.objects.get(email="new.helper@example.org")
    assert made.check_password("a-long-admin-set-password") and not made.is_staff
