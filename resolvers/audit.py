"""Reading the audit trail."""

from __future__ import annotations

from tortoise.expressions import Q

from portal.auth import Identity
from portal.database.models import AuditEntry
from portal.vocabulary import Role
from resolvers.pagination import Page, PageRequest, make_ordering, paginate


def visible_audit(identity: Identity) -> Q:
    """Entries `identity` may read, as one SQL condition (see `rules.sees_audit_entry`)."""
    if identity.role is Role.ADMIN:
        return Q()
    if identity.role is Role.GOVERNMENT:
        return Q(public=True) | Q(department_id=identity.department_id)
    if identity.role is Role.INSTITUTION:
        return Q(public=True) | Q(institution_id=identity.institution_id)
    return Q(public=True)


async def list_audit(identity: Identity, page: PageRequest) -> Page[AuditEntry]:
    """One page of the audit entries `identity` may read, newest first."""
    return await paginate(
        AuditEntry.filter(visible_audit(identity)), make_ordering({"ID": None}, "ID", True), page
    )
