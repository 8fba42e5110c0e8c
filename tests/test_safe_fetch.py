"""The request-forgery guard for server-side fetches (recoverycircle.safe_fetch).

No real network: host names are resolved by a stand-in for getaddrinfo, and connections to the
"public" addresses it hands out are sent to a small HTTP server on this machine.
"""

from __future__ import annotations

import ipaddress
import socket
import ssl
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from pytest_django import Settings

from accounts.models import User
from meetings import importer
from meetings.models import MeetingFeed
from recoverycircle import safe_fetch
from tests.conftest import client_for

PUBLIC = "93.184.216.34"  # a public address; every connection to it goes to the local server
LIMITS = safe_fetch.Limits(max_bytes=10_000, timeout=2)


class Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        routes = {
            "/feed.json": lambda: self.answer(b"[]"),
            "/to-loopback": lambda: self.moved("http://127.0.0.1/admin"),
            "/to-metadata": lambda: self.moved("http://169.254.169.254/latest/meta-data/"),
            "/to-internal-name": lambda: self.moved("http://intranet.example/secret"),
            "/to-file": lambda: self.moved("file:///etc/passwd"),
            "/to-public": lambda: self.moved("http://other.example/feed.json"),
            "/loop": lambda: self.moved("/loop"),
            "/huge-chunked": self.huge_chunked,
            "/trickle": self.trickle,
        }
        routes.get(self.path, lambda: self.answer(b"gone", 404))()

    def answer(self, body: bytes, status: int = 200) -> None:
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def moved(self, where: str) -> None:
        self.send_response(302)
        self.send_header("Location", where)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def huge_chunked(self) -> None:
        # No Content-Length: only counting the bytes read can stop it.
        self.protocol_version = "HTTP/1.1"
        self.send_response(200)
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        chunk = b"x" * 4096
        for _ in range(10):
            self.wfile.write(f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n")
        self.wfile.write(b"0\r\n\r\n")

    def trickle(self) -> None:
        self.send_response(200)
        self.end_headers()
        try:
            for _ in range(40):
                self.wfile.write(b" ")
                self.wfile.flush()
                time.sleep(0.1)
        except OSError:
            pass

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def network(monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, Any]]:
    """Names resolve from `names`; connections to PUBLIC reach a local server; every connection
    made is listed in `connected`, every name looked up in `lookups`."""
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    state: dict[str, Any] = {
        "names": {"feeds.example.org": [PUBLIC], "other.example": [PUBLIC]},
        "connected": [],
        "lookups": [],
    }
    real_connect = socket.create_connection

    def getaddrinfo(host: str, port: int, *args: object, **kwargs: object) -> list[Any]:
        try:
            addresses = [str(ipaddress.ip_address(host))]
        except ValueError:
            state["lookups"].append(host)  # names only: the test server's own is a literal
            addresses = state["names"].get(host)
        if addresses is None:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return [
            (socket.AF_INET6 if ":" in a else socket.AF_INET, socket.SOCK_STREAM, 6, "", (a, port))
            for a in addresses
        ]

    def create_connection(address: tuple[str, int], *args: Any, **kwargs: Any) -> socket.socket:
        state["connected"].append(address[0])
        if address[0] == PUBLIC:
            return real_connect(("127.0.0.1", httpd.server_address[1]), *args, **kwargs)
        raise ConnectionRefusedError("no such test server")

    monkeypatch.setattr("recoverycircle.safe_fetch.socket.getaddrinfo", getaddrinfo)
    monkeypatch.setattr("recoverycircle.safe_fetch.socket.create_connection", create_connection)
    yield state
    httpd.shutdown()
    httpd.server_close()


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1",
        "127.8.8.8",
        "0.0.0.0",
        "10.1.2.3",
        "172.16.0.1",
        "192.168.1.1",
        "169.254.169.254",
        "100.64.0.1",
        "192.0.0.1",
        "198.18.0.1",
        "224.0.0.1",
        "239.255.255.250",
        "240.0.0.1",
        "255.255.255.255",
        "::",
        "::1",
        "fe80::1",
        "fc00::1",
        "fd12:3456::1",
        "fec0::1",
        "ff02::1",
        "2001:db8::1",
        "::ffff:127.0.0.1",
        "::ffff:169.254.169.254",
        "::ffff:10.0.0.1",
        "64:ff9b::7f00:1",
        "2002:7f00:1::1",
        "2002:a00:1::1",
    ],
)
def test_it_refuses_every_non_public_address(address: str) -> None:
    assert not safe_fetch.is_public(ipaddress.ip_address(address))


