"""Raising alerts: every event writes its notifications to the outbox in the caller's
transaction, so an event and its notifications commit or roll back together."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import IntegrityError, connection, models, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from alerts.models import Alert, AlertPreference, Notification
from alerts.texts import Text, in_every_language, many_in_every_language
from checkins.models import CheckIn
from circle import members
from circle.models import Membership, Scope
from circle.policy import supporters_with_scope
from recoverycircle import humane
from recoverycircle.lookups import unbounded

CHANNELS = (Notification.Channel.INBOX, Notification.Channel.EMAIL)
# A subject and body written in every language: (default subject, default body, others).
Written = tuple[str, str, dict[str, list[str]]]


def create_alert(
    client: User,
    kind: str,
    subject: Text,
    body: Text = "",
    link: str = "",
    dedupe_key: str | None = None,
    *,
    written: Written | None = None,
) -> Alert | None:
    """A new alert, or None when one with the same dedupe key already exists.

    `subject` and `body` are written in every language (see alerts.texts), unless `written`
    gives them so already (a caller that wrote many at once, signals.batch)."""
    default_subject, default_body, others = written or in_every_language(subject, body)
    try:
        with transaction.atomic():
            return Alert.objects.create(
                client=client,
                kind=kind,
                subject=default_subject,
                body=default_body,
                texts=others,
                link=link,
                dedupe_key=dedupe_key,
            )
    except IntegrityError:
        if dedupe_key and Alert.objects.filter(dedupe_key=dedupe_key).exists():
            return None
        raise


def queue(
    alert: Alert, recipients: Iterable[User], scope: str = "", channels: Iterable[str] = CHANNELS
) -> list[Notification]:
    rows = [
        Notification(alert=alert, recipient=person, channel=channel, required_scope=scope)
        for person in recipients
        for channel in channels
    ]
    return Notification.objects.bulk_create(rows)


@dataclass
class AlertSpec:
    """One alert to raise in bulk, with the people it goes to."""

    client: User
    kind: str
    subject: Text
    dedupe_key: str
    recipient_ids: list[int]
    scope: str = ""
    body: Text = ""
    link: str = ""


def notify_bulk(specs: list[AlertSpec]) -> int:
    """Raises many alerts with a few statements (the sweep's path for thousands of clients).

    Alerts whose dedupe key already exists are left alone; notification rows that already
    exist are skipped by the unique (alert, recipient, channel) key, so a sweeper racing
    another one can never queue a second copy. Returns the number of new alerts."""
    specs = [spec for spec in specs if spec.recipient_ids]
    keys = [spec.dedupe_key for spec in specs]
    known = Alert.objects.filter(dedupe_key__any_of=keys).values_list("dedupe_key", flat=True)
    existing = set(known)
    fresh = [spec for spec in specs if spec.dedupe_key not in existing]
    now = timezone.now()
    languages = dict(
        User.objects.filter(
            pk__any_of=list({p for s in fresh for p in s.recipient_ids})
        ).values_list("pk", "language")
    )
    words = many_in_every_language(
        [(spec.subject, spec.body) for spec in fresh],
        [{languages.get(person, "") for person in spec.recipient_ids} for spec in fresh],
    )
    insert_rows(
        Alert,
        ["client", "kind", "subject", "body", "texts", "link", "dedupe_key", "created_at"],
        [
            (spec.client.pk, spec.kind, subject, body, others, spec.link, spec.dedupe_key, now)
            for spec, (subject, body, others) in zip(fresh, words, strict=True)
        ],
    )
    ids = dict(
        Alert.objects.filter(dedupe_key__any_of=[s.dedupe_key for s in fresh]).values_list(
            "dedupe_key", "pk"
        )
    )
    columns = [
        "alert",
        "recipient",
        "channel",
        "required_scope",
        "status",
        "attempts",
        "next_attempt_at",
        "claim_token",
        "last_error",
        "created_at",
    ]
    pending = Notification.Status.PENDING
    insert_rows(
        Notification,
        columns,
        [
            (ids[spec.dedupe_key], person, channel, spec.scope, pending, 0, now, "", "", now)
            for spec in fresh
            for person in spec.recipient_ids
            for channel in CHANNELS
        ],
    )
    return len(fresh)


def insert_rows(model: type[models.Model], columns: list[str], rows: list[tuple[Any, ...]]) -> None:
    """One prepared INSERT for many rows, skipping rows that break a unique key.

    The sweep's path for tens of thousands of outbox rows: the ORM spends far longer
    preparing a bulk insert than the database spends writing it. ON CONFLICT DO NOTHING
    (SQLite and PostgreSQL) is what keeps a racing sweeper from queueing a second copy."""
    if not rows:
        return
    meta = model._meta
    quote = connection.ops.quote_name
    fields = [meta.get_field(name) for name in columns]
    names = [
        quote(str(getattr(field, "column", name)))
        for field, name in zip(fields, columns, strict=True)
    ]
    # JSON values (an alert's texts) travel as their JSON text, cast on PostgreSQL.
    json_columns = [i for i, f in enumerate(fields) if isinstance(f, models.JSONField)]
    if json_columns:
        rows = [as_json_text(row, json_columns) for row in rows]
    # Identifiers come from the model's metadata, values go as parameters.
    head = f"INSERT INTO {quote(meta.db_table)} ({', '.join(names)}) "
    tail = " ON CONFLICT DO NOTHING"
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            select, params = unnest_select(fields, rows)
            cursor.execute(head + select + tail, params)
            return
        adapt = connection.ops.adapt_datetimefield_value
        prepared = [tuple(adapt(v) if isinstance(v, datetime) else v for v in row) for row in rows]
        one = f"({', '.join(['%s'] * len(names))})"
        # SQLite runs executemany as a loop in C.
        cursor.executemany(head + "VALUES " + one + tail, prepared)


def as_json_text(row: tuple[Any, ...], columns: list[int]) -> tuple[Any, ...]:
    values = list(row)
    for i in columns:
        values[i] = json.dumps(values[i])
    return tuple(values)


def unnest_select(fields: list[Any], rows: list[tuple[Any, ...]]) -> tuple[str, list[Any]]:
    """PostgreSQL: the rows as one set-based SELECT. Each varying column travels as one array,
    unnested on the server (several times faster than a row-by-row pipeline); a column with one
    value in every row (status, times, empty texts) travels once, as a single parameter."""
    columns = [list(column) for column in zip(*rows, strict=True)]
    varying = {i for i, values in enumerate(columns) if any(v != values[0] for v in values)}
    varying = varying or {0}  # one array at least, so the SELECT yields one row per row
    arrays, outputs, params = [], [], []
    for index, (field, values) in enumerate(zip(fields, columns, strict=True)):
        # Without a length: a cast to varchar(n) would cut a longer value silently, where the
        # column itself refuses it.
        db_type = unbounded(field.db_type(connection))
        if index not in varying:
            outputs.append(f"%s::{db_type}")
            params.append(values[0])
        else:
            arrays.append((f"c{index}", f"%s::{db_type}[]", values))
            outputs.append(f"c{index}")
    # The scalar parameters come first in the statement text, then the arrays.
    params += [values for _, _, values in arrays]
    unnest = ", ".join(cast for _, cast, _ in arrays)
    names = ", ".join(name for name, _, _ in arrays)
    # Types and names come from the model; every value is a parameter.
    select = f"SELECT {', '.join(outputs)} FROM unnest({unnest}) AS u({names})"  # noqa: S608
    return select, params


def missed_checkin_recipients_of(client_ids: list[int]) -> dict[int, list[int]]:
    """For many clients at once: the ids of the supporters to tell about a missed check-in."""
    memberships = members.active_rows(client_ids)
    opted_out = set(
        AlertPreference.objects.filter(
            membership__client_id__any_of=client_ids, missed_checkin=False
        ).values_list("membership_id", flat=True)
    )
    found: dict[int, list[int]] = {client_id: [] for client_id in client_ids}
    for pk, client_id, supporter_id, scopes in memberships:
        if Scope.ALERTS in scopes and pk not in opted_out:
            found[client_id].append(supporter_id)
    return found


def notify_client(
    client: User,
    kind: str,
    subject: Text,
    body: Text = "",
    link: str = "",
    dedupe_key: str | None = None,
    *,
    written: Written | None = None,
) -> Alert | None:
    with transaction.atomic():  # the alert and its outbox rows, together or not at all
        alert = create_alert(client, kind, subject, body, link, dedupe_key, written=written)
        if alert is not None:
            queue(alert, [client])
    return alert


def notify_circle(
    client: User,
    kind: str,
    subject: Text,
    body: Text = "",
    link: str = "",
    scope: str = Scope.ALERTS,
    dedupe_key: str | None = None,
    memberships: Iterable[Membership] | None = None,
    channels: Iterable[str] = CHANNELS,
) -> Alert | None:
    """Tells every active supporter holding `scope` (or the given subset of them, each with
    its supporter's account loaded)."""
    chosen = memberships if memberships is not None else supporters_with_scope(client, scope)
    people = [m.supporter for m in chosen if scope in m.scopes]
    if not people:
        return None
    with transaction.atomic():  # the alert and its outbox rows, together or not at all
        alert = create_alert(client, kind, subject, body, link, dedupe_key)
        if alert is not None:
            queue(alert, people, scope, channels)
    return alert


def wants_missed_checkin_alerts(membership: Membership) -> bool:
    preference = AlertPreference.objects.filter(membership=membership).first()
    return preference is None or preference.missed_checkin


def set_missed_checkin_alerts(membership: Membership, wanted: bool) -> None:
    AlertPreference.objects.update_or_create(
        membership=membership, defaults={"missed_checkin": wanted}
    )


def inbox(user: User) -> QuerySet[Notification]:
    return (
        Notification.objects.filter(
            recipient=user, channel=Notification.Channel.INBOX, status=Notification.Status.SENT
        )
        .filter(still_shared_with(user))
        .select_related("alert", "alert__client")
    )


def still_shared_with(user: User) -> Q:
    """Notifications the person may still read: about themselves, or about a client who still
    has them in the circle, active, with the notification's scope. A supporter who is paused
    or removed no longer reads the client's words in old items (resumed: they show again)."""
    shared = Q(alert__client=user)
    for client_id, scopes in members.scopes_by_client(user).items():
        shared |= Q(alert__client_id=client_id, required_scope__in=["", *scopes])
    return shared


def mark_read(user: User, notification_ids: list[int] | None = None) -> int:
    rows = inbox(user).filter(read_at=None)
    if notification_ids is not None:
        rows = rows.filter(pk__in=notification_ids)
    return rows.update(read_at=timezone.now())


def checked_in_again(client: User, checkins: Iterable[CheckIn]) -> Alert | None:
    """After a missed-check-in alert, the first of `checkins` made since tells the people who
    were told, once (the dedupe key). Run by the client's evaluation, which every new
    check-in asks for (signals.services).

    The alert answered is the latest one with a check-in after it: usually the latest of all,
    but when the evaluation comes late (a queue, a failure), a later missed day may already
    have its own alert, and the check-in made in between must still be told."""
    made = sorted(checkins, key=lambda c: c.created_at)
    if not made:
        return None
    missed = Alert.objects.filter(
        client=client, kind=Alert.Kind.MISSED_CHECKIN, created_at__lte=made[-1].created_at
    ).order_by("-created_at", "-id")
    answered = missed.first()
    if answered is None:
        return None
    key = f"again:{answered.pk}"
    if Alert.objects.filter(dedupe_key=key).exists():
        return None
    # At or after the alert: under frozen test clocks both can carry the same instant.
    day = next(c.local_date for c in made if c.created_at >= answered.created_at)
    recipients = answered.notifications.exclude(status=Notification.Status.SKIPPED)
    told = members.open_memberships_of(client, recipients.values_list("recipient_id", flat=True))
    return notify_circle(
        client,
        Alert.Kind.CHECKED_IN_AGAIN,
        lambda: _("%(name)s checked in again") % {"name": client},
        body=lambda: (
            _("%(name)s has checked in (%(day)s). Thank you for being there.")
            % {"name": client, "day": humane.weekday(day)}
        ),
        memberships=told,
        dedupe_key=key,
    )
