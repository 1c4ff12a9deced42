"""The chain summary query."""

from __future__ import annotations

import strawberry

from schema.plan.declare import custom
from schema.projects.inputs import ProjectFilter
from schema.summary.types import ChainSummary, load_summary


@strawberry.type
class SummaryQuery:
    """Aggregate queries."""

    chain_summary: ChainSummary = custom(
        load_summary,
        description="Counts of projects and sums of current market value (low and high) by stage, maturity level, city and field, for the projects matching the filter.",
        arguments={"filter": (ProjectFilter | None, "Conditions the projects counted must meet.")},
    )
