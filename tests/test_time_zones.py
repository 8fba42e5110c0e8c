"""Choosing a time zone at sign-up: a short list, the device's zone preselected by a static
script, any valid zone accepted, and the choice confirmed."""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.staticfiles import finders
from django.test import Client

from accounts import zones
from accounts.models import User
from tests.test_accounts import signup_data

WINTER = datetime(2026, 1, 15, 12, tzinfo=ZoneInfo("UTC"))
SUMMER = datetime(2026, 7, 15, 12, tzinfo=ZoneInfo("UTC"))


def options(html: str) -> list[tuple[str, str]]:
    select = html.split('name="time_zone"')[1].split("</select>")[0]
    return re.findall(r'<option value="([^"]*)"[^>]*>([^<]*)</option>', select)


@pytest.mark.django_db
def test_it_offers_a_short_list_with_offsets_west_to_east() -> None:
    with time_machine.travel(WINTER, tick=False):
        found = options(Client().get("/accounts/signup/").content.decode())
    assert 80 <= len(found) <= 120  # not 600
    assert found[0] == ("UTC", "UTC")
    labels = dict(found)
    assert labels["America/New_York"] == "UTC−05:00 · New York: Eastern (EST/EDT) - US &amp; Canada"
    assert labels["America/Chicago"].startswith("UTC−06:00 · Chicago: Central")
    assert labels["Asia/Kolkata"].startswith("UTC+05:30 · Kolkata")
    assert "US/Eastern" not in labels and "Etc/GMT+5" not in labels
    with time_machine.travel(SUMMER, tick=False):
        assert zones.label("America/New_York").startswith("UTC−04:00")


@pytest.mark.django_db
def test_it_asks_the_device_for_its_zone_with_a_static_script() -> None:
    html = Client().get("/accounts/signup/").content.decode()
    select = re.search(r"<select[^>]*name=\"time_zone\"[^>]*>", html)
    assert select and 'data-browser-zone="UTC"' in select[0]
    assert "We chose {zone}, the time zone of this device." in select[0]
    assert '<script src="/static/js/timezone.js" defer></script>' in html
    script = finders.find("js/timezone.js")
    assert script
    source = Path(str(script)).read_text(encoding="utf-8")
    assert "Intl.DateTimeFormat().resolvedOptions().timeZone" in source
    assert "select[data-browser-zone]" in source and "dataset.confirm" in source


@pytest.mark.django_db
def test_it_keeps_a_zone_the_device_reports_even_when_it_is_not_listed() -> None:
    assert "America/Detroit" not in dict(zones.listed())
    web = Client()
    response = web.post("/accounts/signup/", signup_data(time_zone="America/Detroit"))
    assert response.status_code == 302
    assert User.objects.get(email="sam@example.org").time_zone == "America/Detroit"
    sent = web.get(response["Location"]).content.decode()
    assert "Your time zone is America/Detroit: reminders and check-in deadlines follow" in sent
    web.force_login(User.objects.get(email="sam@example.org"))
    # The profile lists it, selected, though it is not one of the short list.
    profile = web.get("/accounts/profile/").content.decode()
    assert re.search(r'<option value="America/Detroit"[^>]*selected', profile)


@pytest.mark.django_db
def test_it_refuses_a_zone_that_does_not_exist() -> None:
    response = Client().post("/accounts/signup/", signup_data(time_zone="Mars/Olympus_Mons"))
    assert response.status_code == 200
    assert "valid choice" in response.content.decode()
    assert not User.objects.filter(email="sam@example.org").exists()
