"""A plain-text e-mail written straight to bytes, for the outbox's SMTP sends.

Django's EmailMessage builds a MIME tree, folds and re-encodes every header and parses each
address again for every message: about a third of the alert loop's CPU per e-mail, more than
the bookkeeping that records each send. The outbox's messages are all alike (one recipient,
a short subject, a plain-text body), so they are written here directly, with the same
headers Django writes. Anything out of the ordinary (a non-ASCII or long subject or address,
a line too long for 8bit) gets None, and the caller falls back to Django's EmailMessage.
"""

from __future__ import annotations

import re
from email.utils import formatdate
from functools import cache

from django.conf import settings
from django.core.mail.message import sanitize_address

# Longest header and line this writer handles itself; beyond, Django's folding is needed.
SHORT_HEADER = 70
LONGEST_LINE = 998  # RFC 5322: a line of 8bit text is at most 998 octets
# A bare address with nothing to quote or encode: Django's sanitize_address (a full parse,
# the costliest step of all) would give it back unchanged.
BARE_ADDRESS = re.compile(r"[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*")


def plain_ascii(value: str, limit: int = SHORT_HEADER) -> bool:
    return len(value) <= limit and value.isascii() and value.isprintable()


@cache
def sender(from_email: str) -> tuple[str, bytes]:
    """The envelope sender and the From header, as Django writes them (one per process)."""
    return sanitize_address(from_email, "utf-8"), f"From: {from_email}\r\n".encode()


def compose(
    subject: str, body: str, to: str, headers: dict[str, str], from_email: str | None = None
) -> tuple[str, str, bytes] | None:
    """(envelope sender, envelope recipient, message) or None when Django must write it."""
    from_email = from_email or settings.DEFAULT_FROM_EMAIL
    if not (plain_ascii(subject) and plain_ascii(to, 254) and plain_ascii(from_email, 200)):
        return None
    if not all(plain_ascii(f"{name}: {value}", 200) for name, value in headers.items()):
        return None
    text = body.replace("\r\n", "\n").replace("\r", "\n").encode()
    lines = text.split(b"\n")
    if any(len(line) > LONGEST_LINE for line in lines):
        return None  # Django switches to quoted-printable
    envelope_from, from_header = sender(from_email)
    encoding = b"7bit" if text.isascii() else b"8bit"
    head = (
        b'Content-Type: text/plain; charset="utf-8"\r\nMIME-Version: 1.0\r\n'
        b"Content-Transfer-Encoding: "
        + encoding
        + b"\r\n"
        + f"Subject: {subject}\r\n".encode()
        + from_header
        + f"To: {to}\r\n".encode()
        + f"Date: {formatdate(localtime=settings.EMAIL_USE_LOCALTIME)}\r\n".encode()
        + "".join(f"{name}: {value}\r\n" for name, value in headers.items()).encode()
    )
    envelope_to = to if BARE_ADDRESS.fullmatch(to) else sanitize_address(to, "utf-8")
    return envelope_from, envelope_to, head + b"\r\n" + b"\r\n".join(lines)
