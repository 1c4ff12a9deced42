"""Reading the audit trail: who may read which entries, as SQL."""

from __future__ import annotations

from portal.vocabulary import Role
from resolvers.select import Scope
from resolvers.sql import Sql, param


def audit_rows(scope: Scope, alias: str) -> Sql | None:
    """Entries the caller may read, as one SQL condition (see `rules.sees_audit_entry`)."""
    identity = scope.identity
    if identity.role is Role.ADMIN:
        return None
    if identity.role is Role.GOVERNMENT:
        return Sql(
            f"({alias}.public OR {alias}.department_id = ", param(identity.department_id), ")"
        )
    if identity.role is Role.INSTITUTION:
        return Sql(
            f"({alias}.public OR {alias}.institution_id = ", param(identity.institution_id), ")"
        )
    return Sql(f"{alias}.public")
