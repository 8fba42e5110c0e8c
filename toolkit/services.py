"""The strategy toolkit: the library, strategies shared from experience, and adopting one
into the client's plan (through the plan's own save, so every adoption is a plan version).

The craving tool is in toolkit/craving.py.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import User
from alerts.models import Alert
from alerts.services import notify_client
from alerts.texts import Message
from circle.policy import NotVisible, active_membership
from crisis.detect import CrisisMatch
from crisis.models import CrisisEvent
from crisis.services import handle_text
from plans import services as plans
from plans.content import TRIGGER_KINDS, PlanContent
from plans.models import Plan
from recoverycircle.errors import ServiceError
from toolkit.library import LIBRARY
from toolkit.models import Adoption, Strategy

TITLE_MAX = 120
HOW_TO_MAX = 2000
ALIAS_MAX = 80


class ToolkitError(ServiceError):
    """A refused toolkit action; the message is shown to the person as it is."""


@dataclass(frozen=True)
class Shared:
    strategy: Strategy
    crisis: CrisisMatch | None


@dataclass(frozen=True)
class Adopted:
    adoption: Adoption
    saved: plans.Saved


# The library


def load_library() -> int:
    """Copies the library's keys, tags and order into the database; safe to run again (it
    runs after every migrate). An entry taken out of the library is withdrawn, not deleted,
    so what clients adopted from it keeps its history. Answers the entries written."""
    keys = [entry.key for entry in LIBRARY]
    for position, entry in enumerate(LIBRARY):
        Strategy.objects.update_or_create(
            key=entry.key,
            defaults={
                "origin": Strategy.Origin.LIBRARY,
                "position": position,
                "trigger_kinds": list(entry.kinds),
                "withdrawn_at": None,
            },
        )
    Strategy.objects.filter(origin=Strategy.Origin.LIBRARY, withdrawn_at=None).exclude(
        key__in=keys
    ).update(withdrawn_at=timezone.now())
    return len(keys)


# Reading


def visible_to(user: User) -> QuerySet[Strategy]:
    """The library, what was shared with this person, and what they shared themselves."""
    return Strategy.objects.filter(
        Q(origin=Strategy.Origin.LIBRARY) | Q(for_client=user) | Q(shared_by=user),
        withdrawn_at=None,
    ).select_related("shared_by")


def strategies_for(user: User, kind: str = "") -> list[Strategy]:
    """Visible strategies, those tagged with `kind` only when one is given."""
    found = list(visible_to(user))
    return [s for s in found if kind in s.trigger_kinds] if kind else found


def strategy_for(user: User, strategy_id: int) -> Strategy:
    found = visible_to(user).filter(pk=strategy_id).first()
    if found is None:
        raise NotVisible
    return found


def shared_with(client: User) -> list[Strategy]:
    return list(
        Strategy.objects.filter(for_client=client, withdrawn_at=None).select_related("shared_by")
    )


def shared_by_me(sharer: User, client_id: int) -> list[Strategy]:
    return list(
        Strategy.objects.filter(shared_by=sharer, for_client_id=client_id, withdrawn_at=None)
    )


def adoptions(client: User, content: PlanContent | None = None) -> dict[int, Adoption]:
    """Strategy id → its adoption, for adoptions whose coping item is still in the plan."""
    content = content if content is not None else plans.content_of(client)
    in_plan = {c.id for c in content.coping}
    return {
        a.strategy_id: a for a in Adoption.objects.filter(client=client) if a.coping_id in in_plan
    }


def credits(client: User, content: PlanContent) -> dict[str, str]:
    """Coping id → who shared it, for the plan's strategies that came from someone."""
    return {a.coping_id: a.credit for a in adoptions(client, content).values() if a.credit}


def ideas_for(client: User, kinds: Iterable[str], count: int = 3) -> list[Strategy]:
    """Strategies tagged with one of `kinds` that are not in the client's plan yet."""
    wanted = set(kinds)
    taken = adoptions(client).keys()
    return [
        s
        for s in visible_to(client)
        if s.pk not in taken and wanted & set(s.trigger_kinds) and s.shared_by_id != client.pk
    ][:count]


# Sharing


def clean_kinds(kinds: Iterable[str]) -> list[str]:
    chosen = list(dict.fromkeys(kinds))
    unknown = [k for k in chosen if k not in TRIGGER_KINDS]
    if unknown:
        raise ToolkitError(
            _("Not a kind of trigger: %(kinds)s") % {"kinds": ", ".join(unknown)}, "trigger_kinds"
        )
    if not chosen:
        raise ToolkitError(_("Choose at least one kind of trigger it helps with."), "trigger_kinds")
    return chosen


