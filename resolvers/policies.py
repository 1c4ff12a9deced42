"""Reading support policies: only published and closed ones are public."""

from __future__ import annotations

from datetime import date, datetime

from tortoise.expressions import Q

from portal.auth import Identity
from portal.database.models import Policy
from portal.vocabulary import PUBLIC_POLICY_STATUSES, PolicyStatus
from resolvers.errors import InvalidArgument
from resolvers.filters import Filter, combine, in_q, search_q
from resolvers.pagination import Page, PageRequest, SortKey, make_ordering, paginate
from resolvers.visibility import sees_drafts, visible_policies

POLICY_SORT_KEYS: dict[str, SortKey | None] = {
    "ID": None,
    "TITLE": SortKey("title", str),
    "OPENS_ON": SortKey("opens_on", date),
    "PUBLISHED_AT": SortKey("published_at", datetime),
}


def policy_q(spec: Filter | None, drafts: bool = False, path: str = "filter") -> Q:
    """The SQL condition for a policy filter; `drafts` when the caller may see some."""

    def leaf(f: Filter, p: str) -> list[Q]:
        statuses = f.get("status")
        if statuses and not drafts and not set(statuses) <= set(PUBLIC_POLICY_STATUSES):
            raise InvalidArgument(f"{p}.status", "only PUBLISHED and CLOSED policies are public")
        parts = in_q("status", statuses) + in_q("instrument", f.get("instrument"))
        parts += in_q("department__code", f.get("department"))
        day = f.get("open_on")
        if day is not None:
            parts += [
                Q(status=PolicyStatus.PUBLISHED),
                Q(opens_on__lte=day),
                Q(closes_on__isnull=True) | Q(closes_on__gte=day),
            ]
        if not f.get("include_amended_versions"):
            parts.append(Q(is_current=True))
        parts += search_q(f.get("search"), ("title", "summary"), p)
        return parts

    return combine(spec, path, leaf)


async def list_policies(
    identity: Identity, spec: Filter | None, order: str, descending: bool, page: PageRequest
) -> Page[Policy]:
    """One page of the policies `identity` may see matching `spec`; current versions by default."""
    ordering = make_ordering(POLICY_SORT_KEYS, order, descending)
    condition = policy_q(spec, sees_drafts(identity)) if spec else Q(is_current=True)
    visible = Policy.filter(visible_policies(identity)).filter(condition)
    return await paginate(visible, ordering, page)
