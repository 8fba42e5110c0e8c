"""Raising alerts: every event writes its notifications to the outbox in the caller's
transaction, so an event and its notifications commit or roll back together."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone

from accounts.models import User
from alerts.models import Alert, AlertPreference, Notification
from circle.models import Membership, Scope
from circle.policy import supporters_with_scope

CHANNELS = (Notification.Channel.INBOX, Notification.Channel.EMAIL)


def create_alert(
    client: User,
    kind: str,
    subject: str,
    body: str = "",
    link: str = "",
    dedupe_key: str | None = None,
) -> Alert | None:
    """A new alert, or None when one with the same dedupe key already exists."""
    try:
        with transaction.atomic():
            return Alert.objects.create(
                client=client,
                kind=kind,
                subject=subject,
                body=body,
                link=link,
                dedupe_key=dedupe_key,
            )
    except IntegrityError:
        if dedupe_key and Alert.objects.filter(dedupe_key=dedupe_key).exists():
            return None
        raise


def queue(alert: Alert, recipients: Iterable[User], scope: str = "") -> list[Notification]:
    rows = [
        Notification(alert=alert, recipient=person, channel=channel, required_scope=scope)
        for person in recipients
        for channel in CHANNELS
    ]
    return Notification.objects.bulk_create(rows)


def notify_client(
    client: User,
    kind: str,
    subject: str,
    body: str = "",
    link: str = "",
    dedupe_key: str | None = None,
) -> Alert | None:
    alert = create_alert(client, kind, subject, body, link, dedupe_key)
    if alert is not None:
        queue(alert, [client])
    return alert


def notify_circle(
    client: User,
    kind: str,
    subject: str,
    body: str = "",
    link: str = "",
    scope: str = Scope.ALERTS,
    dedupe_key: str | None = None,
    memberships: QuerySet[Membership] | None = None,
) -> Alert | None:
    """Tells every active supporter holding `scope` (or the given subset of them)."""
    chosen = memberships if memberships is not None else supporters_with_scope(client, scope)
    people = [m.supporter for m in chosen.select_related("supporter") if scope in m.scopes]
    if not people:
        return None
    alert = create_alert(client, kind, subject, body, link, dedupe_key)
    if alert is not None:
        queue(alert, people, scope)
    return alert


def wants_missed_checkin_alerts(membership: Membership) -> bool:
    preference = AlertPreference.objects.filter(membership=membership).first()
    return preference is None or preference.missed_checkin


def set_missed_checkin_alerts(membership: Membership, wanted: bool) -> None:
    AlertPreference.objects.update_or_create(
        membership=membership, defaults={"missed_checkin": wanted}
    )


def missed_checkin_recipients(client: User) -> QuerySet[Membership]:
    chosen = [
        m.pk for m in supporters_with_scope(client, Scope.ALERTS) if wants_missed_checkin_alerts(m)
    ]
    return Membership.objects.filter(pk__in=chosen)


def inbox(user: User) -> QuerySet[Notification]:
    return Notification.objects.filter(
        recipient=user, channel=Notification.Channel.INBOX, status=Notification.Status.SENT
    ).select_related("alert", "alert__client")


def mark_read(user: User, notification_ids: list[int] | None = None) -> int:
    rows = inbox(user).filter(read_at=None)
    if notification_ids is not None:
        rows = rows.filter(pk__in=notification_ids)
    return rows.update(read_at=timezone.now())


def on_checkin(client: User, day: date) -> Alert | None:
    """After a missed-check-in alert, the next check-in tells the same people, once."""
    missed = Alert.objects.filter(client=client, kind=Alert.Kind.MISSED_CHECKIN).first()
    if missed is None:
        return None
    told = Membership.objects.filter(
        client=client,
        supporter__in=missed.notifications.exclude(status=Notification.Status.SKIPPED).values(
            "recipient"
        ),
    ).exclude(status=Membership.Status.ENDED)
    return notify_circle(
        client,
        Alert.Kind.CHECKED_IN_AGAIN,
        f"{client} checked in again",
        body=f"{client} has checked in ({day:%A %-d %B}). Thank you for being there.",
        memberships=told,
        dedupe_key=f"again:{missed.pk}",
    )