@pytest.mark.parametrize("address", [PUBLIC, "8.8.8.8", "2606:4700:4700::1111", "1.1.1.1"])
def test_it_allows_public_addresses(address: str) -> None:
    assert safe_fetch.is_public(ipaddress.ip_address(address))


def test_it_fetches_a_public_address_by_connecting_to_the_address_it_checked(
    network: dict[str, Any],
) -> None:
    assert safe_fetch.fetch("http://feeds.example.org/feed.json", LIMITS) == b"[]"
    assert network["connected"] == [PUBLIC]


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/",
        "http://127.0.0.1:8000/admin",
        "http://[::1]:8000/",
        "http://[::ffff:127.0.0.1]/",
        "http://[::ffff:169.254.169.254]/latest/meta-data/",
        "http://169.254.169.254/latest/meta-data/",
        "http://10.0.0.5/",
        "http://0.0.0.0:5432/",
        "https://[fe80::1]/",
        "http://224.0.0.1/",
    ],
)
def test_it_refuses_literal_private_addresses_without_connecting(
    network: dict[str, Any], url: str
) -> None:
    with pytest.raises(safe_fetch.RefusedAddress, match="only addresses on the public internet"):
        safe_fetch.fetch(url, LIMITS)
    assert network["connected"] == []


def test_it_refuses_a_name_with_any_private_address(network: dict[str, Any]) -> None:
    network["names"]["mixed.example"] = [PUBLIC, "10.0.0.7"]
    network["names"]["sneaky.example"] = ["::ffff:127.0.0.1"]
    for host in ("mixed.example", "sneaky.example"):
        with pytest.raises(safe_fetch.RefusedAddress, match=host):
            safe_fetch.fetch(f"https://{host}/feed.json", LIMITS)
    assert network["connected"] == []


def test_it_checks_every_redirect_again(network: dict[str, Any]) -> None:
    network["names"]["intranet.example"] = ["10.20.30.40"]
    for path, refused in [
        ("/to-loopback", "127.0.0.1"),
        ("/to-metadata", "169.254.169.254"),
        ("/to-internal-name", "10.20.30.40"),
    ]:
        with pytest.raises(safe_fetch.RefusedAddress, match=refused.replace(".", r"\.")):
            safe_fetch.fetch(f"http://feeds.example.org{path}", LIMITS)
    with pytest.raises(safe_fetch.FetchError, match="non-web address"):
        safe_fetch.fetch("http://feeds.example.org/to-file", LIMITS)
    # Only the first, public hop was ever connected to.
    assert set(network["connected"]) == {PUBLIC}
    assert safe_fetch.fetch("http://feeds.example.org/to-public", LIMITS) == b"[]"
    assert network["lookups"][-2:] == ["feeds.example.org", "other.example"]


def test_it_follows_a_few_redirects_only(network: dict[str, Any]) -> None:
    with pytest.raises(safe_fetch.FetchError, match="redirected too many times"):
        safe_fetch.fetch("http://feeds.example.org/loop", LIMITS)
    assert len(network["connected"]) == LIMITS.max_redirects + 1


def test_it_connects_to_the_checked_address_when_the_name_changes_later(
    network: dict[str, Any],
) -> None:
    """DNS rebinding: the name resolves to a public address when checked and to loopback a
    moment later. The connection goes to the address that was checked."""
    answers = iter([[PUBLIC], ["127.0.0.1"], ["127.0.0.1"]])
    network["names"] = type("Rebinding", (dict,), {"get": lambda self, host: next(answers)})()
    assert safe_fetch.fetch("http://rebind.example/feed.json", LIMITS) == b"[]"
    assert network["lookups"] == ["rebind.example"]
    assert network["connected"] == [PUBLIC]


