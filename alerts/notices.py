"""What the client hears when a supporter cannot be reached: early, after the first few failed
attempts ("not reached yet, we keep trying"), and again when it finally fails or goes through.

Each notice is raised once per notification (its dedupe key), in the transaction that records
the attempt's outcome. The client's own e-mails never raise one: the same alert is in their
inbox already."""

from __future__ import annotations

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from alerts.models import Alert, Notification

DEDUPE_PREFIX: dict[str, str] = {
    Alert.Kind.DELIVERY_FAILED: "failed",
    Alert.Kind.DELIVERY_DELAYED: "delayed",
    Alert.Kind.DELIVERY_RECOVERED: "reached",
}


def about_a_supporter(notification: Notification) -> bool:
    return notification.recipient_id != notification.alert.client_id


def failed_attempts_before_notice() -> int:
    return int(settings.ALERT_NOTICE_AFTER_ATTEMPTS)


def after_failed_attempt(notification: Notification, error: str, final: bool) -> None:
    """`notification.attempts` counts the attempts before this one."""
    if not about_a_supporter(notification):
        return
    if final:
        tell_client(notification, Alert.Kind.DELIVERY_FAILED, error)
    elif notification.attempts + 1 == failed_attempts_before_notice():
        tell_client(notification, Alert.Kind.DELIVERY_DELAYED, error)


def told_of_a_delay(notification: Notification) -> bool:
    """Whether the client was told this notification had not gone through yet."""
    return about_a_supporter(notification) and (
        notification.attempts >= failed_attempts_before_notice()
    )


def after_success(notification: Notification) -> None:
    """Sent at last, after the client was told it had not gone through yet."""
    if told_of_a_delay(notification):
        tell_client(notification, Alert.Kind.DELIVERY_RECOVERED)


def tell_client(notification: Notification, kind: str, error: str = "") -> None:
    from alerts.services import notify_client

    alert, client = notification.alert, notification.alert.client
    with translation.override(client.language):
        names = {
            "person": str(notification.recipient),
            "channel": notification.get_channel_display(),
            "about": alert.subject,
            "error": error,
        }
        if kind == Alert.Kind.DELIVERY_FAILED:
            subject = _("We could not reach %(person)s by %(channel)s") % names
            body = _(
                "About: %(about)s. What went wrong: %(error)s. "
                "You may want to contact them another way."
            )
        elif kind == Alert.Kind.DELIVERY_DELAYED:
            subject = _("We have not reached %(person)s by %(channel)s yet") % names
            body = _(
                "About: %(about)s. We keep trying for a day and will tell you when it goes "
                "through or if it fails. What went wrong so far: %(error)s. If it is urgent, "
                "you may want to contact them another way."
            )
        else:
            subject = _("%(person)s has now been reached by %(channel)s") % names
            body = _("About: %(about)s. It went through after a delay.")
    notify_client(
        client,
        kind,
        subject[:200],
        body=body % names,
        dedupe_key=f"{DEDUPE_PREFIX[kind]}:{notification.pk}",
    )
