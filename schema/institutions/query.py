"""Queries over institutions."""

from __future__ import annotations

from typing import Annotated

import strawberry

from resolvers import institutions
from schema.enums import OrderDirection
from schema.institutions.inputs import InstitutionFilter, InstitutionOrder, InstitutionOrderField
from schema.institutions.types import Institution
from schema.relay import After, Before, Connection, First, Last, as_filter, connection, page_request

DEFAULT_ORDER = InstitutionOrder(field=InstitutionOrderField.NAME, direction=OrderDirection.ASC)


@strawberry.type
class InstitutionQuery:
    """Institution queries."""

    @strawberry.field(
        description="Evaluation institutions, filtered, ordered and paged with keyset cursors."
    )
    async def institutions(
        self,
        filter: Annotated[
            InstitutionFilter | None,
            strawberry.argument(description="Conditions the institutions must meet."),
        ] = None,
        order_by: Annotated[
            InstitutionOrder | None,
            strawberry.argument(description="Ordering; by name when omitted."),
        ] = None,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[Institution]:
        """List institutions."""
        order = order_by or DEFAULT_ORDER
        page = await institutions.list_institutions(
            as_filter(filter),
            order.field.name,
            order.direction is OrderDirection.DESC,
            page_request(first, after, last, before),
        )
        return connection(page, Institution.from_model)
