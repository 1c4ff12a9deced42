"""Reading projects: filtering, ordering and paging them in SQL."""

from __future__ import annotations

from datetime import date

from tortoise.expressions import Q, Subquery

from portal.database.models import Evaluation, OrganizationLabelGrant, Project
from portal.vocabulary import RiskRating
from resolvers.filters import (
    Filter,
    checked_range,
    combine,
    in_q,
    level_bounds,
    money_bounds,
    range_q,
    search_q,
)
from resolvers.pagination import Page, PageRequest, SortKey, make_ordering, paginate
from resolvers.scales import top_level_for

PROJECT_SORT_KEYS: dict[str, SortKey | None] = {
    "ID": None,
    "TITLE": SortKey("title", str),
    "MATURITY": SortKey("latest_maturity", int, nullable=True),
    "MARKET_VALUE": SortKey("latest_value_high_fen", int, nullable=True),
    "EVALUATION_DATE": SortKey("latest_evaluated_on", date, nullable=True),
}


def project_q(spec: Filter | None, top: int, path: str = "filter") -> Q:
    """The SQL condition for a project filter; `top` is the highest level of the scale."""

    def leaf(f: Filter, p: str) -> list[Q]:
        parts = in_q("city", f.get("city")) + in_q("field", f.get("field"))
        parts += in_q("stage", f.get("stage")) + in_q("kind", f.get("kind"))
        if f.get("owner_id") is not None:
            parts.append(Q(owner_id=f["owner_id"]))
        if f.get("owner_label"):
            owners = OrganizationLabelGrant.filter(label__in=f["owner_label"])
            parts.append(Q(owner_id__in=Subquery(owners.values("organization_id"))))
        parts += range_q("latest_maturity", level_bounds(f, "maturity_level", p, top))
        if f.get("worst_acceptable_risk") is not None:
            parts.append(Q(latest_risk_rank__lte=RiskRating(f["worst_acceptable_risk"]).rank))
        value = money_bounds(f, "market_value", p)
        if value is not None:
            parts += range_q("latest_value_low_fen", (value[0], None))
            parts += range_q("latest_value_high_fen", (None, value[1]))
        parts += range_q("latest_evaluated_on", checked_range(f, "evaluation_date", p))
        if f.get("institution_kind"):
            made_by = Evaluation.filter(institution__kind__in=f["institution_kind"])
            parts.append(Q(latest_evaluation_id__in=Subquery(made_by.values("id"))))
        if f.get("has_published_evaluation") is not None:
            parts.append(Q(latest_evaluation_id__isnull=not f["has_published_evaluation"]))
        parts += search_q(f.get("search"), ("title", "summary", "keywords"), p)
        return parts

    return combine(spec, path, leaf)


async def filtered_projects(spec: Filter | None) -> Q:
    """Check a filter against the scale and build its condition."""
    return project_q(spec, await top_level_for(spec))


async def list_projects(
    spec: Filter | None, order: str, descending: bool, page: PageRequest
) -> Page[Project]:
    """One page of projects matching `spec` under the named ordering."""
    condition = await filtered_projects(spec)
    ordering = make_ordering(PROJECT_SORT_KEYS, order, descending)
    return await paginate(Project.filter(condition), ordering, page)
