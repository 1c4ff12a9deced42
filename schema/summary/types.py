"""Aggregates across the chain."""

from __future__ import annotations

from decimal import Decimal

import strawberry

from resolvers.summary import Bucket
from schema.enums import ChainStage, City, TechnologyField
from schema.money import yuan


@strawberry.interface(
    description="Counts and summed valuations of a group of projects. Sums add the current published valuation of each evaluated project."
)
class ChainAggregate:
    """Aggregates of a group of projects."""

    project_count: int = strawberry.field(description="Number of projects in the group.")
    evaluated_project_count: int = strawberry.field(
        description="Number of them with a current published evaluation."
    )
    market_value_low: Decimal = strawberry.field(
        description="Sum of the low ends of their current valuations, in CNY."
    )
    market_value_high: Decimal = strawberry.field(
        description="Sum of the high ends of their current valuations, in CNY."
    )


def _amounts(b: Bucket) -> dict[str, object]:
    return {
        "project_count": b.projects,
        "evaluated_project_count": b.evaluated_projects,
        "market_value_low": yuan(b.value_low_fen),
        "market_value_high": yuan(b.value_high_fen),
    }


@strawberry.type(description="Projects at one stage of the chain.")
class StageAggregate(ChainAggregate):
    """Per-stage aggregate."""

    stage: ChainStage = strawberry.field(description="The stage.")


@strawberry.type(
    description="Projects whose current maturity is one level; level null groups projects without a current evaluation."
)
class MaturityAggregate(ChainAggregate):
    """Per-level aggregate."""

    level: int | None = strawberry.field(
        description="Level number on the provincial scale, or null."
    )


@strawberry.type(description="Projects in one city.")
class CityAggregate(ChainAggregate):
    """Per-city aggregate."""

    city: City = strawberry.field(description="The city.")


@strawberry.type(description="Projects in one technology field.")
class FieldAggregate(ChainAggregate):
    """Per-field aggregate."""

    field: TechnologyField = strawberry.field(description="The field.")


@strawberry.type(
    description="The projects matching a filter, counted and valued across the whole chain. Every figure is computed by SQL grouping."
)
class ChainSummary:
    """Aggregates by dimension."""

    total: ChainAggregate = strawberry.field(description="All matching projects.")
    by_stage: list[StageAggregate] = strawberry.field(
        description="Per chain stage, in chain order; stages without projects are left out."
    )
    by_maturity_level: list[MaturityAggregate] = strawberry.field(
        description="Per current maturity level, ascending, then projects without one."
    )
    by_city: list[CityAggregate] = strawberry.field(
        description="Per city, in the order of the City enum."
    )
    by_field: list[FieldAggregate] = strawberry.field(
        description="Per technology field, in the order of the TechnologyField enum."
    )


@strawberry.type(description="Aggregates of all matching projects.")
class TotalAggregate(ChainAggregate):
    """Whole-set aggregate."""


def summary_from(groups: dict[str, list[Bucket]]) -> ChainSummary:
    """Build the GraphQL summary from SQL-grouped buckets."""

    def order(enum_type: type, items: list[Bucket]) -> list[Bucket]:
        position = {m.value: i for i, m in enumerate(enum_type)}  # type: ignore[var-annotated]
        return sorted(items, key=lambda b: position[getattr(b.key, "value", b.key)])

    stages = order(ChainStage, groups["stage"])
    total = Bucket(
        None,
        *(
            sum(getattr(b, f) for b in stages)
            for f in ("projects", "evaluated_projects", "value_low_fen", "value_high_fen")
        ),
    )
    return ChainSummary(
        total=TotalAggregate(**_amounts(total)),  # type: ignore[arg-type]
        by_stage=[StageAggregate(stage=ChainStage(b.key), **_amounts(b)) for b in stages],  # type: ignore[arg-type]
        by_maturity_level=[
            MaturityAggregate(level=b.key, **_amounts(b))  # type: ignore[arg-type]
            for b in sorted(groups["maturity"], key=lambda b: (b.key is None, b.key or 0))
        ],
        by_city=[
            CityAggregate(city=City(b.key), **_amounts(b)) for b in order(City, groups["city"])
        ],  # type: ignore[arg-type]
        by_field=[
            FieldAggregate(field=TechnologyField(b.key), **_amounts(b))
            for b in order(TechnologyField, groups["field"])
        ],  # type: ignore[arg-type]
    )