def test_it_stops_at_the_size_limit_without_a_content_length(network: dict[str, Any]) -> None:
    with pytest.raises(safe_fetch.FetchError, match="larger than 10000 bytes"):
        safe_fetch.fetch("http://feeds.example.org/huge-chunked", LIMITS)
    body = safe_fetch.fetch(
        "http://feeds.example.org/huge-chunked", safe_fetch.Limits(100_000, timeout=2)
    )
    assert len(body) == 40_960


def test_it_stops_a_server_that_trickles_at_the_deadline(network: dict[str, Any]) -> None:
    started = time.monotonic()
    with pytest.raises(safe_fetch.FetchError, match="took too long"):
        safe_fetch.fetch("http://feeds.example.org/trickle", safe_fetch.Limits(10_000, 0.5))
    assert time.monotonic() - started < 1.5


def test_it_says_when_a_name_does_not_resolve_or_the_server_refuses(
    network: dict[str, Any],
) -> None:
    with pytest.raises(safe_fetch.FetchError, match=r"could not find the server nowhere\.example"):
        safe_fetch.fetch("http://nowhere.example/", LIMITS)
    with pytest.raises(safe_fetch.FetchError, match="user name or password"):
        safe_fetch.fetch("http://admin:secret@feeds.example.org/", LIMITS)
    with pytest.raises(safe_fetch.FetchError, match="answered 404"):
        safe_fetch.fetch("http://feeds.example.org/missing", LIMITS)


def test_it_allows_the_networks_the_operator_trusts(
    network: dict[str, Any], settings: Settings
) -> None:
    network["names"]["intranet.example"] = ["10.20.30.40"]
    with pytest.raises(safe_fetch.RefusedAddress):
        safe_fetch.fetch("http://intranet.example/feed.json", LIMITS)
    settings.FETCH_ALLOWED_NETWORKS = ["10.20.0.0/16"]
    with pytest.raises(safe_fetch.FetchError, match="could not read"):
        safe_fetch.fetch("http://intranet.example/feed.json", LIMITS)  # allowed: it connects
    assert network["connected"] == ["10.20.30.40"]


def test_it_tells_staff_at_once_and_saves_no_feed_for_a_private_address(
    charlie: User, network: dict[str, Any]
) -> None:
    charlie.is_staff = True
    charlie.save()
    network["names"]["metadata.example"] = ["169.254.169.254"]
    for url in ("http://127.0.0.1:8000/", "http://metadata.example/latest/"):
        response = client_for(charlie).post(
            "/meetings/feeds/",
            {"name": "Inside", "url": url, "timezone": "UTC", "refresh_hours": 24},
        )
        assert response.status_code == 400
        assert "only addresses on the public internet" in response.content.decode()
    assert not MeetingFeed.objects.exists()


def test_it_records_a_refused_redirect_in_the_feed_report(
    db: None, network: dict[str, Any]
) -> None:
    feed = importer.save_feed("Remote", url="http://feeds.example.org/to-metadata")
    report = importer.refresh(feed.pk)
    assert report is not None and "169.254.169.254" in report.fatal
    feed.refresh_from_db()
    assert "public internet" in feed.last_report["fatal"]


def test_it_checks_the_certificate_against_the_host_name_not_the_address(
    network: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    checked: list[str | None] = []

    class Context:
        def wrap_socket(self, sock: socket.socket, server_hostname: str | None = None) -> None:
            checked.append(server_hostname)
            sock.close()
            raise ssl.SSLCertVerificationError("certificate verify failed")

    monkeypatch.setattr("recoverycircle.safe_fetch.ssl.create_default_context", Context)
    with pytest.raises(safe_fetch.FetchError, match="certificate verify failed"):
        safe_fetch.fetch("https://feeds.example.org/feed.json", LIMITS)
    assert checked == ["feeds.example.org"]
    assert network["connected"] == [PUBLIC]
