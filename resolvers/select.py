"""One SELECT of the read path: a source table, joins, conditions, an order and a limit.

The planner and the field-by-field loaders both describe what they read as a `Select`, so the
two paths share every condition, ordering and source; `Scope` carries what a condition may
depend on besides the row: the dialect, the caller, the language and the instant read.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from portal.auth import ANONYMOUS, Identity
from resolvers.sql import Dialect, Sql, all_of, join


@dataclass(frozen=True)
class Scope:
    """What SQL built for one request may depend on besides the arguments.

    Attributes:
        dialect: The database's SQL dialect.
        identity: The caller; visibility conditions read it.
        language: "zh" or "en": which column of a bilingual text is read.
        as_of: Read the portal as it stood at this instant (None: the present).
    """

    dialect: Dialect
    identity: Identity = ANONYMOUS
    language: str = "zh"
    as_of: datetime | None = None

    def table(self, name: str) -> str:
        """What to read `name` from (the table itself in the present)."""
        return name


Condition = Callable[[Scope, str], Sql | None]
"""A condition on the row aliased by its second argument, or None for no condition."""


@dataclass
class Select:
    """A SELECT under construction: columns and joins are added as the planner walks."""

    table: str
    alias: str = "t0"
    columns: list[Sql] = field(default_factory=list)
    joins: list[Sql] = field(default_factory=list)
    where: list[Sql] = field(default_factory=list)
    order: list[str] = field(default_factory=list)
    limit: Sql | None = None
    _positions: dict[str, int] = field(default_factory=dict)
    _aliases: int = 0

    def column(self, expression: str, key: str | None = None) -> int:
        """Select an expression once; returns its position in the row."""
        key = key or expression
        if key not in self._positions:
            self._positions[key] = len(self.columns)
            self.columns.append(Sql(expression))
        return self._positions[key]

    def computed(self, key: str, expression: Sql) -> int:
        """Select a built expression (with parameters) once, under `key`."""
        if key not in self._positions:
            self._positions[key] = len(self.columns)
            self.columns.append(expression)
        return self._positions[key]

    def new_alias(self) -> str:
        """A fresh alias for a joined table."""
        self._aliases += 1
        return f"{self.alias}_{self._aliases}"

    def render(self, scope: Scope, numbered: bool = False) -> Sql:
        """The statement; `numbered` names the columns c0, c1, ... (for an outer SELECT)."""
        columns = (
            [Sql(c, f" AS c{n}") for n, c in enumerate(self.columns)] if numbered else self.columns
        )
        sql = Sql("SELECT ", join(columns, ", ") if columns else "1")
        sql.add(self.source(scope))
        if self.order:
            sql.add(" ORDER BY " + ", ".join(self.order))
        if self.limit is not None:
            sql.add(" LIMIT ").add(self.limit)
        return sql

    def source(self, scope: Scope) -> Sql:
        """` FROM ... JOIN ... WHERE ...` of the statement."""
        sql = Sql(f" FROM {scope.table(self.table)} AS {self.alias}")
        for joined in self.joins:
            sql.add(" ").add(joined)
        condition = all_of(self.where)
        if condition is not None:
            sql.add(" WHERE ").add(condition)
        return sql


def bounded_int(value: Any) -> bool:
    """True for an int that fits a 32-bit signed column (ids beyond it match nothing)."""
    return isinstance(value, int) and not isinstance(value, bool) and -(2**31) <= value < 2**31
