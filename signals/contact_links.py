"""The isolation input: days since the client was last in touch with anyone in their circle
(their contact log and in-app interactions both count)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from contacts.services import days_since_any_contact
from signals.rules import Context, Finding, Rule, threshold


def isolation(ctx: Context) -> Finding | None:
    days = days_since_any_contact(ctx.client, ctx.now)
    if days is None or days < threshold("isolation_days"):
        return None
    return Finding(
        "watch",
        _("It has been a while since you connected with someone"),
        _(
            "Your contact log and the app show no contact with anyone in your circle for "
            "%(days)d days. A short call or message to one person can help."
        )
        % {"days": days},
        trigger_kinds=("person",),
    )


RULES = [Rule("isolation", isolation, daily=True)]
