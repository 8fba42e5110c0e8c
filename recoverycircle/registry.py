"""The one registry: every way an app adds to the others' pages, loops and events.

Each extension point is one `Registry` below. An app fills them in its `AppConfig.ready()`
(its `apps.py`), and only there, so one file per app says what it adds::

    class ContactsConfig(ProjectApp):
        def ready(self) -> None:
            from contacts import jobs, views

            registry.home_sections.add(views.contacts_home)
            registry.periodic_jobs.add(jobs.nudge_isolated_clients)

The code that uses an extension point reads its registry when it runs (the home page, the
alert loop, the rules); it never imports the apps that fill it. Types only are named here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Generic, ParamSpec, TypeVar

if TYPE_CHECKING:
    from datetime import date, datetime

    from accounts.models import User
    from alerts.transports import Transport
    from calendars.entries import CalendarEntry
    from circle.models import Membership
    from recoverycircle.sections import Section
    from signals.rules import BatchInput, Rule

    # The client's home page; a supporter's page about one client (it must ask the access
    # policy for its scope, which decides and logs the read); the client's history page.
    HomeSection = Callable[[User], Section | None]
    SupporterSection = Callable[[User, User, Membership], Section | None]
    TrendSection = Callable[[User, date, date], Section | None]
    # Run by the alert loop on every pass with the time; returns how much it did (0 if idle).
    PeriodicJob = Callable[[datetime], int]
    CalendarProvider = Callable[[User], list[CalendarEntry]]
    # Adds an app's part of the demo circle for its client (after the circle exists); run
    # by `manage.py load_demo` (the demo app) by order, once, on a new demo.
    DemoFiller = Callable[[User], object]
    # hook(client, source): source says where, e.g. "event:12" or "measures:phq9:42".
    CrisisHook = Callable[[User, str], None]

T = TypeVar("T")
P = ParamSpec("P")


class Registry(Generic[T]):
    """An ordered set of contributions: by `order` (lower first), then as added. Adding the
    same thing again keeps one, so a `ready()` that runs twice changes nothing."""

    def __init__(self, what: str) -> None:
        self.what = what
        self._entries: list[tuple[int, int, T]] = []
        # The items in order, kept ready: some are read on every check-in.
        self._items: tuple[T, ...] = ()

    def add(self, *items: T, order: int = 50) -> None:
        for item in items:
            if item not in self:
                self._entries.append((order, len(self._entries), item))
        self._entries.sort(key=lambda entry: entry[:2])
        self._items = tuple(item for _, _, item in self._entries)

    def __iter__(self) -> Iterator[T]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def __contains__(self, item: object) -> bool:
        return any(existing is item for existing in self._items)

    def __repr__(self) -> str:
        return f"<Registry of {self.what}: {len(self)}>"


class Hooks(Registry[Callable[P, None]]):
    """Functions called, in order, when something happened; `hooks(...)` calls each. The
    app where it happens calls them without knowing who listens: a lower app tells a higher
    one without importing it."""

    def __call__(self, *args: P.args, **kwargs: P.kwargs) -> None:
        for hook in self._items:
            hook(*args, **kwargs)


home_sections: Registry[HomeSection] = Registry("sections of the client's home page")
supporter_sections: Registry[SupporterSection] = Registry("sections of a supporter's page")
trend_sections: Registry[TrendSection] = Registry("sections of the client's history page")
periodic_jobs: Registry[PeriodicJob] = Registry("jobs of the alert loop")
calendar_providers: Registry[CalendarProvider] = Registry("sources of calendar entries")
signal_rules: Registry[Rule] = Registry("warning-signal rules")
# What rules of other apps read beyond the check-ins, loaded for a whole evaluation batch.
signal_inputs: Registry[BatchInput] = Registry("inputs of the warning-signal rules")
demo_fillers: Registry[DemoFiller] = Registry("parts of the demo circle")
# How the outbox reaches a person: one transport per `Notification.Channel` value.
channels: Registry[Transport] = Registry("delivery channels of the outbox")
crisis_hooks: Registry[CrisisHook] = Registry("hooks on a clear crisis")
# With the membership, in the transaction, after every change to it (scopes, relationship,
# pause, end).
membership_changed: Hooks[[Membership]] = Hooks("hooks on a membership change")
# With the client and the time, in the transaction that saved new data of the client's own
# (a check-in, a questionnaire): the signals app asks for an evaluation of its rules. Called
# on the check-in's hot path: a hook does one quick write, the work waits for the alert loop.
client_data_saved: Hooks[[User, datetime]] = Hooks("hooks on new data of a client")
# With the person, after their profile's time zone changed (what runs on their wall clock).
time_zone_changed: Hooks[[User]] = Hooks("hooks on a change of time zone")
