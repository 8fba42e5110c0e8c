"""Strict parsing of the environment.

A wrong value stops start-up with a message naming the variable, instead of running with a
setting the operator did not mean (a typo in DEBUG must never turn debug pages on).
"""

from __future__ import annotations

import ipaddress
import os
import secrets
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import environ
from django.core.exceptions import ImproperlyConfigured

TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off"}


def env_str(name: str, default: str) -> str:
    return os.environ.get(name, default).strip()


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    word = raw.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ImproperlyConfigured(
        f"{name}={raw!r} is not a yes/no value; use one of {sorted(TRUE_WORDS | FALSE_WORDS)}"
    )


def env_int(name: str, default: int, minimum: int = 0) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw.strip())
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r} is not a whole number") from None
    if value < minimum:
        raise ImproperlyConfigured(f"{name}={raw!r} must be at least {minimum}")
    return value


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    items = [item.strip() for item in raw.split(",")]
    if any(not item for item in items):
        raise ImproperlyConfigured(f"{name}={raw!r} has an empty item; separate values by commas")
    return items


def env_networks(name: str) -> list[str]:
    """A comma-separated list of networks (CIDR, e.g. 10.1.2.0/24 or fd00::/64)."""
    networks = env_list(name, [])
    for network in networks:
        try:
            ipaddress.ip_network(network, strict=False)
        except ValueError:
            raise ImproperlyConfigured(
                f"{name}: {network!r} is not a network like 10.0.0.0/8"
            ) from None
    return networks


def env_url(name: str, default: str) -> str:
    raw = env_str(name, default)
    parts = urlsplit(raw)
    if parts.scheme not in {"http", "https"} or not parts.netloc:
        raise ImproperlyConfigured(f"{name}={raw!r} must be an http:// or https:// address")
    return raw.rstrip("/")


def data_dir() -> Path:
    path = Path(env_str("DATA_DIR", str(Path(__file__).resolve().parent.parent / "data")))
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ImproperlyConfigured(f"DATA_DIR={str(path)!r} cannot be created: {exc}") from None
    return path


def secret_key(directory: Path) -> str:
    """SECRET_KEY from the environment, else one generated once and kept in the data dir."""
    from_env = os.environ.get("SECRET_KEY", "").strip()
    if from_env:
        if len(from_env) < 50:
            raise ImproperlyConfigured("SECRET_KEY must be at least 50 characters long")
        return from_env
    key_file = directory / "secret_key"
    if not key_file.exists():
        # O_EXCL: two processes starting at once must not write two different keys.
        try:
            fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass
        else:
            with os.fdopen(fd, "w") as handle:
                handle.write(secrets.token_urlsafe(64))
    return key_file.read_text().strip()


SQLITE_INIT = (
    "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; "
    "PRAGMA busy_timeout=20000;"
)


# Django's SQLite backend, with write transactions queued on an OS lock (see the module).
SQLITE_ENGINE = "recoverycircle.sqlite"


def sqlite_options() -> dict[str, Any]:
    # IMMEDIATE: a write transaction takes the lock at BEGIN, so two writers queue on the busy
    # timeout instead of failing with "database is locked" when one upgrades from a read.
    # write_lock_timeout: how long a writer waits in the write queue (recoverycircle.sqlite).
    return {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": SQLITE_INIT,
        "write_lock_timeout": env_int("SQLITE_WRITE_LOCK_TIMEOUT", 20, minimum=1),
    }


def database(directory: Path) -> dict[str, Any]:
    raw = env_str("DATABASE_URL", "")
    if not raw:
        return {
            "ENGINE": SQLITE_ENGINE,
            "NAME": str(directory / "recoverycircle.sqlite3"),
            "OPTIONS": sqlite_options(),
            # Opening a connection runs the PRAGMAs above; keep it for the thread's next request.
            "CONN_MAX_AGE": 600,
            "CONN_HEALTH_CHECKS": True,
        }
    try:
        config: dict[str, Any] = dict(environ.Env.db_url_config(raw))
    except (ImproperlyConfigured, ValueError, KeyError) as exc:
        raise ImproperlyConfigured(f"DATABASE_URL is not a database address: {exc}") from None
    engine = config.get("ENGINE", "")
    if engine == "django.db.backends.sqlite3":
        config["ENGINE"] = SQLITE_ENGINE
        config["OPTIONS"] = sqlite_options()
        config["CONN_MAX_AGE"] = 600
    elif engine != "django.db.backends.postgresql":
        raise ImproperlyConfigured(
            "DATABASE_URL must start with postgres:// or sqlite:// (other databases are untested)"
        )
    elif env_bool("DATABASE_PREPARED_STATEMENTS", True):
        # Server-side binding lets psycopg prepare the statements a connection runs often, so
        # PostgreSQL plans a check-in's statements once per connection, not on every call
        # (about 40% of its CPU time per check-in). A transaction-pooling proxy (PgBouncer in
        # transaction mode) can't keep prepared statements: turn this off behind one.
        options = config.setdefault("OPTIONS", {})
        options.setdefault("server_side_binding", True)
        options.setdefault("prepare_threshold", 2)
    config.setdefault("CONN_MAX_AGE", 60)
    config["CONN_HEALTH_CHECKS"] = True
    return config


def email(directory: Path) -> dict[str, Any]:
    """SMTP when EMAIL_URL is set; otherwise every e-mail becomes a file in DATA_DIR/mail."""
    raw = env_str("EMAIL_URL", "")
    if not raw:
        return {
            "EMAIL_BACKEND": "recoverycircle.mail.FileEmailBackend",
            "EMAIL_FILE_PATH": str(directory / "mail"),
        }
    if urlsplit(raw).scheme not in {"smtp", "smtps", "submission", "submit"}:
        raise ImproperlyConfigured("EMAIL_URL must start with smtp://, smtps:// or submission://")
    try:
        config = environ.Env.email_url_config(raw)
    except (ImproperlyConfigured, ValueError, KeyError) as exc:
        raise ImproperlyConfigured(f"EMAIL_URL is not an SMTP address: {exc}") from None
    result = {key: value for key, value in config.items() if key != "EMAIL_FILE_PATH"}
    result["EMAIL_BACKEND"] = "django.core.mail.backends.smtp.EmailBackend"
    if urlsplit(raw).scheme == "smtps":
        # smtps:// means implicit TLS (port 465), not STARTTLS.
        result["EMAIL_USE_TLS"], result["EMAIL_USE_SSL"] = False, True
    result.setdefault("EMAIL_TIMEOUT", 15)
    return result
