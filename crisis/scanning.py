"""Every free-text field a client writes is scanned for crisis language by the save path.

Each such field is registered in SCANNED (model label -> field -> how to read it). On every
save of a registered model (Django's post_save, connected in CrisisConfig.ready) the fields
saved are read and passed to crisis.services.handle_text; code that writes without the ORM's
save (the check-in's hand-written SQL) calls `scan_instance` itself. A match is kept on the
instance (`crisis_match`) and on the request, whose middleware shows the crisis resources on
the next page (crisis/middleware.py).

A new TextField, free-text CharField or JSONField anywhere in the project must be registered
here or listed in NOT_CLIENT_TEXT with the reason: tests/test_crisis_scanning.py enumerates
every model's fields and fails for one that is neither. Text written by supporters about the
client is another matter (issue 14), not scanned as the client's words.
"""

from __future__ import annotations

import contextvars
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.db.models import Model
from django.db.models.signals import post_save

from accounts.models import User
from crisis.detect import CrisisMatch
from crisis.models import CrisisEvent
from crisis.services import handle_text

# The matches found while serving the current request (crisis/middleware.py sets it).
FOUND: contextvars.ContextVar[list[CrisisMatch] | None] = contextvars.ContextVar(
    "crisis_found", default=None
)


def _client(instance: Any) -> User | None:
    client: User | None = instance.client
    return client


def _field_text(field: str) -> Callable[[Any], str]:
    return lambda instance: str(getattr(instance, field) or "")


@dataclass(frozen=True)
class Scanned:
    source: str  # a CrisisEvent.Source value
    # Whose words these are; None when they are not the client's (e.g. a co-author's).
    client: Callable[[Any], User | None] = _client
    # The text to scan; by default the field's value.
    text: Callable[[Any], str] | None = None
    # Where the words live, for "the same words saved again" ("app.Model:pk:field").
    document: Callable[[Any, str], str] | None = None


def _plan_author_is_client(version: Any) -> User | None:
    plan = version.plan
    return plan.client if version.author_id == plan.client_id else None


def _plan_new_lines(version: Any) -> str:
    """Only the lines that are new since the previous version: an unchanged line was
    checked when it was first saved, and older lines may be a co-author's."""
    from plans.content import PlanContent
    from plans.services import plan_texts

    previous = version.plan.versions.filter(number__lt=version.number).first()
    old = set(plan_texts(PlanContent.model_validate(previous.content))) if previous else set()
    lines = plan_texts(PlanContent.model_validate(version.content))
    return "\n\n".join(line for line in lines if line not in old)


def _plan_document(version: Any, field: str) -> str:
    return f"plans.Plan:{version.plan_id}:{field}"


S = CrisisEvent.Source
SCANNED: dict[str, dict[str, Scanned]] = {
    "checkins.CheckIn": {"note": Scanned(S.CHECKIN_NOTE), "coping_used": Scanned(S.CHECKIN_NOTE)},
    "sobriety.Lapse": {
        "what_happened": Scanned(S.LAPSE_NOTE),
        "what_learned": Scanned(S.LAPSE_NOTE),
    },
    "alerts.ReachOut": {"message": Scanned(S.REACH_OUT)},
    "plans.PlanVersion": {
        "content": Scanned(S.PLAN, _plan_author_is_client, _plan_new_lines, _plan_document),
        "note": Scanned(S.PLAN, _plan_author_is_client),
    },
    "contacts.ContactLog": {"note": Scanned(S.CONTACT_NOTE)},
    "helpboard.HelpNeed": {
        "title": Scanned(
            S.HELP_NEED, lambda need: need.client if need.posted_by_id == need.client_id else None
        ),
        "notes": Scanned(
            S.HELP_NEED, lambda need: need.client if need.posted_by_id == need.client_id else None
        ),
    },
    "helpboard.HelpOccurrence": {"thanks": Scanned(S.HELP_NEED, lambda o: o.need.client)},
    "events.Event": {
        "title": Scanned(S.EVENT, lambda e: e.client if e.organiser_id == e.client_id else None),
        "notes": Scanned(S.EVENT, lambda e: e.client if e.organiser_id == e.client_id else None),
    },
    "circle.Invitation": {"message": Scanned(S.INVITATION)},
    "signals.Signal": {"acknowledgement_note": Scanned(S.SIGNAL_NOTE)},
}

