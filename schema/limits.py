"""The extension that prices an operation before it runs and charges it to the caller's budget."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from graphql import ExecutionResult as GraphQLExecutionResult
from graphql import GraphQLError, StringValueNode, Visitor, visit
from strawberry.extensions import SchemaExtension

from resolvers.ratelimit import Budget, spend
from schema.context import Context
from schema.cost import operation_cost


def caller_key(context: Context) -> str:
    """Whose budget a request spends: its token, or its client address for the public."""
    identity = context.identity
    if identity.token_id is not None:
        return f"token:{identity.token_id}"
    client = context.request.client
    return f"ip:{client.host if client else 'unknown'}"


class CostLimiter(SchemaExtension):
    """Refuses operations above the maximum cost, and callers above their rate budget.

    Every response carries `extensions.cost`, and `RateLimit-*` headers tell the caller its
    budget; a refused burst gets HTTP 429 with `Retry-After`.
    """

    cost: int = 0
    budget: Budget | None = None

    async def on_execute(self) -> Iterator[None]:  # type: ignore[override]
        ctx = self.execution_context
        context: Context = ctx.context
        settings = context.settings
        if ctx.graphql_document is None:
            yield
            return
        self.cost = operation_cost(
            ctx.schema._schema, ctx.graphql_document, ctx.operation_name, ctx.variables
        )
        if self.cost > settings.max_query_cost:
            ctx.result = self._refuse(
                f"Query cost {self.cost} exceeds the maximum of {settings.max_query_cost}; ask for smaller pages or fewer nested connections",
                {"code": "QUERY_TOO_COSTLY", "cost": self.cost, "maximum": settings.max_query_cost},
            )
            yield
            return
        limit = (
            settings.rate_limit_public
            if context.identity.is_anonymous
            else settings.rate_limit_token
        )
        self.budget = await spend(
            caller_key(context), self.cost, limit, settings.rate_window_seconds
        )
        self._headers(context, self.budget)
        if self.budget.exceeded:
            ctx.result = self._refuse(
                f"Rate limit exceeded: {self.budget.spent} of {limit} cost points used in this window; retry in {self.budget.reset_after} s",
                {"code": "RATE_LIMITED", "retryAfter": self.budget.reset_after},
            )
            if context.response is not None:
                context.response.status_code = 429
                context.response.headers["Retry-After"] = str(self.budget.reset_after)
        yield

    @staticmethod
    def _refuse(message: str, extensions: dict[str, Any]) -> GraphQLExecutionResult:
        return GraphQLExecutionResult(
            data=None, errors=[GraphQLError(message, extensions=extensions)]
        )

    @staticmethod
    def _headers(context: Context, budget: Budget) -> None:
        if context.response is None:
            return
        context.response.headers["RateLimit-Limit"] = str(budget.limit)
        context.response.headers["RateLimit-Remaining"] = str(budget.remaining)
        context.response.headers["RateLimit-Reset"] = str(budget.reset_after)

    def get_results(self) -> dict[str, Any]:
        """Report the cost, and the budget left, in the response's `extensions`."""
        results: dict[str, Any] = {
            "cost": {
                "requested": self.cost,
                "maximum": self.execution_context.context.settings.max_query_cost,
            }
        }
        if self.budget is not None:
            results["rateLimit"] = {
                "limit": self.budget.limit,
                "remaining": self.budget.remaining,
                "resetAfterSeconds": self.budget.reset_after,
            }
        return results


def _has_nul(value: Any) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_has_nul(v) for v in value.values())
    if isinstance(value, list):
        return any(_has_nul(v) for v in value)
    return False


class RejectNulCharacters(SchemaExtension):
    """Refuses string arguments containing NUL, which PostgreSQL cannot store or compare.

    Checked before execution over the document's string literals and the variables, so the
    answer is a BAD_USER_INPUT error on both databases rather than a database failure.
    """

    async def on_execute(self) -> Iterator[None]:  # type: ignore[override]
        ctx = self.execution_context
        literals: list[str] = []
        if ctx.graphql_document is not None:
            visit(ctx.graphql_document, _StringCollector(literals))
        if _has_nul(ctx.variables) or _has_nul(literals):
            ctx.result = GraphQLExecutionResult(
                data=None,
                errors=[
                    GraphQLError(
                        "Text may not contain NUL (U+0000) characters",
                        extensions={"code": "BAD_USER_INPUT"},
                    )
                ],
            )
        yield


class _StringCollector(Visitor):
    def __init__(self, into: list[str]) -> None:
        super().__init__()
        self.into = into

    def enter_string_value(self, node: StringValueNode, *_: Any) -> None:
        self.into.append(node.value)
