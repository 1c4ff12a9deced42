"""Evaluation institutions as the read path sees them: filter, orderings and counts in SQL."""

from __future__ import annotations

from typing import Any

from resolvers.conditions import Filter, combine, one_of
from resolvers.keyset import SortKey
from resolvers.select import Scope
from resolvers.sql import Sql

INSTITUTION_SORT_KEYS: dict[str, SortKey | None] = {"ID": None, "NAME": SortKey("name", str)}


async def institution_filters(
    scope: Scope, alias: str, spec: Filter | None, path: str
) -> list[Sql]:
    """The SQL conditions of an institution filter over `institution` aliased `alias`."""
    t = alias

    async def leaf(f: Filter, p: str) -> list[Sql]:
        parts = one_of(scope, f"{t}.kind", f.get("kind")) + one_of(
            scope, f"{t}.city", f.get("city")
        )
        if f.get("credentialStatus"):
            statuses = scope.dialect.in_list("c.status", f["credentialStatus"])
            parts.append(
                Sql(
                    f"{t}.id IN (SELECT c.institution_id FROM {scope.table('credential')} AS c "
                    "WHERE ",
                    statuses,
                    ")",
                )
            )
        if f.get("fieldInScope"):
            fields = scope.dialect.in_list("cf.field", f["fieldInScope"])
            parts.append(
                Sql(
                    f"{t}.id IN (SELECT c.institution_id FROM {scope.table('credential')} AS c "
                    f"JOIN {scope.table('credential_field')} AS cf ON cf.credential_id = c.id "
                    "WHERE ",
                    fields,
                    ")",
                )
            )
        return parts

    return await combine(spec, path, leaf)


def evaluation_count(statuses: tuple[str, ...]) -> Any:
    """An SQL expression builder: how many of the institution's evaluations have `statuses`."""
    listed = ", ".join(f"'{s}'" for s in statuses)

    def build(scope: Scope, alias: str, _: Any) -> Sql:
        return Sql(
            f"(SELECT count(*) FROM {scope.table('evaluation')} AS ec "
            f"WHERE ec.institution_id = {alias}.id AND ec.status IN ({listed}))"
        )

    build.__qualname__ = f"evaluation_count_{'_'.join(statuses)}"
    return build
