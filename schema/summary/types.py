"""Aggregates across the chain: plain value objects computed by SQL grouping."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import strawberry

from resolvers.reader import Reader
from resolvers.summary import Bucket, chain_summary
from schema.enums import ChainStage, City, TechnologyField
from schema.plan.declare import value


def value_type(cls: type) -> type:
    """Let an interface recognise this type's plain value objects by their `__typename`."""
    definition = cls.__strawberry_definition__  # type: ignore[attr-defined]
    name = definition.name
    definition.is_type_of = lambda obj, _info: (
        isinstance(obj, dict) and obj.get("__typename") == name
    )
    return cls


@strawberry.interface(
    description="Counts and summed valuations of a group of projects. Sums add the current published valuation of each evaluated project."
)
class ChainAggregate:
    """Aggregates of a group of projects."""

    project_count: int = value("projects", description="Number of projects in the group.")
    evaluated_project_count: int = value(
        "evaluated_projects", description="Number of them with a current published evaluation."
    )
    market_value_low: Decimal = value(
        "value_low_fen", description="Sum of the low ends of their current valuations, in CNY."
    )
    market_value_high: Decimal = value(
        "value_high_fen", description="Sum of the high ends of their current valuations, in CNY."
    )


@value_type
@strawberry.type(description="Projects at one stage of the chain.")
class StageAggregate(ChainAggregate):
    """Per-stage aggregate."""

    stage: ChainStage = value("key", description="The stage.")


@value_type
@strawberry.type(
    description="Projects whose current maturity is one level; level null groups projects without a current evaluation."
)
class MaturityAggregate(ChainAggregate):
    """Per-level aggregate."""

    level: int | None = value("key", description="Level number on the provincial scale, or null.")


@value_type
@strawberry.type(description="Projects in one city.")
class CityAggregate(ChainAggregate):
    """Per-city aggregate."""

    city: City = value("key", description="The city.")


@value_type
@strawberry.type(description="Projects in one technology field.")
class FieldAggregate(ChainAggregate):
    """Per-field aggregate."""

    field: TechnologyField = value("key", description="The field.")


@value_type
@strawberry.type(description="Aggregates of all matching projects.")
class TotalAggregate(ChainAggregate):
    """Whole-set aggregate."""


@strawberry.type(
    description="The projects matching a filter, counted and valued across the whole chain. Every figure is computed by SQL grouping."
)
class ChainSummary:
    """Aggregates by dimension."""

    total: ChainAggregate = value("total", description="All matching projects.")
    by_stage: list[StageAggregate] = value(
        "by_stage",
        description="Per chain stage, in chain order; stages without projects are left out.",
    )
    by_maturity_level: list[MaturityAggregate] = value(
        "by_maturity_level",
        description="Per current maturity level, ascending, then projects without one.",
    )
    by_city: list[CityAggregate] = value(
        "by_city", description="Per city, in the order of the City enum."
    )
    by_field: list[FieldAggregate] = value(
        "by_field", description="Per technology field, in the order of the TechnologyField enum."
    )


def _bucket(typename: str, b: Bucket) -> dict[str, Any]:
    return {
        "__typename": typename,
        "key": b.key,
        "projects": b.projects,
        "evaluated_projects": b.evaluated_projects,
        "value_low_fen": b.value_low_fen,
        "value_high_fen": b.value_high_fen,
    }


def _ordered(enum_type: Any, items: list[Bucket]) -> list[Bucket]:
    position = {m.value: i for i, m in enumerate(enum_type)}
    return sorted(items, key=lambda b: position[b.key])


async def load_summary(context: Any, reader: Reader, args: dict[str, Any]) -> dict[str, Any]:
    """The chain summary as a plain value object."""
    groups = await chain_summary(context.scope, reader, args.get("filter"))
    stages = _ordered(ChainStage, groups["stage"])
    total = Bucket(
        None,
        *(
            sum(getattr(b, f) for b in stages)
            for f in ("projects", "evaluated_projects", "value_low_fen", "value_high_fen")
        ),
    )
    return {
        "total": _bucket("TotalAggregate", total),
        "by_stage": [_bucket("StageAggregate", b) for b in stages],
        "by_maturity_level": [
            _bucket("MaturityAggregate", b)
            for b in sorted(groups["maturity"], key=lambda b: (b.key is None, b.key or 0))
        ],
        "by_city": [_bucket("CityAggregate", b) for b in _ordered(City, groups["city"])],
        "by_field": [
            _bucket("FieldAggregate", b) for b in _ordered(TechnologyField, groups["field"])
        ],
    }
