"""Aggregates across the whole chain, computed by SQL grouping."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tortoise.functions import Count, Sum

from portal.database.models import Project
from resolvers.filters import Filter
from resolvers.projects import filtered_projects

DIMENSIONS = {"stage": "stage", "maturity": "latest_maturity", "city": "city", "field": "field"}


@dataclass(frozen=True)
class Bucket:
    """Projects sharing one value of a dimension: how many, how many evaluated, their worth."""

    key: Any
    projects: int
    evaluated_projects: int
    value_low_fen: int
    value_high_fen: int


async def chain_summary(spec: Filter | None) -> dict[str, list[Bucket]]:
    """Group the projects matching `spec` by stage, latest maturity level, city and field."""
    projects = Project.filter(await filtered_projects(spec))
    result: dict[str, list[Bucket]] = {}
    for name, column in DIMENSIONS.items():
        rows = (
            await projects.annotate(
                n=Count("id"),
                evaluated=Count("latest_evaluation_id"),
                low=Sum("latest_value_low_fen"),
                high=Sum("latest_value_high_fen"),
            )
            .group_by(column)
            .values(column, "n", "evaluated", "low", "high")
        )
        result[name] = [
            Bucket(
                row[column],
                int(row["n"]),
                int(row["evaluated"]),
                int(row["low"] or 0),
                int(row["high"] or 0),
            )
            for row in rows
        ]
    return result
