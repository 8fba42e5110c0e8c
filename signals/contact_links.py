"""The isolation input: days since the client was last in touch with anyone in their circle
(their contact log and in-app interactions both count)."""

from __future__ import annotations

from datetime import datetime

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import User
from contacts.services import days_since_any_contact_of
from signals.rules import Context, Finding, Rule, threshold

DAYS_SINCE_CONTACT = "days_since_contact"


def days_since_contact(clients: list[User], now: datetime) -> list[int | None]:
    """Days since each client's last contact with anyone (None: never), for many at once."""
    found = days_since_any_contact_of(clients, now)
    return [found.get(client.pk) for client in clients]


def isolation(ctx: Context) -> Finding | None:
    days = ctx.input(DAYS_SINCE_CONTACT, lambda: days_since_contact([ctx.client], ctx.now)[0])
    if days is None or days < threshold("isolation_days"):
        return None
    return Finding(
        "watch",
        gettext_lazy("It has been a while since you connected with someone"),
        lambda: (
            _(
                "Your contact log and the app show no contact with anyone in your circle for "
                "%(days)d days. A short call or message to one person can help."
            )
            % {"days": days}
        ),
        trigger_kinds=("person",),
    )


ISOLATION = Rule("isolation", isolation, daily=True)
