"""Queries over evaluations."""

from __future__ import annotations

from typing import Annotated, Any

import strawberry

from resolvers import evaluations
from schema.context import Info
from schema.enums import OrderDirection
from schema.evaluations.inputs import EvaluationFilter, EvaluationOrder, EvaluationOrderField
from schema.evaluations.types import Evaluation
from schema.relay import (
    After,
    Before,
    Connection,
    First,
    Last,
    as_filter,
    connection,
    page_request,
    pk_of,
)

DEFAULT_ORDER = EvaluationOrder(
    field=EvaluationOrderField.PUBLISHED_AT, direction=OrderDirection.DESC
)
ID_FIELDS = {"project": ("Project", "project_id"), "institution": ("Institution", "institution_id")}


def decode_ids(spec: dict[str, Any] | None, path: str = "filter") -> dict[str, Any] | None:
    """Replace global IDs in an evaluation filter by primary keys, recursively."""
    if spec is None:
        return None
    out = dict(spec)
    for name, (type_name, column) in ID_FIELDS.items():
        ids = out.pop(name, None)
        if ids:
            out[column] = [pk_of(i, type_name, f"{path}.{name}") for i in ids]
    for combinator, label in (("and_", "and"), ("or_", "or")):
        if out.get(combinator):
            out[combinator] = [
                decode_ids(s, f"{path}.{label}[{n}]") for n, s in enumerate(out[combinator])
            ]
    return out


@strawberry.type
class EvaluationQuery:
    """Evaluation queries."""

    @strawberry.field(
        description="Evaluations the caller may see, filtered, ordered and paged with keyset cursors: disclosed ones (published, superseded, revoked) for everyone, plus an institution's own drafts for that institution and all of them for administrators."
    )
    async def evaluations(
        self,
        info: Info,
        filter: Annotated[
            EvaluationFilter | None,
            strawberry.argument(description="Conditions the evaluations must meet."),
        ] = None,
        order_by: Annotated[
            EvaluationOrder | None,
            strawberry.argument(
                description="Ordering; most recently published first when omitted."
            ),
        ] = None,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[Evaluation]:
        """List evaluations."""
        order = order_by or DEFAULT_ORDER
        page = await evaluations.list_evaluations(
            info.context.identity,
            decode_ids(as_filter(filter)),
            order.field.name,
            order.direction is OrderDirection.DESC,
            page_request(first, after, last, before),
        )
        return connection(page, Evaluation.from_model)
