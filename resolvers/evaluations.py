"""Reading evaluations; keeping a project's copy of its current evaluation in step."""

from __future__ import annotations

from datetime import date, datetime

from tortoise.expressions import Q, Subquery

from portal.auth import Identity
from portal.database.models import Evaluation, Institution, Project
from portal.vocabulary import DISCLOSED_EVALUATION_STATUSES, EvaluationStatus, RiskRating
from resolvers.errors import InvalidArgument
from resolvers.filters import (
    Filter,
    checked_range,
    combine,
    in_q,
    level_bounds,
    money_bounds,
    range_q,
)
from resolvers.pagination import Page, PageRequest, SortKey, make_ordering, paginate
from resolvers.scales import top_level_for
from resolvers.visibility import sees_drafts, visible_evaluations

EVALUATION_SORT_KEYS: dict[str, SortKey | None] = {
    "ID": None,
    "EVALUATION_DATE": SortKey("evaluated_on", date),
    "PUBLISHED_AT": SortKey("published_at", datetime),
    "MATURITY": SortKey("maturity_number", int),
    "MARKET_VALUE": SortKey("value_high_fen", int),
}


def evaluation_q(spec: Filter | None, top: int, drafts: bool = False, path: str = "filter") -> Q:
    """The SQL condition for an evaluation filter; `drafts` when the caller may see some."""

    def leaf(f: Filter, p: str) -> list[Q]:
        statuses = f.get("status")
        if statuses and not drafts and not set(statuses) <= set(DISCLOSED_EVALUATION_STATUSES):
            raise InvalidArgument(
                f"{p}.status", "only PUBLISHED, SUPERSEDED and REVOKED are public"
            )
        parts = in_q("status", statuses)
        parts += in_q("project_id", f.get("project_id")) + in_q(
            "institution_id", f.get("institution_id")
        )
        if f.get("institution_kind"):
            of_kind = Institution.filter(kind__in=f["institution_kind"]).values("id")
            parts.append(Q(institution_id__in=Subquery(of_kind)))
        project_q = (
            in_q("field", f.get("field"))
            + in_q("city", f.get("city"))
            + in_q("stage", f.get("stage"))
        )
        if project_q:
            parts.append(Q(project_id__in=Subquery(Project.filter(*project_q).values("id"))))
        parts += in_q("advancement_grade", f.get("advancement_grade"))
        parts += range_q("maturity_number", level_bounds(f, "maturity_level", p, top))
        if f.get("worst_acceptable_risk") is not None:
            worst = RiskRating(f["worst_acceptable_risk"]).rank
            parts += in_q("risk_rating", [r for r in RiskRating if r.rank <= worst])
        value = money_bounds(f, "market_value", p)
        if value is not None:
            parts += range_q("value_low_fen", (value[0], None)) + range_q(
                "value_high_fen", (None, value[1])
            )
        parts += range_q("evaluated_on", checked_range(f, "evaluation_date", p))
        return parts

    return combine(spec, path, leaf)


async def list_evaluations(
    identity: Identity, spec: Filter | None, order: str, descending: bool, page: PageRequest
) -> Page[Evaluation]:
    """One page of the evaluations `identity` may see that match `spec`."""
    condition = evaluation_q(spec, await top_level_for(spec), sees_drafts(identity))
    ordering = make_ordering(EVALUATION_SORT_KEYS, order, descending)
    visible = Evaluation.filter(visible_evaluations(identity)).filter(condition)
    return await paginate(visible, ordering, page)


async def list_institution_evaluations(institution_id: int, page: PageRequest) -> Page[Evaluation]:
    """One page of an institution's disclosed evaluations, newest publication first."""
    ordering = make_ordering(EVALUATION_SORT_KEYS, "PUBLISHED_AT", True)
    visible = Evaluation.filter(
        institution_id=institution_id, status__in=DISCLOSED_EVALUATION_STATUSES
    )
    return await paginate(visible, ordering, page)


async def refresh_latest_evaluation(project_id: int) -> None:
    """Copy a project's current PUBLISHED evaluation (or nothing) into its `latest_*` columns.

    Call inside the transaction that changed an evaluation's status.
    """
    current = (
        await Evaluation.filter(project_id=project_id, status=EvaluationStatus.PUBLISHED)
        .order_by("-version")
        .first()
    )
    await Project.filter(id=project_id).update(
        latest_evaluation_id=current.id if current else None,
        latest_maturity=current.maturity_number if current else None,
        latest_risk_rank=RiskRating(current.risk_rating).rank if current else None,
        latest_value_low_fen=current.value_low_fen if current else None,
        latest_value_high_fen=current.value_high_fen if current else None,
        latest_evaluated_on=current.evaluated_on if current else None,
    )
