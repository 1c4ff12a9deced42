"""The Kilometer GraphQL schema."""

from __future__ import annotations

import logging

import strawberry
from graphql import GraphQLError
from strawberry.extensions import MaskErrors, MaxTokensLimiter, ParserCache
from strawberry.schema.config import StrawberryConfig
from strawberry.types import ExecutionContext

from schema.errors import MASKED_MESSAGE, should_mask
from schema.limits import CostLimiter, RejectNulCharacters
from schema.plan.engine import PlanningExecutor
from schema.root import Mutation, Query
from schema.summary.types import TotalAggregate
from schema.validation import MAX_TOKENS, ValidateOnce

MAX_OPERATIONS_PER_BATCH = 10

log = logging.getLogger("kilometer.errors")


class KilometerSchema(strawberry.Schema):
    """Strawberry's schema, logging only unexpected errors: clients' mistakes are not incidents."""

    def process_errors(
        self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None
    ) -> None:
        """Log errors that will be masked, with the request ID the client also receives."""
        for error in errors:
            if should_mask(error):
                context = execution_context.context if execution_context else None
                request_id = (
                    getattr(getattr(context, "request", None), "scope", {})
                    .get("state", {})
                    .get("request_id")
                )
                log.error(
                    "request %s: %s", request_id, error.message, exc_info=error.original_error
                )


schema = KilometerSchema(
    query=Query,
    mutation=Mutation,
    types=[TotalAggregate],
    config=StrawberryConfig(batching_config={"max_operations": MAX_OPERATIONS_PER_BATCH}),
    execution_context_class=PlanningExecutor,
    extensions=[
        lambda: MaxTokensLimiter(max_token_count=MAX_TOKENS),
        lambda: ParserCache(maxsize=512),
        ValidateOnce,
        RejectNulCharacters,
        CostLimiter,
        lambda: MaskErrors(should_mask_error=should_mask, error_message=MASKED_MESSAGE),
    ],
)
