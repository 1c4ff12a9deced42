"""Queries over evaluations."""

from __future__ import annotations

import strawberry

from resolvers.evaluations import evaluation_filters
from schema.evaluations.inputs import EvaluationFilter, EvaluationOrder
from schema.evaluations.types import Evaluation
from schema.plan.declare import root_page
from schema.relay import Connection


@strawberry.type
class EvaluationQuery:
    """Evaluation queries."""

    evaluations: Connection[Evaluation] = root_page(
        description="Evaluations the caller may see, filtered, ordered and paged with keyset cursors: disclosed ones (published, superseded, revoked) for everyone, plus an institution's own drafts for that institution and all of them for administrators.",
        ordering=("PUBLISHED_AT", True),
        filters=evaluation_filters,
        arguments={
            "filter": (EvaluationFilter | None, "Conditions the evaluations must meet."),
            "order_by": (
                EvaluationOrder | None,
                "Ordering; most recently published first when omitted.",
            ),
        },
    )
