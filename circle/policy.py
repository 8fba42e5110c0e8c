"""The access policy: the one place that answers "may this person see or do this for this
client". Objects a person may not know exist answer 404, never 403, so a stranger cannot even
learn that an account exists.

Every route declares its rule with `@access_rule(...)`, and the decorator enforces it before
the handler runs, for Django views and Ninja operations alike:

- `PUBLIC`: anyone, signed in or not; nothing private is shown. Only a label.
- `SELF`: a signed-in person acting on their own data. Someone not signed in is sent to log in
  (a page) or refused (the API).
- `STAFF`: staff only (operators' pages); anyone else signed in is told the page does not
  exist (404).
- `MEMBER`: the client, or an active supporter of the client.
- `client_scope(scope)`: the client, or an active supporter the client gave `scope`.
- `group:*` (see groups/access.py): the group's own access module decides on the group; the
  decorator enforces sign-in.

For `MEMBER` and `client_scope(...)` routes the decorator finds the client from the URL
argument `client_id`, or through a declared `ClientOf` for routes keyed by another object (a
help need, a thread, an event), asks `decide`, writes the read to the client's access log
(gathered into one row per visit by audit.visits) unless the route says `log=False`, and hands
the decision to the handler: `granted(request)` is the client and the viewer's membership.
A handler that decides more about one object (who posted a help need) still asks this module.

Nothing outside `circle` queries memberships: other apps call the functions here and in
`circle.members` (tests/test_membership_queries.py). A test walks every route and fails when
one has no rule, or a rule that is only a label (tests/test_access_walk.py).
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar, cast

from django.contrib.auth.views import redirect_to_login
from django.db.models import Model
from django.http import Http404, HttpRequest
from django.utils.functional import Promise
from ninja.signature.utils import get_typed_signature

from accounts.models import User
from audit.services import record_access
from circle import members
from circle.models import Membership

F = TypeVar("F", bound=Callable[..., Any])

# Rules a route can declare:
PUBLIC = "public"  # anyone, signed in or not, sees nothing private
SELF = "self"  # a signed-in person acting on their own data only
STAFF = "staff"  # the site's operators only
MEMBER = "member"  # a client's own page or an active supporter's view of it
CLIENT_PREFIX = "client:"


def client_scope(scope: str) -> str:
    """Rule for a route showing one client's data of one scope."""
    return f"{CLIENT_PREFIX}{scope}"


def scope_of(rule: str) -> str | None:
    """The scope a client rule asks for (None for MEMBER: any active membership)."""
    return rule.removeprefix(CLIENT_PREFIX) if rule.startswith(CLIENT_PREFIX) else None


def names_a_client(rule: str) -> bool:
    return rule == MEMBER or rule.startswith(CLIENT_PREFIX)


class NotVisible(Http404):
    """The asker may not see this; shown as "not found" so nothing leaks."""


@dataclass(frozen=True)
class Access:
    """The decision for one client: whose data, and the viewer's membership (None when the
    viewer is the client)."""

    client: User
    membership: Membership | None

    @property
    def is_client(self) -> bool:
        return self.membership is None


@dataclass(frozen=True)
class ClientOf:
    """How a route keyed by another object finds the client whose data it is: the URL
    argument holding the object's id, the model, and the path from it to the client's id."""

    key: str
    model: type[Model]
    path: str = "client_id"

    def client_id(self, pk: int) -> int | None:
        rows = self.model._default_manager.filter(pk=pk).values_list(self.path, flat=True)
        return cast(int | None, rows.first())


BY_CLIENT_ID = "client_id"


def active_membership(viewer: User, client: User | int) -> Membership | None:
    client_id = client if isinstance(client, int) else client.pk
    return (
        Membership.objects.filter(
            client_id=client_id, supporter=viewer, status=Membership.Status.ACTIVE
        )
        .select_related("client")
        .first()
    )


def may(viewer: User, client: User, scope: str | None) -> bool:
    """True when `viewer` may see `scope` of `client` (scope None: may see the client at all)."""
    if not viewer.is_authenticated:
        return False
    if viewer.pk == client.pk:
        return True
    membership = active_membership(viewer, client)
    return membership is not None and (scope is None or scope in membership.scopes)


