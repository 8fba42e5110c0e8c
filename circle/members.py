"""Who is in whose circle: every question other apps ask about memberships, answered here, so
that no app outside `circle` queries memberships itself (a test fails when one does). Whether
someone may read a client's data is still decided by `circle.policy`.

"Open" memberships are active or paused (a pause is not a goodbye); "active" ones are what
the access policy lets through; an ended membership stays for the history.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from functools import cache, partial

from django.db.models import QuerySet

from accounts.models import User
from circle.models import Membership
from recoverycircle import rawsql

ACTIVE = Membership.Status.ACTIVE
ENDED = Membership.Status.ENDED

# One row per active membership, for batch work that reads many clients at once:
# (membership id, client id, supporter id, scopes).
Row = tuple[int, int, int, list[str]]


def _of(client: User | int) -> QuerySet[Membership]:
    client_id = client if isinstance(client, int) else client.pk
    return Membership.objects.filter(client_id=client_id)


def open_circle(client: User, *related: str) -> list[Membership]:
    """Active and paused members, with their accounts (and any other `related` rows)."""
    rows = _of(client).exclude(status=ENDED).select_related("supporter", *related)
    return list(rows)


def active_circle(client: User, only: Collection[int] | None = None) -> list[Membership]:
    """Active members with their accounts; `only`: just these membership ids."""
    rows = _of(client).filter(status=ACTIVE)
    if only is not None:
        rows = rows.filter(pk__in=set(only))
    return list(rows.select_related("supporter"))


def has_active_circle(client: User) -> bool:
    return _of(client).filter(status=ACTIVE).exists()


def everyone_ever(client: User) -> list[Membership]:
    """Every membership the client ever had, ended ones too (names in old plan versions)."""
    return list(_of(client).select_related("supporter"))


def open_membership(client: User, membership_id: int) -> Membership | None:
    """One of the client's own open memberships, or None."""
    rows = _of(client).filter(pk=membership_id).exclude(status=ENDED)
    return rows.select_related("supporter").first()


def open_ids(client: User) -> set[int]:
    return set(_of(client).exclude(status=ENDED).values_list("pk", flat=True))


def active_ids(client: User) -> set[int]:
    return set(_of(client).filter(status=ACTIVE).values_list("pk", flat=True))


def open_memberships_of(client: User, supporter_ids: Iterable[int]) -> list[Membership]:
    """The open memberships of these people in the client's circle."""
    rows = _of(client).filter(supporter_id__in=list(supporter_ids)).exclude(status=ENDED)
    return list(rows.select_related("supporter"))


def active_pair(client: User, supporter: User) -> list[Membership]:
    """The supporter's active membership in the client's circle, as a list of none or one."""
    return list(_of(client).filter(supporter=supporter, status=ACTIVE).select_related("supporter"))


def with_scope(client: User, scope: str, excluding: User | None = None) -> list[Membership]:
    """Active members holding `scope` (the JSON list is checked in Python: it works the same
    on SQLite and PostgreSQL), with their accounts; asked again at send time."""
    rows = _of(client).filter(status=ACTIVE).select_related("supporter")
    if excluding is not None:
        rows = rows.exclude(supporter=excluding)
    return [m for m in rows if scope in m.scopes]


def clients_sharing(supporter: User, scope: str) -> list[int]:
    """Ids of the clients who share `scope` with this supporter now."""
    rows = Membership.objects.filter(supporter=supporter, status=ACTIVE)
    return [pk for pk, scopes in rows.values_list("client_id", "scopes") if scope in scopes]


def scopes_by_client(supporter: User) -> dict[int, list[str]]:
    """What each client the person supports shares with them now (active memberships)."""
    rows = Membership.objects.filter(supporter=supporter, status=ACTIVE)
    return dict(rows.values_list("client_id", "scopes"))


def active_rows(client_ids: Collection[int]) -> list[Row]:
    """Active memberships of many clients at once, as plain rows (one array parameter on
    PostgreSQL: the missed check-in sweep asks this for thousands of clients)."""
    rows = Membership.objects.filter(client_id__any_of=list(client_ids), status=ACTIVE)
    return list(rows.values_list("pk", "client_id", "supporter_id", "scopes"))


def active_circles(client_ids: list[int]) -> dict[int, list[Membership]]:
    """`active_circle` for many clients at once (one query, with the supporters' accounts)."""
    found: dict[int, list[Membership]] = {pk: [] for pk in client_ids}
    rows = Membership.objects.filter(client_id__any_of=client_ids, status=ACTIVE)
    for membership in rows.select_related("supporter"):
        found[membership.client_id].append(membership)
    return found


def open_ids_of(client_ids: list[int]) -> dict[int, set[int]]:
    """`open_ids` for many clients at once: each client's active and paused membership ids."""
    found: dict[int, set[int]] = {pk: set() for pk in client_ids}
    rows = Membership.objects.filter(client_id__any_of=client_ids).exclude(status=ENDED)
    for client_id, membership_id in rows.values_list("client_id", "pk"):
        found[client_id].add(membership_id)
    return found


def active_supporter_rows(client_ids: Collection[int]) -> list[Row]:
    """Like `active_rows`, but only supporters whose account is still active: whom an alert
    may reach now (the outbox asks this once per delivery batch)."""
    rows = Membership.objects.filter(
        client_id__any_of=list(client_ids), status=ACTIVE, supporter__is_active=True
    )
    return list(rows.values_list("pk", "client_id", "supporter_id", "scopes"))


def scopes_if_active(client_id: int, supporter_id: int) -> list[str] | None:
    """The scopes an active supporter (active account, active membership) holds in the
    client's circle, or None. One hand-written statement: it runs before every e-mail."""
    row = rawsql.fetch_one(active_scopes_sql(), [client_id, supporter_id, ACTIVE, True])
    return None if row is None else list(rawsql.converted(Membership, "scopes", row[0]))


@cache
def active_scopes_sql() -> str:
    member, user = partial(rawsql.column, Membership), partial(rawsql.column, User)
    # Names come from the models' metadata; every value is a parameter.
    return (
        f"SELECT m.{member('scopes')} FROM {rawsql.table(Membership)} m "  # noqa: S608
        f"JOIN {rawsql.table(User)} u ON u.{user('id')} = m.{member('supporter')} "
        f"WHERE m.{member('client')} = %s AND m.{member('supporter')} = %s "
        f"AND m.{member('status')} = %s AND u.{user('is_active')} = %s"
    )


def clients_with_active_circle() -> QuerySet[Membership, int]:
    """Ids of every client with someone active in their circle (a subquery; not evaluated)."""
    return Membership.objects.filter(status=ACTIVE).values_list("client_id", flat=True)


def by_relationship(client: User, relationship: str) -> Membership | None:
    return _of(client).filter(relationship=relationship).exclude(status=ENDED).first()


def add_member(client: User, supporter: User, relationship: str, scopes: list[str]) -> Membership:
    """Puts someone in a client's circle directly, without an invitation: for demo and
    benchmark data only. Someone who is or was in it keeps the membership they have."""
    found = _of(client).filter(supporter=supporter).first()
    if found is not None:
        return found
    return Membership.objects.create(
        client=client, supporter=supporter, relationship=relationship, scopes=scopes
    )


def add_many(pairs: Iterable[tuple[User, User]], relationship: str, scopes: list[str]) -> None:
    """Many (client, supporter) pairs at once, for benchmark data."""
    Membership.objects.bulk_create(
        Membership(client=c, supporter=s, relationship=relationship, scopes=scopes)
        for c, s in pairs
    )
