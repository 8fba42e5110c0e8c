"""Who to call, from the client's own plan, beside a crisis signal: the people of the plan (a
call link when a number is known) and the professionals with a phone. Generic coping
strategies are not shown there; crisis resources and people are."""

from __future__ import annotations

from accounts.models import User


def people_to_call(client: User) -> list[tuple[str, str]]:
    """(name, tel: link or "") in the plan's order; professional contacts with a phone."""
    from plans.services import content_of, people_of

    content = content_of(client)
    found = [(p.name, "") for p in people_of(client, content) if not p.paused]
    found += [
        (f"{c.name} ({c.role})" if c.role else c.name, f"tel:{c.tel}")
        for c in content.professional_contacts
        if c.tel
    ]
    return found
