"""Every use of Django's private or undocumented API, in one place.

The performance layer leans on a few of Django's internals: the SQLite backend's transaction
hooks (the write queue), the test database's removal (its lock file goes too), the request
handler's middleware chain (the short lane for token calls), the file e-mail backend's
naming, and the checks, cursor and converters behind Django's own cursor (hand-written SQL on
the driver's cursor). Django may change any of them in
any release without notice, so the rest of the code reaches them only through this module, and
`tests/test_django_private.py` pins each one (its signature and the source it depends on): a
Django upgrade that changes one fails there, naming what to re-read, before it breaks
anything at run time.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from typing import Any

from django.core.handlers.base import BaseHandler
from django.core.handlers.exception import convert_exception_to_response
from django.core.mail.backends import filebased
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.backends.sqlite3 import base as sqlite_base
from django.db.backends.sqlite3 import creation as sqlite_creation
from django.db.models import Field
from django.http import HttpRequest
from django.utils.module_loading import import_string

Handler = Callable[[HttpRequest], Any]
Converter = Callable[[Any, Any, Any], Any]


class SQLiteTransactionHooks(sqlite_base.DatabaseWrapper):
    """Django's SQLite backend with hooks around every transaction it starts and ends: SQLite
    transactions begin in `_start_transaction_under_autocommit` and end in `_commit`,
    `_rollback` or `_close` (private)."""

    def transaction_starting(self) -> None:
        """Before BEGIN; an exception here leaves the connection out of any transaction."""

    def transaction_ended(self) -> None:
        """After COMMIT or ROLLBACK, also when they failed, and when the connection closes."""

    def _start_transaction_under_autocommit(self) -> None:
        self.transaction_starting()
        try:
            super()._start_transaction_under_autocommit()  # type: ignore[misc]  # untyped private
        except BaseException:
            self.transaction_ended()
            raise

    def _commit(self) -> None:
        try:
            super()._commit()  # type: ignore[misc]  # untyped private
        finally:
            self.transaction_ended()

    def _rollback(self) -> None:
        try:
            super()._rollback()  # type: ignore[misc]  # untyped private
        finally:
            self.transaction_ended()

    def _close(self) -> None:
        try:
            super()._close()  # type: ignore[misc]  # untyped private
        finally:
            self.transaction_ended()


class SQLiteTestDatabaseHooks(sqlite_creation.DatabaseCreation):
    """Django's creation of SQLite test databases, with a hook after a file database is
    destroyed (`_destroy_test_db`, private)."""

    def test_database_destroyed(self, name: str) -> None:
        """After the test database file `name` was removed."""

    def _destroy_test_db(self, test_database_name: str, verbosity: int) -> None:
        super()._destroy_test_db(test_database_name, verbosity)  # type: ignore[misc]  # untyped private
        if test_database_name and not self.is_in_memory_db(test_database_name):
            self.test_database_destroyed(test_database_name)


class HandlerWithMiddleware(BaseHandler):
    """Django's request handling (URL resolving, view middleware, exceptions) wrapped in the
    given middleware instead of `settings.MIDDLEWARE`: what `BaseHandler.load_middleware`
    does, on the handler's private lists."""

    def __init__(self, middleware: Sequence[str]) -> None:
        super().__init__()
        self._view_middleware: list[Any] = []
        self._template_response_middleware: list[Any] = []
        self._exception_middleware: list[Any] = []
        get_response: Handler = self._get_response  # type: ignore[attr-defined]  # private
        handler: Handler = convert_exception_to_response(get_response)
        for path in reversed(middleware):
            layer = import_string(path)(handler)
            # The same order as Django's own load_middleware.
            if hasattr(layer, "process_view"):
                self._view_middleware.insert(0, layer.process_view)
            if hasattr(layer, "process_template_response"):
                self._template_response_middleware.append(layer.process_template_response)
            if hasattr(layer, "process_exception"):
                self._exception_middleware.append(layer.process_exception)
            handler = convert_exception_to_response(layer)
        self.chain: Handler = handler


class NamedFileEmailBackend(filebased.EmailBackend):
    """Django's file e-mail backend with the file name chosen by `new_file_name()`: Django
    names the file once per backend object (`_fname`, `_get_filename`)."""

    def new_file_name(self, folder: str) -> str:
        raise NotImplementedError

    def _get_filename(self) -> str:
        if self._fname is None:  # type: ignore[has-type]  # set by Django's open()
            self._fname = self.new_file_name(str(getattr(self, "file_path", "")))
        return str(self._fname)


# Running a statement on the driver's own cursor (recoverycircle.rawsql).


def statements_observed(connection: BaseDatabaseWrapper) -> bool:
    """True when something wants to see every statement: queries being logged (tests,
    DEBUG) or execute wrappers installed (`connection.execute_wrapper`)."""
    return bool(connection.queries_logged or connection.execute_wrappers)


def check_before_a_statement(connection: BaseDatabaseWrapper) -> None:
    """The checks Django's cursor makes before a statement: a failed health check closes the
    connection, a new one is opened, it must belong to this thread, and a transaction that
    already failed refuses more statements."""
    connection.close_if_health_check_failed()
    connection.ensure_connection()
    connection.validate_thread_sharing()
    connection.validate_no_broken_transaction()


def database_errors(connection: BaseDatabaseWrapper) -> AbstractContextManager[None]:
    """Turns the driver's exceptions into Django's (`django.db.IntegrityError`...)."""
    wrapper: AbstractContextManager[None] = connection.wrap_database_errors
    return wrapper


def driver_cursor(connection: BaseDatabaseWrapper) -> Any:
    """A cursor of the driver, without Django's wrapper: for SQLite the plain sqlite3 one
    (which takes "?" placeholders), otherwise as Django's backend makes it."""
    if connection.vendor == "sqlite":
        return connection.connection.cursor()
    return connection.create_cursor()


def column_converters(
    field: Field[Any, Any], table: str, connection: BaseDatabaseWrapper
) -> tuple[Any, list[Converter]]:
    """A column's expression and the converters the ORM applies to its values when it reads
    them (the backend's first, then the field's)."""
    expression = field.get_col(table)
    return expression, connection.ops.get_db_converters(expression) + expression.get_db_converters(
        connection
    )
