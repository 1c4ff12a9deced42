"""Filter and ordering inputs for evaluations."""

from __future__ import annotations

from enum import Enum

import strawberry

from schema.enums import (
    AdvancementGrade,
    ChainStage,
    City,
    EvaluationStatus,
    InstitutionKind,
    OrderDirection,
    RiskRating,
    TechnologyField,
)
from schema.inputs import DateRange, LevelRange, MoneyRange


@strawberry.input(
    description="Conditions on disclosed evaluations. Every condition given must hold; `and` and `or` combine nested filters."
)
class EvaluationFilter:
    """An evaluation filter."""

    status: list[EvaluationStatus] | None = strawberry.field(
        default=None, description="Status is one of these (PUBLISHED, SUPERSEDED, REVOKED)."
    )
    project: list[strawberry.ID] | None = strawberry.field(
        default=None, description="Evaluation of one of these projects (global IDs)."
    )
    institution: list[strawberry.ID] | None = strawberry.field(
        default=None, description="Made by one of these institutions (global IDs)."
    )
    institution_kind: list[InstitutionKind] | None = strawberry.field(
        default=None, description="Made by an institution of one of these kinds."
    )
    field: list[TechnologyField] | None = strawberry.field(
        default=None, description="The project is in one of these fields."
    )
    city: list[City] | None = strawberry.field(
        default=None, description="The project is in one of these cities."
    )
    stage: list[ChainStage] | None = strawberry.field(
        default=None, description="The project is at one of these stages."
    )
    advancement_grade: list[AdvancementGrade] | None = strawberry.field(
        default=None, description="Advancement grade is one of these."
    )
    maturity_level: LevelRange | None = strawberry.field(
        default=None, description="Maturity level lies in this range."
    )
    worst_acceptable_risk: RiskRating | None = strawberry.field(
        default=None, description="Transformation risk is this rating or lower."
    )
    market_value: MoneyRange | None = strawberry.field(
        default=None,
        description="Valuation range lies within this range: low >= min and high <= max (CNY).",
    )
    evaluation_date: DateRange | None = strawberry.field(
        default=None, description="Evaluation was made within this date range."
    )
    and_: list[EvaluationFilter] | None = strawberry.field(
        default=None, name="and", description="Every one of these filters must also hold."
    )
    or_: list[EvaluationFilter] | None = strawberry.field(
        default=None, name="or", description="At least one of these filters must also hold."
    )


@strawberry.enum(description="What evaluations can be ordered by; the id breaks ties.")
class EvaluationOrderField(Enum):
    """Evaluation orderings."""

    ID = strawberry.enum_value("ID", description="Creation order (the global id).")
    EVALUATION_DATE = strawberry.enum_value(
        "EVALUATION_DATE", description="Date of the evaluation."
    )
    PUBLISHED_AT = strawberry.enum_value("PUBLISHED_AT", description="Publication time.")
    MATURITY = strawberry.enum_value(
        "MATURITY", description="Maturity level on the provincial scale."
    )
    MARKET_VALUE = strawberry.enum_value("MARKET_VALUE", description="High end of the valuation.")


@strawberry.input(description="Ordering of evaluations.")
class EvaluationOrder:
    """An evaluation ordering."""

    field: EvaluationOrderField = strawberry.field(
        description="What to order by; MARKET_VALUE is the high end of the valuation."
    )
    direction: OrderDirection = strawberry.field(
        default=OrderDirection.DESC, description="Direction."
    )
