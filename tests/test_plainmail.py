"""The outbox's own writer of plain e-mails (alerts.plainmail) writes what Django's
EmailMessage writes, and hands anything unusual back to Django."""

from __future__ import annotations

import email

import pytest
from django.core.mail import EmailMessage
from django.core.mail.message import sanitize_address

from alerts.plainmail import compose

HEADERS = {"Message-ID": "<notification.1.2.email@localhost>", "X-Recovery-Circle-Key": "1.2"}


def as_django_writes_it(subject: str, body: str, to: str) -> email.message.Message:
    message = EmailMessage(subject=subject, body=body, to=[to], headers=HEADERS)
    return email.message_from_bytes(message.message().as_bytes(linesep="\r\n"))


@pytest.mark.parametrize(
    ("subject", "body", "to"),
    [
        ("Alex has not checked in today", "Hello Sam,\n\nOpen the app.\n", "sam@example.org"),
        ("Alex pide apoyo", "Hola Sam,\n\nAlex pidió apoyo. Ábrelo aquí.\n", "o'neil@example.org"),
        ("Reset", "Line one\r\nLine two\n", "Sam Okafor <sam@example.org>"),
    ],
)
def test_it_writes_what_django_writes(subject: str, body: str, to: str) -> None:
    written = compose(subject, body, to, HEADERS)
    assert written is not None
    envelope_from, envelope_to, data = written
    ours = email.message_from_bytes(data)
    django = as_django_writes_it(subject, body, to)
    assert envelope_from == sanitize_address("Recovery Circle <no-reply@localhost>", "utf-8")
    assert envelope_to == sanitize_address(to, "utf-8")
    assert [(k, v) for k, v in ours.items() if k != "Date"] == [
        (k, v) for k, v in django.items() if k != "Date"
    ]
    assert ours["Date"]
    assert ours.get_payload(decode=True) == django.get_payload(decode=True)
    assert b"\r\n" in data and b"\n" not in data.replace(b"\r\n", b"")


@pytest.mark.parametrize(
    ("subject", "body", "to"),
    [
        ("Ana pidió apoyo", "Hola\n", "sam@example.org"),  # the subject needs encoding
        ("A" * 71, "Hello\n", "sam@example.org"),  # the subject needs folding
        ("Hi\r\nBcc: victim@example.org", "Hello\n", "sam@example.org"),  # injection
        ("Hello", "x" * 999 + "\n", "sam@example.org"),  # quoted-printable
        ("Hello", "Hello\n", "José <jose@example.org>"),  # the name needs encoding
    ],
)
def test_it_leaves_anything_unusual_to_django(subject: str, body: str, to: str) -> None:
    assert compose(subject, body, to, HEADERS) is None
