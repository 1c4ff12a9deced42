"""A small SQL builder for the read path: text with bound parameters, for both databases.

Reads do not go through the ORM: the planner and the loaders write SQL directly so that a plan
turns into one stable statement text per shape (asyncpg prepares and caches each text once).
A `Sql` is a list of text pieces and `Param`s; `render` numbers the parameters for the
dialect (`$1` on PostgreSQL, `?` on SQLite) in the order they appear.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any


@dataclass(frozen=True, slots=True)
class Param:
    """A value bound to the statement, never spliced into its text."""

    value: Any


class Sql:
    """SQL text with parameters, built by concatenation."""

    __slots__ = ("parts",)

    def __init__(self, *parts: str | Param | Sql) -> None:
        self.parts: list[str | Param] = []
        for part in parts:
            self.add(part)

    def add(self, part: str | Param | Sql) -> Sql:
        """Append text, a parameter or another fragment; returns self."""
        if isinstance(part, Sql):
            self.parts.extend(part.parts)
        else:
            self.parts.append(part)
        return self

    def __bool__(self) -> bool:
        return bool(self.parts)


def param(value: Any) -> Sql:
    """A fragment holding one bound parameter."""
    return Sql(Param(value))


def join(fragments: Iterable[Sql | str], separator: str) -> Sql:
    """Fragments joined by `separator` (e.g. ' AND ')."""
    out = Sql()
    for n, fragment in enumerate(fragments):
        if n:
            out.add(separator)
        out.add(fragment)
    return out


def all_of(conditions: Sequence[Sql]) -> Sql | None:
    """The conjunction of conditions, None when there are none."""
    conditions = [c for c in conditions if c]
    if not conditions:
        return None
    if len(conditions) == 1:
        return conditions[0]
    return Sql("(", join(conditions, " AND "), ")")


def any_of(conditions: Sequence[Sql]) -> Sql:
    """The disjunction of conditions (false when there are none)."""
    conditions = [c for c in conditions if c]
    if not conditions:
        return Sql("(1 = 0)")
    return Sql("(", join(conditions, " OR "), ")")


class Dialect:
    """What differs between PostgreSQL and SQLite in the SQL the read path writes."""

    name = "base"
    postgres = False

    def render(self, sql: Sql) -> tuple[str, list[Any]]:
        """Statement text and the parameter list, in order."""
        raise NotImplementedError

    def in_list(self, expression: str, values: Sequence[Any]) -> Sql:
        """`expression` is one of `values`, with a statement text independent of their number."""
        raise NotImplementedError

    def value(self, value: Any) -> Any:
        """A Python value as the driver takes it."""
        return value

    def like(self, expression: str, needle: str) -> Sql:
        """Case-insensitive substring match of `needle` in `expression`."""
        raise NotImplementedError


class Postgres(Dialect):
    """PostgreSQL through asyncpg: `$n` parameters, `= ANY($n)` for lists."""

    name = "postgres"
    postgres = True

    def render(self, sql: Sql) -> tuple[str, list[Any]]:
        text: list[str] = []
        params: list[Any] = []
        for part in sql.parts:
            if isinstance(part, Param):
                params.append(part.value)
                text.append(f"${len(params)}")
            else:
                text.append(part)
        return "".join(text), params

    def in_list(self, expression: str, values: Sequence[Any]) -> Sql:
        # One value is an equality, whose generic plan can walk an index on (column, order).
        if len(values) == 1:
            return Sql(f"{expression} = ", Param(values[0]))
        return Sql(f"{expression} = ANY(", Param(list(values)), ")")

    def like(self, expression: str, needle: str) -> Sql:
        return Sql(f"{expression} ILIKE ", Param(f"%{_escape_like(needle)}%"))


class Sqlite(Dialect):
    """SQLite through aiosqlite: `?` parameters, lists passed as one JSON array."""

    name = "sqlite"

    def render(self, sql: Sql) -> tuple[str, list[Any]]:
        text: list[str] = []
        params: list[Any] = []
        for part in sql.parts:
            if isinstance(part, Param):
                params.append(self.value(part.value))
                text.append("?")
            else:
                text.append(part)
        return "".join(text), params

    def in_list(self, expression: str, values: Sequence[Any]) -> Sql:
        import orjson

        array = orjson.dumps([self.value(v) for v in values]).decode()
        return Sql(f"{expression} IN (SELECT value FROM json_each(", Param(array), "))")

    def value(self, value: Any) -> Any:
        # Tortoise stores datetimes as text in UTC ('2024-05-01 08:00:00+00:00') and dates
        # as ISO text; comparisons must see the same spelling.
        if isinstance(value, datetime):
            return str(value.astimezone(UTC))
        if isinstance(value, date):
            return value.isoformat()
        if hasattr(value, "value") and not isinstance(value, (int, str)):
            return value.value
        return value

    def like(self, expression: str, needle: str) -> Sql:
        # SQLite's LIKE folds ASCII case only; lower() on both sides does the same for
        # the Latin text, and Chinese has no case.
        return Sql(
            f"lower({expression}) LIKE ", Param(f"%{_escape_like(needle.lower())}%"), " ESCAPE '\\'"
        )


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


POSTGRES = Postgres()
SQLITE = Sqlite()
