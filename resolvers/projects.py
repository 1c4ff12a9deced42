"""Projects as the read path sees them: the filter, orderings and search columns in SQL."""

from __future__ import annotations

from datetime import date

from portal.vocabulary import RiskRating
from resolvers.conditions import (
    Filter,
    checked_range,
    combine,
    in_range,
    level_bounds,
    money_bounds,
    one_of,
    search,
)
from resolvers.keyset import SortKey
from resolvers.scales import top_level_for
from resolvers.select import Scope
from resolvers.sql import Sql, param

PROJECT_SORT_KEYS: dict[str, SortKey | None] = {
    "ID": None,
    "TITLE": SortKey("title", str),
    "MATURITY": SortKey("latest_maturity", int, nullable=True, bits=16),
    "MARKET_VALUE": SortKey("latest_value_high_fen", int, nullable=True, bits=64),
    "EVALUATION_DATE": SortKey("latest_evaluated_on", date, nullable=True),
}

SEARCHED = ("title", "title_en", "summary", "summary_en", "keywords", "keywords_en")
"""Columns a project's text search looks in: each Chinese column and its English twin."""


async def project_filters(scope: Scope, alias: str, spec: Filter | None, path: str) -> list[Sql]:
    """The SQL conditions of a project filter over `project` aliased `alias`."""
    top = await top_level_for(spec)
    t = alias

    async def leaf(f: Filter, p: str) -> list[Sql]:
        parts = one_of(scope, f"{t}.city", f.get("city"))
        parts += one_of(scope, f"{t}.field", f.get("field"))
        parts += one_of(scope, f"{t}.stage", f.get("stage"))
        parts += one_of(scope, f"{t}.kind", f.get("kind"))
        if f.get("ownerLabel"):
            labels = scope.dialect.in_list("l.label", f["ownerLabel"])
            parts.append(
                Sql(
                    f"EXISTS (SELECT 1 FROM {scope.table('organization_label')} AS l "
                    f"WHERE l.organization_id = {t}.owner_id AND ",
                    labels,
                    ")",
                )
            )
        parts += in_range(f"{t}.latest_maturity", level_bounds(f, "maturityLevel", p, top))
        if f.get("worstAcceptableRisk") is not None:
            rank = RiskRating(f["worstAcceptableRisk"]).rank
            parts.append(Sql(f"{t}.latest_risk_rank <= ", param(rank)))
        value = money_bounds(f, "marketValue", p)
        if value is not None:
            parts += in_range(f"{t}.latest_value_low_fen", (value[0], None))
            parts += in_range(f"{t}.latest_value_high_fen", (None, value[1]))
        parts += in_range(f"{t}.latest_evaluated_on", checked_range(f, "evaluationDate", p))
        if f.get("institutionKind"):
            kinds = scope.dialect.in_list("i.kind", f["institutionKind"])
            parts.append(
                Sql(
                    f"EXISTS (SELECT 1 FROM {scope.table('evaluation')} AS e "
                    f"JOIN {scope.table('institution')} AS i ON i.id = e.institution_id "
                    f"WHERE e.id = {t}.latest_evaluation_id AND ",
                    kinds,
                    ")",
                )
            )
        if f.get("hasPublishedEvaluation") is not None:
            null = "IS NOT NULL" if f["hasPublishedEvaluation"] else "IS NULL"
            parts.append(Sql(f"{t}.latest_evaluation_id {null}"))
        parts += search(scope, f.get("search"), [f"{t}.{c}" for c in SEARCHED], p)
        return parts

    return await combine(spec, path, leaf)
