"""Filter and ordering inputs for policies."""

from __future__ import annotations

import datetime
from enum import Enum

import strawberry

from schema.enums import OrderDirection, PolicyInstrument, PolicyStatus


@strawberry.input(
    description="Conditions on public support policies; `and` and `or` combine nested filters."
)
class PolicyFilter:
    """A policy filter."""

    status: list[PolicyStatus] | None = strawberry.field(
        default=None, description="Status is one of these (PUBLISHED, CLOSED)."
    )
    instrument: list[PolicyInstrument] | None = strawberry.field(
        default=None, description="Instrument is one of these."
    )
    department: list[str] | None = strawberry.field(
        default=None, description="Published by one of these departments (codes, e.g. HBST)."
    )
    open_on: datetime.date | None = strawberry.field(
        default=None, description="Policy is PUBLISHED and accepts applications on this date."
    )
    search: str | None = strawberry.field(
        default=None,
        description="Every word (words are separated by spaces) appears, case-insensitively, in the Chinese or English title or summary.",
    )
    include_amended_versions: bool | None = strawberry.field(
        default=None,
        description="Also list versions an amendment replaced; by default only current versions are listed.",
    )
    and_: list[PolicyFilter] | None = strawberry.field(
        default=None, name="and", description="Every one of these filters must also hold."
    )
    or_: list[PolicyFilter] | None = strawberry.field(
        default=None, name="or", description="At least one of these filters must also hold."
    )


@strawberry.enum(description="What policies can be ordered by; the id breaks ties.")
class PolicyOrderField(Enum):
    """Policy orderings."""

    ID = strawberry.enum_value("ID", description="Creation order (the global id).")
    TITLE = strawberry.enum_value("TITLE", description="Title, in code-point order.")
    OPENS_ON = strawberry.enum_value("OPENS_ON", description="First day of the application window.")
    PUBLISHED_AT = strawberry.enum_value("PUBLISHED_AT", description="Publication time.")


@strawberry.input(description="Ordering of policies.")
class PolicyOrder:
    """A policy ordering."""

    field: PolicyOrderField = strawberry.field(description="What to order by.")
    direction: OrderDirection = strawberry.field(
        default=OrderDirection.DESC, description="Direction."
    )