# Free-text fields that are not the client's own words about themselves, and why.
NOT_CLIENT_TEXT: dict[str, str] = {
    "accounts.User.display_name": "a name",
    "accounts.ApiToken.name": "a label for a token",
    "alerts.Alert.subject": "written by the system (a client's words in it: at their source)",
    "alerts.Alert.body": "written by the system (a client's words in it: at their source)",
    "alerts.Alert.texts": "the subject and body in other languages (as above)",
    "alerts.Alert.link": "an address",
    "alerts.Encouragement.text": "written by a supporter (issue 14)",
    "audit.AccessLog.viewer_name": "a name",
    "audit.AccessLog.what": "written by the system",
    "checkins.CheckIn.triggers": "ids of the plan's triggers, chosen from a list",
    "checkins.CheckIn.commitments_kept": "ids of the plan's commitments, chosen from a list",
    "contacts.ContactLog.name": "a name",
    "events.Event.place": "an address",
    "helpboard.HelpNeed.place": "an address",
    "helpboard.HelpNeed.rrule": "a recurrence rule, built by the form",
    "measures.MeasureResponse.answers": "numbers; crisis answers raise the crisis path in measures",
    "measures.MeasureResponse.scores": "computed",
    "meetings.Meeting.name": "imported from a public meeting list",
    "meetings.Meeting.slug": "imported from a public meeting list",
    "meetings.Meeting.location": "imported from a public meeting list",
    "meetings.Meeting.address": "imported from a public meeting list",
    "meetings.Meeting.region": "imported from a public meeting list",
    "meetings.Meeting.conference_phone": "imported from a public meeting list",
    "meetings.Meeting.notes": "imported from a public meeting list",
    "meetings.Meeting.group": "imported from a public meeting list",
    "meetings.MeetingFeed.name": "a feed's name, set by an administrator",
    "plans.PlanVersion.author_name": "a name",
    "plans.PlanVersion.changed_sections": "section keys, computed",
    "plans.Proposal.author_name": "a name",
    "plans.Proposal.content": "written by a co-author; scanned as the client's once accepted",
    "plans.Proposal.note": "written by a co-author (issue 14)",
    "signals.Signal.title": "written by the system",
    "signals.Signal.explanation": "written by the system",
    "signals.Signal.texts": "the title and explanation in other languages (as above)",
    "sobriety.SobrietyStart.substance": "a label (the substance)",
    "crisis.CrisisEvent.phrase": "the detector's own record",
    "crisis.CrisisEvent.document": "the detector's own record",
    "crisis.CrisisEvent.digest": "the detector's own record",
    "crisis.CrisisEvent.category": "the detector's own record",
    "alerts.Alert.dedupe_key": "written by the system",
    "alerts.Notification.claim_token": "written by the system",
    "alerts.Notification.last_error": "written by the system",
    "alerts.Notification.required_scope": "written by the system",
    "alerts.DeliveryAttempt.worker": "written by the system",
    "alerts.DeliveryAttempt.error": "written by the system",
    "accounts.ApiToken.prefix": "a token's first letters",
    "accounts.ApiToken.digest": "a token's digest",
    "calendars.CalendarFeed.digest": "a token's digest",
    "measures.MeasureResponse.instrument": "a questionnaire's code",
    "measures.MeasureResponse.band": "computed",
    "measures.MeasureSchedule.instrument": "a questionnaire's code",
    "meetings.Meeting.timezone": "a time zone name",
    "meetings.MeetingFeed.timezone": "a time zone name",
    "helpboard.HelpNeed.zone": "a time zone name",
    "signals.Signal.rule": "a rule's code",
    "accounts.User.password": "a password hash",
    "circle.Membership.scopes": "scope codes, chosen from a list",
    "circle.Invitation.scopes": "scope codes, chosen from a list",
    "meetings.MeetingFeed.last_report": "an import report, computed",
    "meetings.Meeting.types": "imported type codes",
    # Scanned by the writing service itself, which must tell the author's own crisis from a
    # supporter's words about the client (conversations.concern) or answer the match inline:
    "conversations.Message.text": "scanned by conversations.services.send and edit",
    "groups.Post.text": "scanned by groups.posting.publish (poster's resources, moderators told)",
    "toolkit.CravingSession.note": "scanned by toolkit.craving.finish",
    "toolkit.CravingSession.strategy_tried": "scanned by toolkit.craving.finish",
    "toolkit.Strategy.title": "scanned by toolkit.services.share (the sharer's words)",
    "toolkit.Strategy.how_to": "scanned by toolkit.services.share (the sharer's words)",
    "toolkit.Strategy.key": "a library entry's code",
    "toolkit.Strategy.trigger_kinds": "trigger kind codes, chosen from a list",
    "toolkit.Strategy.alias": "a name",
    "toolkit.Adoption.coping_id": "an id in the plan",
    "toolkit.Adoption.credit": "a name",
    "toolkit.CravingSession.trigger_id": "an id in the plan",
    "toolkit.CravingSession.trigger_label": "copied from the plan (scanned there)",
    "toolkit.CravingSession.trigger_kind": "a trigger kind code",
    "toolkit.CravingSession.contacted": "membership ids",
    "ratelimits.Counter.key": "written by the system",
    "health.Heartbeat.worker": "a process's name, written by the system",
    "health.Heartbeat.problem": "a process's last error, written by the system",
    "alerts.AccountEmail.subject": "an account e-mail, written by the system",
    "alerts.AccountEmail.body": "an account e-mail, written by the system",
    "alerts.AccountEmail.claim_token": "written by the system",
    "alerts.AccountEmail.last_error": "written by the system",
    "groups.Group.name": "a group's name, shown to its members (not about the writer)",
    "groups.Group.description": "about the group, written by its creator",
    "groups.Group.guidelines": "the group's rules, written by its creator",
    "groups.Member.alias": "a name",
    "groups.Invite.code": "a secret code",
    "groups.Report.note": "a member's report to the moderators, about another's post",
    "groups.ModerationAction.actor_label": "a name",
    "groups.ModerationAction.reason": "a moderator's reason for an action",
}


