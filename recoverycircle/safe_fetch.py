"""Server-side fetches of addresses that someone typed in, guarded against request forgery.

A staff member types a feed address; the server fetches it. Without a guard that address could
name the server itself (127.0.0.1, ::1), the private network behind it (10.x, 192.168.x, a cloud
metadata service at 169.254.169.254) or a host name that resolves there, directly or through a
redirect. So every fetch here:

- resolves the host once and refuses it when any of its addresses is loopback, private,
  link-local, multicast, reserved or otherwise not on the public internet (IPv4 and IPv6,
  including IPv4 addresses written inside IPv6 ones);
- connects to the address it checked, not to the name again, so a DNS answer that changes
  between the check and the connection (DNS rebinding) cannot lead elsewhere; HTTPS still checks
  the certificate against the host name;
- checks every redirect the same way, follows at most a few, and only to http(s);
- stops at a size limit and at a deadline for the whole fetch, not only per read.

Networks an operator trusts (an intranet feed) can be allowed with FETCH_ALLOWED_NETWORKS.
"""

from __future__ import annotations

import http.client
import ipaddress
import socket
import ssl
import time
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TypeAlias
from urllib.parse import urljoin, urlsplit

from django.conf import settings
from django.utils.translation import gettext as _

IPAddress: TypeAlias = ipaddress.IPv4Address | ipaddress.IPv6Address
Network: TypeAlias = ipaddress.IPv4Network | ipaddress.IPv6Network

MAX_REDIRECTS = 5
CHUNK = 64 * 1024
REDIRECTS = {301, 302, 303, 307, 308}
# NAT64 (RFC 6052) carries an IPv4 address in its last 32 bits.
NAT64 = ipaddress.IPv6Network("64:ff9b::/96")


class FetchError(Exception):
    """The address could not be fetched; the message says why, for the person who gave it."""


class RefusedAddress(FetchError):
    """The address leads to a place a server-side fetch must never reach."""


@dataclass(frozen=True)
class Limits:
    max_bytes: int
    timeout: float  # seconds for the whole fetch, redirects included
    max_redirects: int = MAX_REDIRECTS


