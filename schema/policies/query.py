"""Queries over support policies."""

from __future__ import annotations

from typing import Annotated

import strawberry

from resolvers import policies
from schema.context import Info
from schema.enums import OrderDirection
from schema.policies.inputs import PolicyFilter, PolicyOrder, PolicyOrderField
from schema.policies.types import Policy
from schema.relay import After, Before, Connection, First, Last, as_filter, connection, page_request

DEFAULT_ORDER = PolicyOrder(field=PolicyOrderField.PUBLISHED_AT, direction=OrderDirection.DESC)


@strawberry.type
class PolicyQuery:
    """Policy queries."""

    @strawberry.field(
        description="Support policies the caller may see (published and closed ones for everyone, plus a department's own drafts and withdrawn ones for that department, all for administrators), current versions unless asked otherwise, filtered, ordered and paged with keyset cursors."
    )
    async def policies(
        self,
        info: Info,
        filter: Annotated[
            PolicyFilter | None,
            strawberry.argument(description="Conditions the policies must meet."),
        ] = None,
        order_by: Annotated[
            PolicyOrder | None,
            strawberry.argument(
                description="Ordering; most recently published first when omitted."
            ),
        ] = None,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[Policy]:
        """List policies."""
        order = order_by or DEFAULT_ORDER
        page = await policies.list_policies(
            info.context.identity,
            as_filter(filter),
            order.field.name,
            order.direction is OrderDirection.DESC,
            page_request(first, after, last, before),
        )
        return connection(page, Policy.from_model)
