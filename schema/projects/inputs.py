"""Filter and ordering inputs for projects."""

from __future__ import annotations

from enum import Enum

import strawberry

from schema.enums import (
    ChainStage,
    City,
    InstitutionKind,
    OrderDirection,
    OrganizationLabel,
    ProjectKind,
    RiskRating,
    TechnologyField,
)
from schema.inputs import DateRange, LevelRange, MoneyRange


@strawberry.input(
    description="Conditions on projects. Every condition given must hold; `and` and `or` combine nested filters. Conditions on the evaluation apply to the current published evaluation and exclude projects without one."
)
class ProjectFilter:
    """A project filter."""

    city: list[City] | None = strawberry.field(
        default=None, description="Project is in one of these cities."
    )
    field: list[TechnologyField] | None = strawberry.field(
        default=None, description="Project is in one of these technology fields."
    )
    stage: list[ChainStage] | None = strawberry.field(
        default=None, description="Project is at one of these chain stages."
    )
    kind: list[ProjectKind] | None = strawberry.field(
        default=None, description="Project is of one of these kinds."
    )
    owner_label: list[OrganizationLabel] | None = strawberry.field(
        default=None, description="Owner holds at least one of these labels."
    )
    maturity_level: LevelRange | None = strawberry.field(
        default=None,
        description="Current maturity level (provincial 13-level scale) lies in this range.",
    )
    worst_acceptable_risk: RiskRating | None = strawberry.field(
        default=None, description="Current transformation risk is this rating or lower."
    )
    market_value: MoneyRange | None = strawberry.field(
        default=None,
        description="Current valuation range lies within this range: low >= min and high <= max (CNY).",
    )
    evaluation_date: DateRange | None = strawberry.field(
        default=None, description="Current evaluation was made within this date range."
    )
    institution_kind: list[InstitutionKind] | None = strawberry.field(
        default=None,
        description="Current evaluation was made by an institution of one of these kinds.",
    )
    has_published_evaluation: bool | None = strawberry.field(
        default=None,
        description="True: only projects with a current published evaluation; false: only those without.",
    )
    search: str | None = strawberry.field(
        default=None,
        description="Every word (words are separated by spaces) appears, case-insensitively, in the Chinese or English title, summary or keywords.",
    )
    and_: list[ProjectFilter] | None = strawberry.field(
        default=None, name="and", description="Every one of these filters must also hold."
    )
    or_: list[ProjectFilter] | None = strawberry.field(
        default=None, name="or", description="At least one of these filters must also hold."
    )


@strawberry.enum(
    description="What projects can be ordered by. The id breaks ties; projects without a value sort last in either direction."
)
class ProjectOrderField(Enum):
    """Project orderings."""

    ID = strawberry.enum_value("ID", description="Creation order (the global id).")
    TITLE = strawberry.enum_value("TITLE", description="Title, in code-point order.")
    MATURITY = strawberry.enum_value(
        "MATURITY", description="Current maturity level on the provincial scale."
    )
    MARKET_VALUE = strawberry.enum_value(
        "MARKET_VALUE", description="High end of the current valuation."
    )
    EVALUATION_DATE = strawberry.enum_value(
        "EVALUATION_DATE", description="Date of the current evaluation."
    )


@strawberry.input(description="Ordering of projects.")
class ProjectOrder:
    """A project ordering."""

    field: ProjectOrderField = strawberry.field(
        description="What to order by. MATURITY is the current maturity level, MARKET_VALUE the high end of the current valuation, EVALUATION_DATE the date of the current evaluation."
    )
    direction: OrderDirection = strawberry.field(
        default=OrderDirection.ASC, description="Direction."
    )
