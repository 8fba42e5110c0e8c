"""Hand-written SQL for the few statements on the hottest request path (a check-in over the API).

The ORM compiles every query afresh on each call, which costs about 0.3 ms of CPU per
statement: more than the database spends running it. The statements here are written from
the models' own metadata (table and column names), parameters are prepared by the fields
themselves, and rows are turned into model instances with the same database converters the
ORM applies, so callers get exactly what the equivalent ORM query would give them.

Keep this for measured hot spots; everywhere else the ORM's clarity is worth its cost.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from functools import cache
from typing import Any, TypeVar

from django.db import connections, transaction
from django.db.models import Field, Model

from recoverycircle.django_private import (
    check_before_a_statement,
    column_converters,
    database_errors,
    driver_cursor,
    statements_observed,
)

M = TypeVar("M", bound=Model)

Converter = Callable[[Any, Any, Any], Any]


def table(model: type[Model]) -> str:
    return quote(model._meta.db_table)


def quote(name: str) -> str:
    return connections["default"].ops.quote_name(name)


@cache
def field_names(model: type[Model]) -> tuple[str, ...]:
    """The attribute names of the model's concrete fields, in the model's own order."""
    return tuple(f.attname for f in model._meta.concrete_fields)


def column_list(model: type[Model], alias: str = "") -> str:
    prefix = f"{alias}." if alias else ""
    return ", ".join(prefix + quote(str(f.column)) for f in model._meta.concrete_fields)


@cache
def concrete_field(model: type[Model], name: str) -> Field[Any, Any]:
    found = model._meta.get_field(name)
    assert isinstance(found, Field) and found.concrete, f"{model.__name__}.{name} has no column"
    return found


def column(model: type[Model], name: str) -> str:
    return quote(str(concrete_field(model, name).column))


def prepared(model: type[Model], name: str, value: Any) -> Any:
    """A value as the field itself would send it to the database (dates, JSON, decimals)."""
    return concrete_field(model, name).get_db_prep_save(value, connections["default"])


@cache
def converters(model: type[Model], vendor: str) -> tuple[tuple[Any, list[Converter]], ...]:
    """Per concrete field: its column expression and the converters the ORM would apply."""
    connection = connections["default"]
    table = model._meta.db_table
    return tuple(column_converters(f, table, connection) for f in model._meta.concrete_fields)


def converted(model: type[Model], name: str, value: Any) -> Any:
    """One column's value as the ORM would give it (SQLite returns datetimes as text)."""
    connection = connections["default"]
    index = field_names(model).index(concrete_field(model, name).attname)
    expression, steps = converters(model, connection.vendor)[index]
    for convert in steps:
        value = convert(value, expression, connection)
    return value


def instance(model: type[M], row: Sequence[Any]) -> M:
    """A model instance from a row of all its concrete columns, in `column_list` order."""
    connection = connections["default"]
    values = []
    for value, (expression, steps) in zip(row, converters(model, connection.vendor), strict=True):
        for convert in steps:
            value = convert(value, expression, connection)
        values.append(value)
    return model.from_db("default", field_names(model), values)


@cache
def insert_sql(model: type[Model], unique: tuple[str, ...]) -> str:
    fields = inserted_fields(model)
    columns = ", ".join(quote(str(f.column)) for f in fields)
    conflict = ", ".join(column(model, name) for name in unique)
    placeholders = ", ".join(["%s"] * len(fields))
    # Names come from the models' metadata; every value is a parameter.
    return (
        f"INSERT INTO {table(model)} ({columns}) VALUES ({placeholders}) "  # noqa: S608
        f"ON CONFLICT ({conflict}) DO NOTHING RETURNING {column_list(model)}"
    )


@cache
def inserted_fields(model: type[Model]) -> tuple[Field[Any, Any], ...]:
    """Every concrete field but an automatic primary key, which the database fills in."""
    auto = model._meta.pk
    return tuple(f for f in model._meta.concrete_fields if not (f is auto and f.auto_created))


def prepared_row(obj: Model) -> dict[str, Any]:
    """Every inserted field's value as the field sends it to the database, by attname."""
    connection = connections["default"]
    return {
        f.attname: f.get_db_prep_save(getattr(obj, f.attname), connection)
        for f in inserted_fields(type(obj))
    }


