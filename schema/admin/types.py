"""API tokens as administrators see them (never their secrets)."""

from __future__ import annotations

import datetime

import strawberry

from portal.database.models import ApiToken as TokenRow
from schema.enums import Role
from schema.relay import to_global_id


@strawberry.type(
    description="An API token. Its secret is shown once, by tokenCreate, and never stored."
)
class ApiToken:
    """A token."""

    id: strawberry.ID = strawberry.field(description="Global ID of the token.")
    name: str = strawberry.field(description="What the token is for.")
    role: Role = strawberry.field(description="Role the token grants.")
    prefix: str = strawberry.field(description="First characters of the secret, to recognise it.")
    institution_id: strawberry.ID | None = strawberry.field(
        description="Global ID of the institution an INSTITUTION token acts for."
    )
    department_id: strawberry.ID | None = strawberry.field(
        description="Global ID of the department a GOVERNMENT token acts for."
    )
    created_at: datetime.datetime = strawberry.field(description="When it was issued.")
    revoked_at: datetime.datetime | None = strawberry.field(
        description="When it was revoked; null while it is live."
    )

    @classmethod
    def from_model(cls, row: TokenRow) -> ApiToken:
        """Wrap a token row."""
        inst, dept = row.institution_id, row.department_id  # type: ignore[attr-defined]
        return cls(
            id=to_global_id("ApiToken", row.id),
            name=row.name,
            role=row.role,
            prefix=row.prefix,
            institution_id=to_global_id("Institution", inst) if inst else None,
            department_id=to_global_id("Department", dept) if dept else None,
            created_at=row.created_at,
            revoked_at=row.revoked_at,
        )
