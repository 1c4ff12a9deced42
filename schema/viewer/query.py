"""The `viewer` query: who the caller is and what it may do."""

from __future__ import annotations

from typing import Any

import strawberry

from portal.auth import rules
from resolvers.reader import Reader
from schema.enums import Role
from schema.institutions.types import Institution
from schema.plan.declare import custom, to_one, value
from schema.policies.types import Department


@strawberry.type(description="The caller of this request and what it may do.")
class Viewer:
    """The caller."""

    role: Role | None = value("role", description="Role of the token used; null for the public.")
    token_name: str | None = value(
        "token_name", description="Name of the token used; null for the public."
    )
    permissions: list[str] = value(
        "permissions",
        description="Guarded operations the caller may perform (mutation and query names, e.g. policyCreate, auditLog).",
    )
    institution: Institution | None = to_one(
        "institution_id", description="The institution an INSTITUTION token acts for."
    )
    department: Department | None = to_one(
        "department_id", description="The department a GOVERNMENT token acts for."
    )


async def load_viewer(context: Any, _: Reader, __: dict[str, Any]) -> dict[str, Any]:
    """The caller as a plain value object."""
    identity = context.scope.identity
    return {
        "role": identity.role.value if identity.role else None,
        "token_name": None if identity.is_anonymous else identity.name,
        "permissions": rules.permitted_actions(identity),
        "institution_id": identity.institution_id,
        "department_id": identity.department_id,
    }


@strawberry.type
class ViewerQuery:
    """Identity queries."""

    viewer: Viewer = custom(
        load_viewer,
        description="Who the caller is (from the bearer token; the public without one) and what it may do.",
    )
