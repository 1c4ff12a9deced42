"""The Kilometer GraphQL schema."""

from __future__ import annotations

import strawberry
from strawberry.extensions import MaskErrors

from schema.errors import should_mask
from schema.root import Query
from schema.summary.types import TotalAggregate

schema = strawberry.Schema(
    query=Query,
    types=[TotalAggregate],
    extensions=[lambda: MaskErrors(should_mask_error=should_mask, error_message="Internal server error")],
)