def decide(viewer: User, client_id: int, scope: str | None) -> Access:
    """The access decision alone, not logged: the client, or an active supporter with `scope`
    (scope None: any active supporter). Anyone else gets `NotVisible`."""
    if not viewer.is_authenticated:
        raise NotVisible
    if viewer.pk == client_id:
        return Access(viewer, None)
    membership = active_membership(viewer, client_id)
    if membership is None or (scope is not None and scope not in membership.scopes):
        raise NotVisible
    return Access(membership.client, membership)


def read(
    viewer: User, client_id: int, scope: str | None, what: str, channel: str = "web"
) -> tuple[User, Membership | None]:
    """The client whose `scope` the viewer wants to read, after the access decision.

    Returns the client and the viewer's membership (None when the viewer is the client).
    Every allowed read by someone else is written to the client's access log.
    """
    access = decide(viewer, client_id, scope)
    if access.membership is not None:
        record_access(viewer, access.client, what, channel)
    return access.client, access.membership


def supporters_with_scope(
    client: User, scope: str, excluding: User | None = None
) -> list[Membership]:
    """Active memberships of `client` that include `scope` (but `excluding`'s), with the
    supporters' accounts; asked again at send time."""
    return members.with_scope(client, scope, excluding)


# The decorator

ACCESS_ATTRIBUTE = "circle_access"


def granted(request: HttpRequest) -> Access:
    """The decision `@access_rule` made for this request's client."""
    access = getattr(request, ACCESS_ATTRIBUTE, None)
    if not isinstance(access, Access):
        raise RuntimeError("granted() needs a MEMBER or client_scope(...) route")
    return access


def is_api(request: HttpRequest) -> bool:
    return request.path_info.startswith("/api/")


class SignInFirst(Exception):
    """A page for signed-in people was asked for without signing in (answered by a redirect)."""


def check_signed_in(request: HttpRequest) -> None:
    if not request.user.is_authenticated:
        # The API authenticates every operation but the public ones before the handler runs;
        # an anonymous call reaching here is told nothing exists.
        if is_api(request):
            raise NotVisible
        raise SignInFirst


def enforce(
    request: HttpRequest,
    rule: str,
    what: str | Promise,
    log: bool,
    through: ClientOf | None,
    kw: Mapping[str, Any],
) -> None:
    check_signed_in(request)
    viewer = cast(User, request.user)
    if rule == STAFF and not viewer.is_staff:
        raise NotVisible
    if not names_a_client(rule):
        return
    key = through.key if through is not None else BY_CLIENT_ID
    client_id = kw[key] if through is None else through.client_id(kw[key])
    if client_id is None:
        raise NotVisible
    access = decide(viewer, client_id, scope_of(rule))
    if log and access.membership is not None:
        record_access(viewer, access.client, str(what), "api" if is_api(request) else "web")
    setattr(request, ACCESS_ATTRIBUTE, access)


def access_rule(
    rule: str, *, what: str | Promise = "", through: ClientOf | None = None, log: bool = True
) -> Callable[[F], F]:
    """Declares and enforces a route's rule (see the module's docstring).

    `what` names the read in the client's access log ("help board"); `through` finds the
    client of a route keyed by another object; `log=False` decides without logging, for a
    handler that logs only what it shows (a poll that found nothing new shows nothing).
    """
    if names_a_client(rule) and log and not what:
        raise TypeError(f"say what a {rule} route reads, for the access log")

    def mark(view: F) -> F:
        vars(view)["access_rule"] = rule
        if rule == PUBLIC:
            return view
        key = through.key if through is not None else BY_CLIENT_ID
        if names_a_client(rule) and key not in inspect.signature(view).parameters:
            raise TypeError(f"{view.__name__}: a {rule} route needs the URL argument {key}")

        @functools.wraps(view)
        def enforced(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
            try:
                enforce(request, rule, what, log, through, kwargs)
            except SignInFirst:
                return redirect_to_login(request.get_full_path())
            return view(request, *args, **kwargs)

        vars(enforced).update(
            # Ninja reads the handler's parameters from the signature, resolving annotations
            # in the handler's own module (a wrapper's globals would not know its schemas).
            __signature__=get_typed_signature(view),
            # For the route walk (tests/routes.py): what was declared, as the decorator uses it.
            access_through=through,
            access_what=what,
            access_log=log and names_a_client(rule),
        )
        return cast(F, enforced)

    return mark