def embedded_ipv4(address: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 address stands for (mapped, 6to4, Teredo, NAT64), if any."""
    if address.ipv4_mapped is not None:
        return address.ipv4_mapped
    if address.sixtofour is not None:
        return address.sixtofour
    if address.teredo is not None:
        return address.teredo[1]
    if address in NAT64:
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return None


def is_public(address: IPAddress) -> bool:
    """True only for an address on the public internet."""
    if isinstance(address, ipaddress.IPv6Address):
        inner = embedded_ipv4(address)
        if inner is not None and not is_public(inner):
            return False
    return address.is_global and not (
        address.is_multicast
        or address.is_private
        or address.is_loopback
        or address.is_link_local
        or address.is_reserved
        or address.is_unspecified
        or (isinstance(address, ipaddress.IPv6Address) and address.is_site_local)
    )


def allowed_networks() -> list[Network]:
    return [
        ipaddress.ip_network(net, strict=False)
        for net in getattr(settings, "FETCH_ALLOWED_NETWORKS", [])
    ]


def may_connect(address: IPAddress, allowed: Iterable[Network]) -> bool:
    return is_public(address) or any(
        address.version == net.version and address in net for net in allowed
    )


def resolve(host: str, port: int) -> list[IPAddress]:
    """Every address the host name resolves to (a literal address resolves to itself)."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as error:
        raise FetchError(
            _("could not find the server %(host)s (%(error)s)") % {"host": host, "error": error}
        ) from None
    addresses: list[IPAddress] = []
    for info in infos:
        # The scope of a link-local IPv6 address ("fe80::1%eth0") is not part of the address.
        address = ipaddress.ip_address(str(info[4][0]).split("%", 1)[0])
        if address not in addresses:
            addresses.append(address)
    if not addresses:
        raise FetchError(_("could not find the server %(host)s") % {"host": host})
    return addresses


def vetted_address(host: str, port: int) -> IPAddress:
    """The address to connect to, after refusing a host that resolves anywhere non-public.

    Any forbidden address refuses the host, not only the first: a name with one public and one
    private address could otherwise be made to connect to the private one on a retry."""
    addresses = resolve(host, port)
    allowed = allowed_networks()
    for address in addresses:
        if not may_connect(address, allowed):
            raise RefusedAddress(
                _(
                    "the address %(host)s leads to %(address)s, a private, local or reserved "
                    "network address; only addresses on the public internet can be fetched"
                )
                % {"host": host, "address": address}
            )
    return addresses[0]


@dataclass(frozen=True)
class Target:
    scheme: str
    host: str
    port: int
    path: str


def parse_target(url: str) -> Target:
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        raise FetchError(_("the address is not a valid URL")) from None
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise FetchError(_("the address must start with http:// or https://"))
    if parts.username is not None or parts.password is not None:
        raise FetchError(_("the address must not contain a user name or password"))
    default = 443 if parts.scheme == "https" else 80
    path = parts.path or "/"
    if parts.query:
        path = f"{path}?{parts.query}"
    return Target(parts.scheme, parts.hostname, port or default, path)


def check_destination(url: str) -> None:
    """Refuses, before anything is saved, an address that resolves to a forbidden network.

    A host that cannot be resolved now is let through: it is checked again on every fetch."""
    target = parse_target(url)
    try:
        vetted_address(target.host, target.port)
    except RefusedAddress:
        raise
    except FetchError:
        return


class PinnedHTTPConnection(http.client.HTTPConnection):
    """An HTTP connection to an address decided beforehand, whatever the host name says now."""

    def __init__(self, target: Target, address: IPAddress, timeout: float) -> None:
        super().__init__(target.host, target.port, timeout=timeout)
        self.pinned = str(address)
        # Kept here too: http.client hands the socket over to the response and forgets it.
        self.open_socket: socket.socket | None = None

    def connect(self) -> None:
        self.sock = self.open_socket = socket.create_connection(
            (self.pinned, self.port), self.timeout
        )


class PinnedHTTPSConnection(PinnedHTTPConnection):
    """The same over TLS; the certificate is checked against the host name, as usual."""

    def connect(self) -> None:
        super().connect()
        context = ssl.create_default_context()
        self.sock = self.open_socket = context.wrap_socket(self.sock, server_hostname=self.host)


def remaining(deadline: float) -> float:
    left = deadline - time.monotonic()
    if left <= 0:
        raise FetchError(_("the server took too long to answer"))
    return left


def read_body(
    connection: PinnedHTTPConnection,
    response: http.client.HTTPResponse,
    limit: int,
    deadline: float,
) -> bytes:
    too_large = _("the answer is larger than %(size)s bytes") % {"size": limit}
    declared = response.getheader("Content-Length", "")
    if declared.isdigit() and int(declared) > limit:
        raise FetchError(too_large)
    chunks: list[bytes] = []
    size = 0
    while True:
        # Each read may wait only until the deadline: a server that trickles bytes must not
        # hold the worker for ever.
        left = remaining(deadline)
        if connection.open_socket is not None:
            connection.open_socket.settimeout(left)
        chunk = response.read1(CHUNK)
        if not chunk:
            break
        size += len(chunk)
        if size > limit:
            raise FetchError(too_large)
        chunks.append(chunk)
    return b"".join(chunks)


def open_once(
    target: Target, headers: dict[str, str], deadline: float
) -> tuple[PinnedHTTPConnection, http.client.HTTPResponse]:
    address = vetted_address(target.host, target.port)
    kind = PinnedHTTPSConnection if target.scheme == "https" else PinnedHTTPConnection
    connection = kind(target, address, timeout=remaining(deadline))
    connection.request("GET", target.path, headers=headers)
    return connection, connection.getresponse()


def fetch(url: str, limits: Limits, headers: dict[str, str] | None = None) -> bytes:
    """The body of a GET of `url`, or FetchError (RefusedAddress for a forbidden network)."""
    deadline = time.monotonic() + limits.timeout
    headers = {"Accept-Encoding": "identity", **(headers or {})}
    for _hop in range(limits.max_redirects + 1):
        target = parse_target(url)
        try:
            connection, response = open_once(target, headers, deadline)
            try:
                if response.status in REDIRECTS and response.getheader("Location"):
                    url = urljoin(url, response.getheader("Location", ""))
                    if urlsplit(url).scheme not in {"http", "https"}:
                        raise FetchError(
                            _("the server redirected to a non-web address (%(url)s)")
                            % {"url": url[:80]}
                        )
                    continue
                if response.status >= 400:
                    raise FetchError(
                        _("the server answered %(status)s %(reason)s")
                        % {"status": response.status, "reason": response.reason}
                    )
                return read_body(connection, response, limits.max_bytes, deadline)
            finally:
                connection.close()
        except FetchError:
            raise
        except TimeoutError:
            raise FetchError(_("the server took too long to answer")) from None
        except (OSError, http.client.HTTPException, ValueError) as error:
            raise FetchError(
                _("could not read the address: %(error)s") % {"error": error}
            ) from None
    raise FetchError(_("the server redirected too many times"))
