"""The `viewer` query: who the caller is and what it may do."""

from __future__ import annotations

import strawberry

from portal.auth import rules
from schema.context import Info
from schema.enums import Role
from schema.institutions.types import Institution
from schema.policies.types import Department


@strawberry.type(description="The caller of this request and what it may do.")
class Viewer:
    """The caller."""

    role: Role | None = strawberry.field(description="Role of the token used; null for the public.")
    token_name: str | None = strawberry.field(
        description="Name of the token used; null for the public."
    )
    permissions: list[str] = strawberry.field(
        description="Guarded operations the caller may perform (mutation and query names, e.g. policyCreate, auditLog)."
    )
    institution: Institution | None = strawberry.field(
        description="The institution an INSTITUTION token acts for."
    )
    department: Department | None = strawberry.field(
        description="The department a GOVERNMENT token acts for."
    )


@strawberry.type
class ViewerQuery:
    """Identity queries."""

    @strawberry.field(
        description="Who the caller is (from the bearer token; the public without one) and what it may do."
    )
    async def viewer(self, info: Info) -> Viewer:
        """Describe the caller."""
        identity = info.context.identity
        loaders = info.context.loaders
        institution = department = None
        if identity.institution_id is not None:
            row = await loaders.institution_by_id.load(identity.institution_id)
            institution = Institution.from_model(row) if row else None
        if identity.department_id is not None:
            dept = await loaders.department_by_id.load(identity.department_id)
            department = Department.from_model(dept) if dept else None
        return Viewer(
            role=identity.role,
            token_name=None if identity.is_anonymous else identity.name,
            permissions=rules.permitted_actions(identity),
            institution=institution,
            department=department,
        )
