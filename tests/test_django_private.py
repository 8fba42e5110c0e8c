"""Django's private API that `recoverycircle.django_private` wraps, pinned one use at a time.

Each pin is the signature and a digest of the source of the Django function the wrapper
depends on. A Django upgrade that changes one fails its test: re-read the new source against
the wrapper named in the message, adapt the wrapper if needed, then update the pin. The
behaviour tests below check what the wrappers do on this Django.
"""

from __future__ import annotations

import hashlib
import inspect
import sqlite3
from collections.abc import Callable
from datetime import datetime
from typing import Any

import pytest
from django.core.handlers import exception
from django.core.handlers.base import BaseHandler
from django.core.mail.backends import filebased
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.backends.sqlite3 import base as sqlite_base
from django.db.backends.sqlite3 import creation as sqlite_creation
from django.db.backends.sqlite3.operations import DatabaseOperations as SQLiteOperations
from django.db.models import Field
from django.db.models.expressions import Col
from django.db.transaction import TransactionManagementError
from django.test.utils import CaptureQueriesContext

from accounts.models import User
from recoverycircle import django_private

# (use, where in Django, name, signature, first 16 hex digits of the SHA-256 of its source)
PINS: list[tuple[str, object, str, str, str]] = [
    (
        "SQLiteTransactionHooks: BEGIN",
        sqlite_base.DatabaseWrapper,
        "_start_transaction_under_autocommit",
        "(self)",
        "7315cfc61c1dde12",
    ),
    (
        "SQLiteTransactionHooks: COMMIT",
        BaseDatabaseWrapper,
        "_commit",
        "(self)",
        "8ebc361e1e8fcb8d",
    ),
    (
        "SQLiteTransactionHooks: ROLLBACK",
        BaseDatabaseWrapper,
        "_rollback",
        "(self)",
        "d671ec3bb3c8ed44",
    ),
    ("SQLiteTransactionHooks: close", BaseDatabaseWrapper, "_close", "(self)", "d1a3f0e9a11cd084"),
    (
        "SQLiteTestDatabaseHooks",
        sqlite_creation.DatabaseCreation,
        "_destroy_test_db",
        "(self, test_database_name, verbosity)",
        "26008a8b14d8711f",
    ),
    (
        "HandlerWithMiddleware: the middleware lists",
        BaseHandler,
        "load_middleware",
        "(self, is_async=False)",
        "a1fb7ee5f8586195",
    ),
    (
        "HandlerWithMiddleware: _get_response",
        BaseHandler,
        "_get_response",
        "(self, request)",
        "ec767cf1bf0296fa",
    ),
    (
        "HandlerWithMiddleware: exceptions to responses",
        exception,
        "convert_exception_to_response",
        "(get_response)",
        "a297ae868bddaca2",
    ),
    (
        "NamedFileEmailBackend: _fname",
        filebased.EmailBackend,
        "__init__",
        "(self, *args, file_path=None, **kwargs)",
        "70f6e1f71067598e",
    ),
    (
        "NamedFileEmailBackend: _get_filename",
        filebased.EmailBackend,
        "_get_filename",
        "(self)",
        "282c8b2493d24823",
    ),
    (
        "statements_observed: queries_logged",
        BaseDatabaseWrapper,
        "queries_logged",
        "(self)",
        "d26da937d4e8595c",
    ),
    (
        "check_before_a_statement: health check",
        BaseDatabaseWrapper,
        "close_if_health_check_failed",
        "(self)",
        "f72eb45356f4a910",
    ),
    (
        "check_before_a_statement: thread",
        BaseDatabaseWrapper,
        "validate_thread_sharing",
        "(self)",
        "d8961c58a6753398",
    ),
    (
        "check_before_a_statement: broken transaction",
        BaseDatabaseWrapper,
        "validate_no_broken_transaction",
        "(self)",
        "e278b1b29deb5501",
    ),
    ("database_errors", BaseDatabaseWrapper, "wrap_database_errors", "(self)", "8f930f2b136a1029"),
    (
        "driver_cursor",
        sqlite_base.DatabaseWrapper,
        "create_cursor",
        "(self, name=None)",
        "9e8198be0a5d41e9",
    ),
    (
        "column_converters: get_col",
        Field,
        "get_col",
        "(self, alias, output_field=None)",
        "c2b8e9059b77826e",
    ),
    (
        "column_converters: the backend's",
        SQLiteOperations,
        "get_db_converters",
        "(self, expression)",
        "bd348b459bcf9ca2",
    ),
    (
        "column_converters: the field's",
        Col,
        "get_db_converters",
        "(self, connection)",
        "668693070d81e056",
    ),
]


