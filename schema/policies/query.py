"""Queries over support policies."""

from __future__ import annotations

import strawberry

from resolvers.policies import current_unless_filtered, policy_filters
from schema.plan.declare import root_page
from schema.policies.inputs import PolicyFilter, PolicyOrder
from schema.policies.types import Policy
from schema.relay import Connection


@strawberry.type
class PolicyQuery:
    """Policy queries."""

    policies: Connection[Policy] = root_page(
        description="Support policies the caller may see (published and closed ones for everyone, plus a department's own drafts and withdrawn ones for that department, all for administrators), current versions unless asked otherwise, filtered, ordered and paged with keyset cursors.",
        ordering=("PUBLISHED_AT", True),
        filters=policy_filters,
        base=current_unless_filtered,
        arguments={
            "filter": (PolicyFilter | None, "Conditions the policies must meet."),
            "order_by": (
                PolicyOrder | None,
                "Ordering; most recently published first when omitted.",
            ),
        },
    )
