"""Queries over institutions."""

from __future__ import annotations

import strawberry

from resolvers.institutions import institution_filters
from schema.institutions.inputs import InstitutionFilter, InstitutionOrder
from schema.institutions.types import Institution
from schema.plan.declare import root_page
from schema.relay import Connection


@strawberry.type
class InstitutionQuery:
    """Institution queries."""

    institutions: Connection[Institution] = root_page(
        description="Evaluation institutions, filtered, ordered and paged with keyset cursors.",
        ordering=("NAME", False),
        filters=institution_filters,
        arguments={
            "filter": (InstitutionFilter | None, "Conditions the institutions must meet."),
            "order_by": (InstitutionOrder | None, "Ordering; by name when omitted."),
        },
    )
