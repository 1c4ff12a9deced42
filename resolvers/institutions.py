"""Reading evaluation institutions."""

from __future__ import annotations

from tortoise.expressions import Q, Subquery

from portal.database.models import Credential, CredentialField, Institution
from resolvers.filters import Filter, combine, in_q
from resolvers.pagination import Page, PageRequest, SortKey, make_ordering, paginate

INSTITUTION_SORT_KEYS: dict[str, SortKey | None] = {"ID": None, "NAME": SortKey("name", str)}


def institution_q(spec: Filter | None, path: str = "filter") -> Q:
    """The SQL condition for an institution filter."""

    def leaf(f: Filter, p: str) -> list[Q]:
        parts = in_q("kind", f.get("kind")) + in_q("city", f.get("city"))
        if f.get("credential_status"):
            holders = Credential.filter(status__in=f["credential_status"])
            parts.append(Q(id__in=Subquery(holders.values("institution_id"))))
        if f.get("field_in_scope"):
            scoped = CredentialField.filter(field__in=f["field_in_scope"])
            holders = Credential.filter(id__in=Subquery(scoped.values("credential_id")))
            parts.append(Q(id__in=Subquery(holders.values("institution_id"))))
        return parts

    return combine(spec, path, leaf)


async def list_institutions(
    spec: Filter | None, order: str, descending: bool, page: PageRequest
) -> Page[Institution]:
    """One page of institutions matching `spec`."""
    ordering = make_ordering(INSTITUTION_SORT_KEYS, order, descending)
    return await paginate(Institution.filter(institution_q(spec)), ordering, page)
