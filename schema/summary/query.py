"""The chain summary query."""

from __future__ import annotations

from typing import Annotated

import strawberry

from resolvers.summary import chain_summary
from schema.projects.inputs import ProjectFilter
from schema.relay import as_filter
from schema.summary.types import ChainSummary, summary_from


@strawberry.type
class SummaryQuery:
    """Aggregate queries."""

    @strawberry.field(
        description="Counts of projects and sums of current market value (low and high) by stage, maturity level, city and field, for the projects matching the filter."
    )
    async def chain_summary(
        self,
        filter: Annotated[
            ProjectFilter | None,
            strawberry.argument(description="Conditions the projects counted must meet."),
        ] = None,
    ) -> ChainSummary:
        """Summarise the chain."""
        return summary_from(await chain_summary(as_filter(filter)))
