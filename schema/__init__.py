"""The Kilometer GraphQL schema."""

from __future__ import annotations

import strawberry
from graphql import GraphQLError
from strawberry.extensions import MaskErrors
from strawberry.types import ExecutionContext
from strawberry.utils.logging import StrawberryLogger

from schema.errors import should_mask
from schema.root import Mutation, Query
from schema.summary.types import TotalAggregate


class KilometerSchema(strawberry.Schema):
    """Strawberry's schema, logging only unexpected errors: clients' mistakes are not incidents."""

    def process_errors(
        self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None
    ) -> None:
        """Log errors that will be masked; they are the ones operators must look at."""
        for error in errors:
            if should_mask(error):
                StrawberryLogger.error(error, execution_context)


schema = KilometerSchema(
    query=Query,
    mutation=Mutation,
    types=[TotalAggregate],
    extensions=[
        lambda: MaskErrors(should_mask_error=should_mask, error_message="Internal server error")
    ],
)
