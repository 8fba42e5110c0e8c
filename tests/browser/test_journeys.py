"""The main journeys in a real browser, at phone and desktop widths, with axe on every page.

Steps find controls by their role and accessible name, as a person using a screen reader
would, and assert on what was saved, not on the exact wording of the pages.
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from accounts.models import User
from alerts.models import ReachOut
from checkins.models import CheckIn
from circle.models import Membership, Scope
from helpboard.models import HelpOccurrence
from measures.models import MeasureResponse
from plans import services as plan_services
from sobriety.models import Lapse
from tests.browser.conftest import DESKTOP, People

pytestmark = pytest.mark.browser


@pytest.fixture
def bob_supports(bob_membership: Membership) -> Membership:
    """Bob, also asked when alice reaches out, and on her help board."""
    bob_membership.scopes = [*bob_membership.scopes, Scope.ALERTS, Scope.HELP]
    bob_membership.save()
    return bob_membership


def test_it_logs_in_and_checks_in(people: People, alice: User) -> None:
    tab = people.tab().open("/accounts/login/")
    page = tab.page
    page.get_by_label(re.compile("e-?mail", re.IGNORECASE)).fill(alice.email)
    page.get_by_label("Password").fill("a-long-test-password")
    tab.follow(page.get_by_role("button", name="Log in"))
    tab.follow(page.get_by_role("navigation", name="Main").get_by_role("link", name="Check in"))
    page.get_by_label("mood").select_option(index=4)
    page.get_by_label("Craving").fill("3")
    page.get_by_label("Stress").fill("4")
    page.get_by_label("sleep").fill("7.5")
    tab.follow(page.locator("main form").get_by_role("button"))
    people.done()
    checkin = CheckIn.objects.get(client=alice)
    assert (checkin.craving, checkin.stress, checkin.used) == (3, 4, False)


def test_it_writes_down_a_lapse_after_an_honest_check_in(people: People, alice: User) -> None:
    tab = people.tab(alice).open("/checkin/")
    page = tab.page
    page.get_by_label("mood").select_option(index=2)
    page.get_by_label("Craving").fill("8")
    page.get_by_label("Stress").fill("7")
    page.get_by_label("sleep").fill("5")
    page.get_by_label("I used").check()
    tab.follow(page.locator("main form").get_by_role("button"))
    if "/sobriety/lapse/" not in page.url:  # the check-in may offer it on its own page
        tab.open("/sobriety/lapse/")
    page.get_by_label("What happened").fill("An old friend offered, and I said yes.")
    tab.follow(page.locator("main form").last.get_by_role("button"))
    people.done()
    assert Lapse.objects.filter(client=alice).count() == 1


def test_it_asks_the_circle_and_a_supporter_claims_it(
    people: People, alice: User, bob: User, bob_supports: Membership
) -> None:
    client = people.tab(alice).open("/")
    client.page.get_by_label("A few words for your circle").fill("Rough evening, please call.")
    client.follow(client.page.get_by_role("button", name="I need support now"))
    reach = ReachOut.objects.get(client=alice)

    supporter = people.tab(bob).open("/")
    supporter.follow(supporter.page.locator(f"a[href='/reach-out/{reach.pk}/']").first)
    supporter.follow(supporter.page.get_by_role("button", name="I'm reaching out"))
    client.page.reload()
    client.checked()
    assert bob.display_name in client.page.get_by_role("main").inner_text()
    people.done()
    reach.refresh_from_db()
    assert reach.claimed_by == bob


def test_it_invites_a_new_person_who_signs_up_and_accepts(people: People, alice: User) -> None:
    client = people.tab(alice).open("/circle/invite/")
    page = client.page
    page.get_by_label("Their e-mail address").fill("zoe@example.org")
    page.get_by_label("Relationship").select_option("sponsor")
    page.get_by_role("checkbox", name="Sobriety count").check()
    client.follow(page.locator("main form").get_by_role("button"))
    link = re.search(r"https?://\S+/invite/\S+/", str(mail.outbox[-1].body))
    assert link is not None

    newcomer = people.tab()
    newcomer.page.goto(link.group(0).replace("http://127.0.0.1:8000", newcomer.base_url))
    newcomer.checked()
    newcomer.follow(newcomer.page.get_by_role("link", name="create an account"))
    form = newcomer.page.locator("main form")
    form.get_by_label("Your name").fill("Zoë Łukasz")
    form.get_by_label("Password", exact=True).fill("a-long-newcomer-password")
    form.get_by_label("Password again").fill("a-long-newcomer-password")
    newcomer.follow(form.get_by_role("button"))
    # Sign-up does not say whether the address had an account: the newcomer confirms it from
    # the e-mail, logs in, and comes back to the invitation.
    confirm = re.search(r"https?://\S+/accounts/verify/\S+/", str(mail.outbox[-1].body))
    assert confirm is not None
    newcomer.page.goto(confirm.group(0).replace("http://127.0.0.1:8000", newcomer.base_url))
    newcomer.checked()
    newcomer.page.get_by_label(re.compile("e-?mail", re.IGNORECASE)).fill("zoe@example.org")
    newcomer.page.get_by_label("Password").fill("a-long-newcomer-password")
    newcomer.follow(newcomer.page.get_by_role("button", name="Log in"))
    newcomer.page.goto(link.group(0).replace("http://127.0.0.1:8000", newcomer.base_url))
    newcomer.checked()
    newcomer.follow(newcomer.page.get_by_role("button", name="Accept"))
    people.done()
    joined = Membership.objects.get(client=alice, supporter__email="zoe@example.org")
    assert Scope.SOBRIETY in joined.scopes


def test_it_edits_the_plan(people: People, alice: User) -> None:
    tab = people.tab(alice).open("/plan/")
    tab.follow(tab.page.locator("a[href='/plan/edit/reasons/']").first)
    tab.page.locator("main form textarea").first.fill("Be there for Lily\nMy health")
    tab.follow(tab.page.locator("main form").get_by_role("button", name=re.compile("Save")))
    people.done()
    assert plan_services.content_of(alice).reasons == ["Be there for Lily", "My health"]


def test_it_shows_crisis_help_after_a_crisis_answer_in_the_phq9(
    people: People, alice: User
) -> None:
    tab = people.tab(alice).open("/measures/")
    tab.follow(tab.page.locator("a[href='/measures/phq9/']").first)
    for question in tab.page.locator("fieldset.question").all():
        question.get_by_role("radio").last.check()  # "Nearly every day", item 9 included
    tab.follow(tab.page.locator("main form").get_by_role("button").last)
    # Help at once: a 988 link in what is announced (an alert), not only in the page's footer.
    assert tab.page.get_by_role("alert").locator("a[href='tel:988']").count() >= 1
    people.done()
    assert MeasureResponse.objects.get(client=alice).instrument == "phq9"


def test_it_posts_a_need_that_a_supporter_claims(
    people: People, alice: User, bob: User, bob_supports: Membership
) -> None:
    client = people.tab(alice).open("/help/new/")
    form = client.page.locator("main form")
    tomorrow = timezone.localdate(timezone.now(), alice.zone) + timedelta(days=1)
    form.get_by_label("What kind of help?").select_option(index=0)
    form.get_by_label("In a few words").fill("Ride to therapy")
    form.get_by_label("Day", exact=True).fill(tomorrow.isoformat())
    form.get_by_label("From", exact=True).fill("10:00")
    form.get_by_label("Until", exact=True).fill("11:00")
    client.follow(form.get_by_role("button"))

    supporter = people.tab(bob).open(f"/supporting/{alice.pk}/help/")
    supporter.follow(supporter.page.get_by_role("button", name="I can help"))
    people.done()
    assert HelpOccurrence.objects.get(need__client=alice).claimed_by == bob


@pytest.mark.parametrize("screen", [DESKTOP], ids=["desktop"])
def test_it_catches_a_violation_a_console_error_and_an_unchecked_page(
    people: People, alice: User
) -> None:
    tab = people.tab(alice).open("/")
    tab.page.evaluate("document.querySelector('main').append(document.createElement('img'))")
    tab.checked()
    tab.page.evaluate("console.error('broken')")
    with tab.page.expect_navigation():  # a page loaded without `follow`: never checked
        tab.page.get_by_role("navigation", name="Main").get_by_role("link", name="Check in").click()
    with pytest.raises(AssertionError) as failed:
        people.done()
    found = str(failed.value)
    assert "axe image-alt" in found and "broken" in found and "not checked by axe" in found
