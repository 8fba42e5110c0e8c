"""`field__any_of=values`: the rows `field__in=values` finds, in a statement that stays short.

`__in` writes one placeholder per value. The sweep asks about 500 clients at a time, and on
PostgreSQL every such statement is then a new text to parse, plan and prepare (about a tenth
of the sweep's time). There the values travel as one array parameter instead
(`= ANY(%s::type[])`), so the statement is the same for 5 ids or 500. Other databases get
`IN (…)` as before.
"""

from __future__ import annotations

import re
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db.models.lookups import In


class AnyOf(In[Any]):
    """Takes plain values (ids, dates, texts), not model instances."""

    lookup_name = "any_of"

    def as_postgresql(self, compiler: Any, connection: Any) -> tuple[str, Any]:
        if not self.rhs_is_direct_value():  # a subquery: as `__in` does
            return super().as_sql(compiler, connection)
        field = self.lhs.output_field
        values = [
            field.get_db_prep_value(value, connection, prepared=True)
            for value in dict.fromkeys(self.rhs)  # distinct, in order
            if value is not None  # NULL equals nothing, as with IN
        ]
        if not values:
            raise EmptyResultSet
        lhs, lhs_params = self.process_lhs(compiler, connection)
        return f"{lhs} = ANY(%s::{unbounded(field.db_type(connection))}[])", (*lhs_params, values)


def unbounded(db_type: str) -> str:
    """The type without its length: a cast to varchar(120) would silently cut a longer value
    to 120 characters, so a value that cannot be in the column could match one that is."""
    return re.sub(r"\(.*\)$", "", db_type)
