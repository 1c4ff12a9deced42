"""Extensions that refuse abusive operations before they run, and charge the rest.

Checks on the raw document (size, names, nesting) run in the view before parsing
(`schema.document_limits`); the selection checks run between parsing and validation;
page sizes, cost and the rate budget are checked after validation, before execution.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionSetNode,
    StringValueNode,
    Visitor,
    visit,
)
from graphql import ExecutionResult as GraphQLExecutionResult
from strawberry.extensions import SchemaExtension

from resolvers.ratelimit import Budget, RateLimiter
from schema.context import Context
from schema.cost import operation_cost, page_size_problem, variable_values

MAX_REPEATED_FIELD = 10
"""Fields one response path may merge (repeats, fragments and inline fragments together)."""
MAX_SELECTIONS = 5_000
"""Selections a document may have once its fragments are expanded where they are spread."""
MAX_CHECKED_DEPTH = 16
"""Below this, the depth limit (12) refuses the document anyway."""


@dataclass(frozen=True)
class RateState:
    """Whose budget a request spends, set by the view when the request arrives."""

    limiter: RateLimiter
    caller: str
    limit: int


def rate_state(context: Context) -> RateState | None:
    """The request's rate state (None outside the HTTP view)."""
    state: RateState | None = context.request.scope.get("state", {}).get("rate")
    return state


def refusal(message: str, extensions: dict[str, Any], original: Exception | None = None) -> Any:
    """A result holding one error, for an operation refused before it ran."""
    error = GraphQLError(message, extensions=extensions, original_error=original)
    return GraphQLExecutionResult(data=None, errors=[error])


class CostLimiter(SchemaExtension):
    """Refuses out-of-range page sizes, operations above the maximum cost, and callers above
    their rate budget; charges admitted operations their cost.

    Every response carries `extensions.cost`, and `RateLimit-*` headers tell the caller its
    budget; a refused burst gets HTTP 429 with `Retry-After`. A refused operation is not
    charged its cost (the request's base cost was charged when it arrived).
    """

    cost: int = 0
    budget: Budget | None = None

    async def on_execute(self) -> Iterator[None]:  # type: ignore[override]
        ctx = self.execution_context
        context: Context = ctx.context
        settings = context.settings
        document = ctx.graphql_document
        if document is None:
            yield
            return
        variables = variable_values(document, ctx.operation_name, ctx.variables)
        problem = page_size_problem(document, variables)
        if problem is not None:
            ctx.result = refusal(
                str(problem), {"code": "BAD_USER_INPUT", "argument": problem.argument}, problem
            )
            yield
            return
        self.cost = operation_cost(ctx.schema._schema, document, ctx.operation_name, variables)
        if self.cost > settings.max_query_cost:
            ctx.result = refusal(
                f"Query cost {self.cost} exceeds the maximum of {settings.max_query_cost}; ask for smaller pages or fewer nested connections",
                {"code": "QUERY_TOO_COSTLY", "cost": self.cost, "maximum": settings.max_query_cost},
            )
            yield
            return
        rate = rate_state(context)
        if rate is not None:
            self.budget = await rate.limiter.admit(rate.caller, self.cost, rate.limit)
            if not self.budget.admitted:
                ctx.result = refusal(
                    rate_limited_message(self.budget),
                    {"code": "RATE_LIMITED", "retryAfter": self.budget.reset_after},
                )
            if context.response is not None:
                headers = context.response.headers
                for name, value in rate_limit_headers(self.budget).items():
                    headers[name] = value
                if not self.budget.admitted:
                    context.response.status_code = 429
        yield

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


def rate_limited_message(budget: Budget) -> str:
    """What a refused caller reads."""
    return f"Rate limit exceeded: {budget.spent} of {budget.limit} cost points used in this window; retry in {budget.reset_after} s"


def rate_limit_headers(budget: Budget) -> dict[str, str]:
    """`RateLimit-*` headers (and `Retry-After` when refused) for a budget."""
    headers = {
        "RateLimit-Limit": str(budget.limit),
        "RateLimit-Remaining": str(budget.remaining),
        "RateLimit-Reset": str(budget.reset_after),
    }
    if not budget.admitted:
        headers["Retry-After"] = str(budget.reset_after)
    return headers


class SelectionLimiter(SchemaExtension):
    """Refuses, between parsing and validation, a document whose fields would make validation
    slow: one response path selected too often, or too many selections once fragments are
    expanded."""

    def on_validate(self) -> Iterator[None]:
        document = self.execution_context.graphql_document
        if document is not None and (problem := selection_problem(document)) is not None:
            self.execution_context.pre_execution_errors = [
                GraphQLError(problem, extensions={"code": "GRAPHQL_VALIDATION_FAILED"})
            ]
        yield


class _TooComplex(Exception):
    pass


def selection_problem(document: DocumentNode) -> str | None:
    """Why the document selects too much, or None.

    Fields are merged by response name as execution merges them (inline fragments and
    fragment spreads expanded), and each merged group is checked: validation compares the
    fields of a group pairwise, and their sub-selections again, so its cost grows with the
    square of a group's size, level after level.
    """
    fragments = {
        d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
    }
    visits = 0

    def collect(
        selection_set: SelectionSetNode | None, into: dict[str, list[FieldNode]], seen: set[str]
    ) -> None:
        nonlocal visits
        for node in selection_set.selections if selection_set else ():
            visits += 1
            if visits > MAX_SELECTIONS:
                raise _TooComplex(
                    f"The document has more than {MAX_SELECTIONS} selections once fragments are expanded"
                )
            if isinstance(node, FieldNode):
                into.setdefault((node.alias or node.name).value, []).append(node)
            elif isinstance(node, InlineFragmentNode):
                collect(node.selection_set, into, seen)
            elif isinstance(node, FragmentSpreadNode) and node.name.value not in seen:
                seen.add(node.name.value)
                fragment = fragments.get(node.name.value)
                collect(fragment.selection_set if fragment else None, into, seen)

    def check(selection_sets: list[SelectionSetNode | None], depth: int) -> None:
        groups: dict[str, list[FieldNode]] = {}
        for selection_set in selection_sets:
            collect(selection_set, groups, set())
        for name, fields in groups.items():
            if len(fields) > MAX_REPEATED_FIELD:
                raise _TooComplex(
                    f"Field '{name}' is selected {len(fields)} times at one place; at most {MAX_REPEATED_FIELD} are allowed"
                )
            if depth < MAX_CHECKED_DEPTH:
                check([f.selection_set for f in fields if f.selection_set], depth + 1)

    try:
        for definition in document.definitions:
            if isinstance(definition, OperationDefinitionNode):
                check([definition.selection_set], 0)
    except _TooComplex as refused:
        return str(refused)
    return None


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
            ctx.result = refusal(
                "Text may not contain NUL (U+0000) characters", {"code": "BAD_USER_INPUT"}
            )
        yield


class _StringCollector(Visitor):
    def __init__(self, into: list[str]) -> None:
        super().__init__()
        self.into = into

    def enter_string_value(self, node: StringValueNode, *_: Any) -> None:
        self.into.append(node.value)
