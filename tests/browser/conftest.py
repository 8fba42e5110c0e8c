"""Browser journeys: Debian's Chromium driven by Playwright against the live test server, with
axe-core (from npm, `npm ci`) run on every page a journey visits.

`make test` installs both when they are missing; run these alone with `pytest -m browser`.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import (
    Browser,
    BrowserContext,
    ConsoleMessage,
    Locator,
    Page,
    ViewportSize,
    sync_playwright,
)
from pytest_django.live_server_helper import LiveServer

from accounts.models import User

CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
AXE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
# WCAG 2.2 AA: every level-A and level-AA rule up to 2.2.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
PHONE = ViewportSize(width=390, height=844)
DESKTOP = ViewportSize(width=1280, height=800)


def missing_tools() -> list[str]:
    missing = []
    if not CHROMIUM.exists():
        missing.append(f"Chromium at {CHROMIUM} (apt-get install chromium)")
    if not AXE.exists():
        missing.append("axe-core (npm ci)")
    return missing


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    # Module scope: Playwright's event loop must be gone before other modules use the ORM.
    if missing := missing_tools():
        pytest.skip("BROWSER JOURNEYS NOT RUN, missing: " + "; ".join(missing))
    with pytest.MonkeyPatch.context() as patch, sync_playwright() as playwright:
        # Playwright's synchronous API keeps an event loop in this thread, so Django would
        # refuse ORM calls from the tests (their data, assertions, the database flush after
        # each). The live server answers the browser from its own thread, where nothing changes.
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        found = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield found
        found.close()


@pytest.fixture(params=[PHONE, DESKTOP], ids=["phone", "desktop"])
def screen(request: pytest.FixtureRequest) -> ViewportSize:
    screen: ViewportSize = request.param
    return screen


class Tab:
    """One person's browser tab. Every page it loads is checked by axe (`checked`), and the
    journey fails on an accessibility violation, a console error (a CSP refusal) or a page
    left unchecked."""

    def __init__(self, context: BrowserContext, base_url: str) -> None:
        self.page: Page = context.new_page()
        self.base_url = base_url
        self.loads = 0
        self.checks = 0
        self.problems: list[str] = []
        self.page.on("load", self.loaded)
        self.page.on("console", self.console)
        self.page.on("pageerror", lambda error: self.problems.append(f"script error: {error}"))

    def loaded(self, page: Page) -> None:
        self.loads += 1

    def console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            self.problems.append(f"console error on {self.page.url}: {message.text}")

    def open(self, path: str) -> Tab:
        self.page.goto(self.base_url + path)
        return self.checked()

    def follow(self, target: Locator) -> Tab:
        """Clicks a link or a submit button and checks the page it leads to."""
        with self.page.expect_navigation():
            target.click()
        return self.checked()

    def checked(self) -> Tab:
        self.page.wait_for_load_state()
        self.checks = self.loads
        if not self.page.evaluate("typeof window.axe !== 'undefined'"):
            # Evaluated through the DevTools protocol, which the page's CSP does not govern.
            self.page.evaluate(AXE.read_text())
        result = self.page.evaluate(
            "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS
        )
        self.problems.extend(describe(self.page.url, v) for v in result["violations"])
        return self

    def done(self) -> None:
        if self.loads != self.checks:
            self.problems.append(f"{self.page.url} was loaded but not checked by axe")
        assert not self.problems, "\n".join(self.problems)


def describe(url: str, violation: dict[str, Any]) -> str:
    nodes = [
        json.dumps(node["target"]) + " " + node["failureSummary"] for node in violation["nodes"]
    ]
    return f"axe {violation['id']} ({violation['impact']}) on {url}: {violation['help']}\n  " + (
        "\n  ".join(nodes[:5])
    )


class People:
    """Opens tabs for the journey's people, each in a browser context of its own."""

    def __init__(self, browser: Browser, server: LiveServer, screen: ViewportSize) -> None:
        self.browser = browser
        self.url = server.url
        self.screen = screen
        self.contexts: list[BrowserContext] = []
        self.tabs: list[Tab] = []

    def tab(self, user: User | None = None) -> Tab:
        phone = self.screen == PHONE
        context = self.browser.new_context(
            viewport=self.screen, is_mobile=phone, has_touch=phone, locale="en-US"
        )
        context.set_default_timeout(5_000)
        self.contexts.append(context)
        if user is not None:
            context.add_cookies(
                [{"name": settings.SESSION_COOKIE_NAME, "value": session_of(user), "url": self.url}]
            )
        tab = Tab(context, self.url)
        self.tabs.append(tab)
        return tab

    def done(self) -> None:
        """Fails on what any tab met (see `Tab`)."""
        problems = []
        for tab in self.tabs:
            try:
                tab.done()
            except AssertionError as error:
                problems.append(str(error))
        assert not problems, "\n".join(problems)

    def close(self) -> None:
        for context in self.contexts:
            context.close()


def session_of(user: User) -> str:
    web = Client()
    web.force_login(user)
    return web.cookies[settings.SESSION_COOKIE_NAME].value


@pytest.fixture
def people(browser: Browser, live_server: LiveServer, screen: ViewportSize) -> Iterator[People]:
    found = People(browser, live_server, screen)
    yield found
    found.close()