def scan_instance(instance: Model, fields: set[str] | None = None) -> CrisisMatch | None:
    """Scans the registered fields of a saved instance (only `fields` when given) and answers
    the most serious match; also kept as `instance.crisis_match` and on the request."""
    label = instance._meta.label
    found: list[CrisisMatch] = []
    for field, spec in SCANNED.get(label, {}).items():
        if fields is not None and field not in fields:
            continue
        text = (spec.text or _field_text(field))(instance)
        if not text.strip():
            continue  # before the client: finding it may cost a query
        client = spec.client(instance)
        if client is None:
            continue
        document = (spec.document(instance, field) if spec.document else None) or (
            f"{label}:{instance.pk}:{field}"
        )
        match = handle_text(client, text, spec.source, document)
        if match is not None:
            found.append(match)
    best = next((m for m in found if m.clear), found[0] if found else None)
    instance.crisis_match = best  # type: ignore[attr-defined]  # no model declares it; any may get it
    collected = FOUND.get()
    if best is not None and collected is not None:
        collected.append(best)
    return best


def on_save(sender: type[Model], instance: Model, raw: bool = False, **kwargs: Any) -> None:
    if raw:
        return  # loading fixtures, not a person writing
    update_fields = kwargs.get("update_fields")
    scan_instance(instance, set(update_fields) if update_fields else None)


def connect() -> None:
    for label in SCANNED:
        post_save.connect(on_save, sender=apps.get_model(label), dispatch_uid=f"crisis:{label}")
