"""Reading evaluations; keeping a project's copy of its current evaluation in step."""

from __future__ import annotations

from datetime import date, datetime

from portal.database.models import Evaluation, Project
from portal.vocabulary import DISCLOSED_EVALUATION_STATUSES, EvaluationStatus, RiskRating
from resolvers.conditions import (
    Filter,
    checked_range,
    combine,
    in_range,
    level_bounds,
    money_bounds,
    one_of,
)
from resolvers.errors import InvalidArgument
from resolvers.keyset import SortKey
from resolvers.scales import top_level_for
from resolvers.select import Scope, bounded_int
from resolvers.sql import Sql, all_of
from resolvers.visibility import sees_drafts

EVALUATION_SORT_KEYS: dict[str, SortKey | None] = {
    "ID": None,
    "EVALUATION_DATE": SortKey("evaluated_on", date),
    "PUBLISHED_AT": SortKey("published_at", datetime, nullable=True),
    "MATURITY": SortKey("maturity_number", int, bits=16),
    "MARKET_VALUE": SortKey("value_high_fen", int, bits=64),
}

ID_FILTERS = {
    "project": ("Project", "project_id"),
    "institution": ("Institution", "institution_id"),
}
"""Filter fields taking global IDs: the type they must name and the column they restrict."""


async def evaluation_filters(scope: Scope, alias: str, spec: Filter | None, path: str) -> list[Sql]:
    """The SQL conditions of an evaluation filter over `evaluation` aliased `alias`."""
    from schema.relay import pk_of  # decoding global IDs is the API's convention

    top = await top_level_for(spec)
    drafts = sees_drafts(scope.identity)
    t = alias

    async def leaf(f: Filter, p: str) -> list[Sql]:
        statuses = f.get("status")
        if statuses and not drafts and not set(statuses) <= set(DISCLOSED_EVALUATION_STATUSES):
            raise InvalidArgument(
                f"{p}.status", "only PUBLISHED, SUPERSEDED and REVOKED are public"
            )
        parts = one_of(scope, f"{t}.status", statuses)
        for name, (type_name, column) in ID_FILTERS.items():
            ids = f.get(name)
            if ids:
                pks = [pk_of(i, type_name, f"{p}.{name}") for i in ids]
                parts += one_of(scope, f"{t}.{column}", [k for k in pks if bounded_int(k)] or [0])
        if f.get("institutionKind"):
            kinds = scope.dialect.in_list("i.kind", f["institutionKind"])
            parts.append(
                Sql(
                    f"{t}.institution_id IN (SELECT i.id FROM {scope.table('institution')} AS i "
                    "WHERE ",
                    kinds,
                    ")",
                )
            )
        of_project = one_of(scope, "pr.field", f.get("field"))
        of_project += one_of(scope, "pr.city", f.get("city"))
        of_project += one_of(scope, "pr.stage", f.get("stage"))
        project_condition = all_of(of_project)
        if project_condition is not None:
            parts.append(
                Sql(
                    f"{t}.project_id IN (SELECT pr.id FROM {scope.table('project')} AS pr WHERE ",
                    project_condition,
                    ")",
                )
            )
        parts += one_of(scope, f"{t}.advancement_grade", f.get("advancementGrade"))
        parts += in_range(f"{t}.maturity_number", level_bounds(f, "maturityLevel", p, top))
        if f.get("worstAcceptableRisk") is not None:
            worst = RiskRating(f["worstAcceptableRisk"]).rank
            parts += one_of(
                scope, f"{t}.risk_rating", [r.value for r in RiskRating if r.rank <= worst]
            )
        value = money_bounds(f, "marketValue", p)
        if value is not None:
            parts += in_range(f"{t}.value_low_fen", (value[0], None))
            parts += in_range(f"{t}.value_high_fen", (None, value[1]))
        parts += in_range(f"{t}.evaluated_on", checked_range(f, "evaluationDate", p))
        return parts

    return await combine(spec, path, leaf)


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