def clean_text(value: str, field: str, limit: int, required: bool = True) -> str:
    value = value.strip()
    if required and not value:
        raise ToolkitError(_("This field is required."), field)
    if len(value) > limit:
        raise ToolkitError(_("Keep it under %d characters.") % limit, field)
    return value


def share(
    sharer: User,
    client_id: int,
    title: str,
    how_to: str,
    kinds: Iterable[str],
    alias: str = "",
) -> Shared:
    """A supporter shares what helped them with a client they support. Their words are
    scanned for crisis language like everything people write here."""
    membership = active_membership(sharer, client_id)
    if membership is None:
        raise NotVisible
    values = {
        "title": clean_text(title, "title", TITLE_MAX),
        "how_to": clean_text(how_to, "how_to", HOW_TO_MAX),
        "alias": clean_text(alias, "alias", ALIAS_MAX, required=False),
        "trigger_kinds": clean_kinds(kinds),
    }
    client = membership.client
    with transaction.atomic():
        strategy = Strategy.objects.create(
            origin=Strategy.Origin.SHARED, shared_by=sharer, for_client=client, **values
        )
        # Written in every language, so the inbox follows the client's language of the day.
        subject = Message(
            gettext_lazy("%(name)s shared what helped them: %(title)s"),
            {"name": strategy.credit, "title": strategy.title},
        )
        body = gettext_lazy(
            "You can read it in your toolkit and add it to your plan if it fits you."
        )
        notify_client(
            client,
            Alert.Kind.ENCOURAGEMENT,
            subject,
            body=body,
            link=reverse("toolkit:strategy", args=[strategy.pk]),
            dedupe_key=f"strategy-shared:{strategy.pk}",
        )
    crisis = handle_text(
        sharer, f"{strategy.title}\n\n{strategy.how_to}", CrisisEvent.Source.STRATEGY
    )
    return Shared(strategy, crisis)


def withdraw(sharer: User, strategy_id: int) -> None:
    """The sharer takes their strategy back. A client who adopted it keeps it in their plan:
    that copy is theirs."""
    updated = Strategy.objects.filter(pk=strategy_id, shared_by=sharer, withdrawn_at=None).update(
        withdrawn_at=timezone.now()
    )
    if not updated:
        raise NotVisible


# Adopting


def adopt(client: User, strategy_id: int, trigger_ids: Iterable[str], label: str = "") -> Adopted:
    """The strategy becomes a coping strategy of the client's plan, linked to the triggers
    they chose: a new plan version by the client, whose note credits who shared it."""
    strategy = strategy_for(client, strategy_id)
    with transaction.atomic():
        # The plan is locked while it is read and written, so a double tap adopts once.
        Plan.objects.select_for_update().filter(client=client).first()
        content = plans.content_of(client)
        if strategy.pk in adoptions(client, content):
            raise ToolkitError(_("This strategy is already in your plan."), status=409)
        saved = save_adopted(client, strategy, content, list(dict.fromkeys(trigger_ids)), label)
        adoption, _created = Adoption.objects.update_or_create(
            client=client,
            strategy=strategy,
            defaults={
                "coping_id": saved.version.content["coping"][-1]["id"],
                "plan_version": saved.version.number,
                "credit": strategy.credit[:120],
                "created_at": timezone.now(),
            },
        )
    return Adopted(adoption, saved)


def save_adopted(
    client: User, strategy: Strategy, content: PlanContent, trigger_ids: list[str], label: str
) -> plans.Saved:
    unknown = [t for t in trigger_ids if t not in {t.id for t in content.triggers}]
    if unknown:
        raise ToolkitError(
            _("Not a trigger in your plan: %(ids)s") % {"ids": ", ".join(unknown)},
            "trigger_ids",
            status=422,
        )
    words = clean_text(label or strategy.heading, "label", 300)
    data = content.model_dump(mode="json")
    data["coping"].append({"id": "", "label": words, "trigger_ids": trigger_ids})
    try:
        return plans.save_plan(client, client, data, note=adoption_note(strategy))
    except plans.PlanInvalid as error:
        raise ToolkitError(str(error), "label", status=422) from None


def adoption_note(strategy: Strategy) -> str:
    if strategy.credit:
        return _("Added from the toolkit: %(title)s (shared by %(name)s)") % {
            "title": strategy.heading,
            "name": strategy.credit,
        }
    return _("Added from the toolkit: %s") % strategy.heading


def preselected_triggers(content: PlanContent, strategy: Strategy) -> list[str]:
    """The plan's triggers of the kinds the strategy is tagged with, ticked to start with."""
    return [t.id for t in content.triggers if t.kind in strategy.trigger_kinds]