def function_of(owner: object, name: str) -> Callable[..., Any]:
    """The function behind a method, a property or a cached property."""
    attribute = inspect.getattr_static(owner, name)
    found: object = (
        getattr(attribute, "fget", None) or getattr(attribute, "func", None) or attribute
    )
    assert callable(found), f"{owner}.{name} is no function any more"
    return found


@pytest.mark.parametrize(
    ("use", "owner", "name", "signature", "digest"), PINS, ids=[p[0] for p in PINS]
)
def test_it_finds_djangos_private_api_unchanged(
    use: str, owner: object, name: str, signature: str, digest: str
) -> None:
    assert hasattr(owner, name), f"Django removed {name}, which {use} relies on"
    function = function_of(owner, name)
    found = hashlib.sha256(inspect.getsource(function).encode()).hexdigest()[:16]
    where = f"{function.__module__}.{function.__qualname__}"
    advice = f"Django changed {where}, which {use} in recoverycircle/django_private.py relies on"
    assert str(inspect.signature(function)) == signature, advice
    assert found == digest, f"{advice}: re-read it, adapt the wrapper, then pin {found}"


def sqlite_only() -> None:
    if connection.vendor != "sqlite":
        pytest.skip("SQLite only")


def test_it_runs_the_hooks_around_every_transaction(transactional_db: None) -> None:
    sqlite_only()
    seen: list[str] = []
    connection.transaction_starting = lambda: seen.append("start")  # type: ignore[attr-defined]  # our SQLite backend's hook
    connection.transaction_ended = lambda: seen.append("end")  # type: ignore[attr-defined]  # our SQLite backend's hook
    try:
        with transaction.atomic():
            User.objects.filter(pk=0).update(display_name="x")
        with pytest.raises(ZeroDivisionError), transaction.atomic():
            _ = 1 / 0
        assert seen == ["start", "end", "start", "end"]
    finally:
        del connection.transaction_starting  # type: ignore[attr-defined]  # our SQLite backend's hook
        del connection.transaction_ended  # type: ignore[attr-defined]  # our SQLite backend's hook


def test_it_tells_when_statements_are_observed(db: None) -> None:
    assert not django_private.statements_observed(connection)
    with CaptureQueriesContext(connection):
        assert django_private.statements_observed(connection)
    with connection.execute_wrapper(lambda execute, sql, params, many, context: None):
        assert django_private.statements_observed(connection)


def test_it_refuses_a_statement_in_a_broken_transaction(db: None) -> None:
    with transaction.atomic():
        connection.needs_rollback = True
        with pytest.raises(TransactionManagementError):
            django_private.check_before_a_statement(connection)
        connection.needs_rollback = False


def test_it_turns_driver_errors_into_djangos(db: None) -> None:
    connection.ensure_connection()
    cursor = django_private.driver_cursor(connection)
    if connection.vendor == "sqlite":
        assert isinstance(cursor, sqlite3.Cursor)
    statement = 'INSERT INTO "accounts_user" ("id") VALUES (NULL)'  # NOT NULL columns
    with pytest.raises(IntegrityError), django_private.database_errors(connection):
        try:
            cursor.execute(statement)
        finally:
            cursor.close()
    assert issubclass(IntegrityError, DatabaseError)


def test_it_reads_a_column_as_the_orm_does(db: None) -> None:
    sqlite_only()  # the driver returns text for a datetime; tests/test_hot_path.py covers both
    field = User._meta.get_field("date_joined")
    assert isinstance(field, Field)
    expression, steps = django_private.column_converters(field, "accounts_user", connection)
    value: Any = "2026-11-26 09:30:00"
    for convert in steps:
        value = convert(value, expression, connection)
    assert isinstance(value, datetime) and value.utcoffset() is not None
