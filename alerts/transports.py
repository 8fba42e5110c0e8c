"""Delivery channels: one small class each, registered in `registry.channels` by the app that
ships it (alerts' own in `alerts/apps.py`). A later channel (SMS, chat, web push) is one module
with its `Transport` subclass, one `Notification.Channel` value and one line in its app's
`ready()`."""

from __future__ import annotations

import logging
import smtplib
from collections.abc import Iterator
from contextlib import contextmanager
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.core.mail.backends import filebased, smtp
from django.core.mail.backends.base import BaseEmailBackend
from django.template.loader import render_to_string
from django.utils import translation

from alerts import plainmail
from alerts.models import AccountEmail, Notification
from recoverycircle import registry

logger = logging.getLogger(__name__)
MAIL_DOMAIN = urlsplit(settings.SITE_URL).hostname or "localhost"


class DeliveryError(Exception):
    def __init__(self, message: str, permanent: bool = False) -> None:
        super().__init__(message)
        self.permanent = permanent


class Transport:
    # The `Notification.Channel` value whose rows this transport sends.
    channel: str = ""

    def open(self) -> None:
        """Called once before a batch (e.g. to reuse one SMTP connection)."""

    def close(self) -> None:
        """Called once after a batch, also when it failed."""

    def send(self, notification: Notification) -> None:
        raise NotImplementedError


class InboxTransport(Transport):
    """The in-app inbox: a sent inbox row is what the inbox page lists."""

    channel = Notification.Channel.INBOX

    def send(self, notification: Notification) -> None:
        return None


class EmailTransport(Transport):
    channel = Notification.Channel.EMAIL
    connection: BaseEmailBackend | None = None

    def open(self) -> None:
        connection = get_connection(fail_silently=False)
        if isinstance(connection, filebased.EmailBackend):
            return  # it writes one file per connection: send() opens one per e-mail
        self.connection = connection
        try:
            self.connection.open()
        except (smtplib.SMTPException, OSError):
            # Sending opens it again and reports the error per message, with retries.
            self.connection = None

    def close(self) -> None:
        if self.connection is not None:
            try:
                self.connection.close()
            except (smtplib.SMTPException, OSError):
                logger.warning("closing the SMTP connection failed", exc_info=True)
            self.connection = None

    def smtp_session(self) -> smtplib.SMTP | None:
        """The batch's open SMTP session, when the connection is Django's SMTP backend: the
        outbox's messages are then written by alerts.plainmail, at a fraction of the CPU."""
        if isinstance(self.connection, smtp.EmailBackend):
            session = self.connection.connection
            return session if isinstance(session, smtplib.SMTP) else None
        return None

    def send(self, notification: Notification) -> None:
        alert = notification.alert
        # In the recipient's language, whoever raised the alert and whatever this worker's.
        with translation.override(notification.recipient.language):
            subject = alert.shown_subject
            body = render_to_string(
                "alerts/email/alert.txt",
                {
                    "alert": alert,
                    "recipient": notification.recipient,
                    "site_url": settings.SITE_URL,
                },
            )
        key = notification.idempotency_key
        self.send_message(subject, body, notification.recipient.email, f"notification.{key}", key)

    def send_account_email(self, row: AccountEmail) -> None:
        key = row.idempotency_key
        self.send_message(row.subject, row.body, row.to, key, key)

    def send_message(self, subject: str, body: str, to: str, message_id: str, key: str) -> None:
        headers = {
            # Derived from the idempotency key: a retried copy of a message whose first send
            # did reach the server carries the same Message-ID, so mail systems can drop the
            # duplicate.
            "Message-ID": f"<{message_id}@{MAIL_DOMAIN}>",
            "X-Recovery-Circle-Key": key,
        }
        session = self.smtp_session()
        written = plainmail.compose(subject, body, to, headers) if session else None
        try:
            if session is not None and written is not None:
                envelope_from, envelope_to, data = written
                session.sendmail(envelope_from, [envelope_to], data)
                return
            message = EmailMessage(
                subject=subject, body=body, to=[to], connection=self.connection, headers=headers
            )
            message.send(fail_silently=False)
        except smtplib.SMTPRecipientsRefused as error:
            raise DeliveryError(f"address refused: {error.recipients}", permanent=True) from error
        except (smtplib.SMTPException, OSError) as error:
            raise DeliveryError(f"{type(error).__name__}: {error}") from error


INBOX = InboxTransport()
EMAIL = EmailTransport()


def transport_for(channel: str) -> Transport:
    for transport in registry.channels:
        if transport.channel == channel:
            return transport
    raise DeliveryError(f"no transport is registered for the channel {channel!r}", permanent=True)


@contextmanager
def open_transports() -> Iterator[None]:
    for transport in registry.channels:
        transport.open()
    try:
        yield
    finally:
        for transport in registry.channels:
            transport.close()
