"""Filter and ordering inputs for institutions."""

from __future__ import annotations

from enum import Enum

import strawberry

from schema.enums import City, CredentialStatus, InstitutionKind, OrderDirection, TechnologyField


@strawberry.input(
    description="Conditions on evaluation institutions; `and` and `or` combine nested filters."
)
class InstitutionFilter:
    """An institution filter."""

    kind: list[InstitutionKind] | None = strawberry.field(
        default=None, description="Institution is of one of these kinds."
    )
    city: list[City] | None = strawberry.field(
        default=None, description="Institution is seated in one of these cities."
    )
    credential_status: list[CredentialStatus] | None = strawberry.field(
        default=None,
        description="Institution holds a credential whose current status is one of these.",
    )
    field_in_scope: list[TechnologyField] | None = strawberry.field(
        default=None,
        description="Institution holds a credential whose scope includes one of these fields.",
    )
    and_: list[InstitutionFilter] | None = strawberry.field(
        default=None, name="and", description="Every one of these filters must also hold."
    )
    or_: list[InstitutionFilter] | None = strawberry.field(
        default=None, name="or", description="At least one of these filters must also hold."
    )


@strawberry.enum(description="What institutions can be ordered by; the id breaks ties.")
class InstitutionOrderField(Enum):
    """Institution orderings."""

    ID = strawberry.enum_value("ID", description="Registration order (the global id).")
    NAME = strawberry.enum_value("NAME", description="Name, in code-point order.")


@strawberry.input(description="Ordering of institutions.")
class InstitutionOrder:
    """An institution ordering."""

    field: InstitutionOrderField = strawberry.field(description="What to order by.")
    direction: OrderDirection = strawberry.field(
        default=OrderDirection.ASC, description="Direction."
    )