def save_by_key(
    model: type[Model], values: dict[str, Any], key: tuple[str, ...], changed: tuple[str, ...]
) -> tuple[tuple[Any, ...], bool] | None:
    """Inserts a row of `values` (as `prepared_row` gives them), or, when a row with the same
    `key` values exists, sets that row's `changed` fields. Returns the row as stored (for
    `instance`, best called after the commit) and whether it is new; None in the rare case
    of a row met by the INSERT and deleted before the UPDATE reached it.

    PostgreSQL does it in one statement: an upsert, where a new row is one with no deleting
    or locking transaction (`xmax = 0`; an updated row is locked by the statement itself).
    SQLite can't tell an upsert's insert from its update, so there it is an UPDATE, then an
    INSERT unless one exists, then the UPDATE again if a concurrent first save won the race:
    each statement cheap, as SQLite runs in this process."""
    columns = tuple(concrete_field(model, name).attname for name in changed)
    if connections["default"].vendor == "postgresql":
        row = fetch_one(upsert_sql(model, key, columns), list(values.values()))
        assert row is not None  # an upsert always returns its row
        return row[:-1], bool(row[-1])
    key_values = [values[concrete_field(model, name).attname] for name in key]
    update = update_sql(model, key, columns)
    update_params = [values[name] for name in columns] + key_values
    if (row := fetch_one(update, update_params)) is not None:
        return row, False
    if (row := fetch_one(insert_sql(model, key), list(values.values()))) is not None:
        return row, True
    row = fetch_one(update, update_params)  # a first save of the same key won the race
    return None if row is None else (row, False)


@cache
def upsert_sql(model: type[Model], key: tuple[str, ...], columns: tuple[str, ...]) -> str:
    fields = inserted_fields(model)
    names = ", ".join(quote(str(f.column)) for f in fields)
    placeholders = ", ".join(["%s"] * len(fields))
    sets = ", ".join(f"{column(model, name)} = excluded.{column(model, name)}" for name in columns)
    # Names come from the models' metadata; every value is a parameter.
    return (
        f"INSERT INTO {table(model)} ({names}) VALUES ({placeholders}) "  # noqa: S608
        f"ON CONFLICT ({', '.join(column(model, name) for name in key)}) DO UPDATE SET {sets} "
        f"RETURNING {column_list(model)}, (xmax = 0)"
    )


@cache
def update_sql(model: type[Model], key: tuple[str, ...], columns: tuple[str, ...]) -> str:
    sets = ", ".join(f"{column(model, name)} = %s" for name in columns)
    where = " AND ".join(f"{column(model, name)} = %s" for name in key)
    # Names come from the models' metadata; every value is a parameter.
    return f"UPDATE {table(model)} SET {sets} WHERE {where} RETURNING {column_list(model)}"  # noqa: S608


def fetch_one(sql: str, params: Iterable[Any]) -> tuple[Any, ...] | None:
    return run(sql, list(params), fetch=True)


def execute(sql: str, params: Iterable[Any]) -> None:
    run(sql, list(params), fetch=False)


def run(sql: str, params: list[Any], fetch: bool) -> tuple[Any, ...] | None:
    """Runs one statement on the driver's own cursor. Django's cursor wrapper costs about
    30 µs per statement (a wrapper object, execute hooks, SQLite's placeholder rewrite by
    regular expression), a tenth of a check-in's CPU over its five statements. The checks
    Django makes before a statement are kept, and errors are Django's, as with its cursor.
    When queries are being captured (tests, debugging) or execution is wrapped, Django's
    cursor is used so that they see every statement."""
    connection = connections["default"]
    if statements_observed(connection):
        with connection.cursor() as wrapped:
            wrapped.execute(sql, params)
            return wrapped.fetchone() if fetch else None
    check_before_a_statement(connection)
    with database_errors(connection):
        cursor = driver_cursor(connection)
        if connection.vendor == "sqlite":
            sql = qmark(sql)  # the plain sqlite3 cursor takes "?" placeholders
        try:
            cursor.execute(sql, params)
            return cursor.fetchone() if fetch else None
        finally:
            cursor.close()


@cache
def qmark(sql: str) -> str:
    assert "%%" not in sql and "?" not in sql  # the statements here hold no literal % or ?
    return sql.replace("%s", "?")


def claim(model: type[Model], field: str, ids: list[Any], until: Any, due_by: Any) -> list[Any]:
    """Claims rows for a worker: one conditional UPDATE sets `field` to `until` (a lease) on
    those of `ids` still due (`field` at or before `due_by`), and returns the ids it changed.
    Another worker's claim committed first leaves nothing for this one to match, so no two
    workers hold the same row. In its own transaction (SQLite's queued write lock)."""
    if not ids:
        return []
    due, pk = column(model, field), quote(str(model._meta.pk.column))
    # Names come from the models' metadata; every value is a parameter.
    sql = (
        f"UPDATE {table(model)} SET {due} = %s "  # noqa: S608
        f"WHERE {pk} IN ({', '.join(['%s'] * len(ids))}) AND {due} <= %s RETURNING {pk}"
    )
    params = [prepared(model, field, until), *ids, prepared(model, field, due_by)]
    with transaction.atomic(), connections["default"].cursor() as cursor:
        cursor.execute(sql, params)
        return [row[0] for row in cursor.fetchall()]
