"""Reading the audit trail."""

from __future__ import annotations

from portal.database.models import AuditEntry
from resolvers.pagination import Page, PageRequest, make_ordering, paginate


async def list_audit(page: PageRequest) -> Page[AuditEntry]:
    """One page of audit entries, newest first."""
    return await paginate(AuditEntry.all(), make_ordering({"ID": None}, "ID", True), page)
