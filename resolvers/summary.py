"""Aggregates across the whole chain, computed by SQL grouping."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from resolvers.conditions import Filter
from resolvers.projects import project_filters
from resolvers.reader import Reader
from resolvers.select import Scope
from resolvers.sql import Sql, all_of

DIMENSIONS = {"stage": "stage", "maturity": "latest_maturity", "city": "city", "field": "field"}


@dataclass(frozen=True)
class Bucket:
    """Projects sharing one value of a dimension: how many, how many evaluated, their worth."""

    key: Any
    projects: int
    evaluated_projects: int
    value_low_fen: int
    value_high_fen: int


async def chain_summary(
    scope: Scope, reader: Reader, spec: Filter | None
) -> dict[str, list[Bucket]]:
    """Group the projects matching `spec` by stage, latest maturity level, city and field, in
    one statement (a UNION ALL of four GROUP BYs)."""
    condition = all_of(await project_filters(scope, "p", spec, "filter"))
    parts = []
    for name, column in DIMENSIONS.items():
        key = f"CAST(p.{column} AS TEXT)" if column == "latest_maturity" else f"p.{column}"
        part = Sql(
            f"SELECT '{name}', {key}, count(*), count(p.latest_evaluation_id), "
            "sum(p.latest_value_low_fen), sum(p.latest_value_high_fen) "
            f"FROM {scope.table('project')} AS p"
        )
        if condition is not None:
            part.add(" WHERE ").add(condition)
        parts.append(part.add(f" GROUP BY p.{column}"))
    sql = Sql()
    for n, part in enumerate(parts):
        sql.add(" UNION ALL " if n else "").add(part)
    result: dict[str, list[Bucket]] = {name: [] for name in DIMENSIONS}
    for name, raw, count, evaluated, low, high in await reader.fetch(sql):
        bucket_key: Any = int(raw) if name == "maturity" and raw is not None else raw
        result[name].append(
            Bucket(bucket_key, int(count), int(evaluated), int(low or 0), int(high or 0))
        )
    return result
