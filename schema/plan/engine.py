"""Where the planner meets execution: a plan cache, and the executor that uses it.

A query operation whose root fields are all declared is answered by its plan; graphql-core
still parses and validates the document (both cached) and coerces the variables, Strawberry's
extensions still run around it (cost, rate limit, error masking). Anything else (mutations,
introspection) runs field by field.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from graphql import (
    BooleanValueNode,
    DirectiveNode,
    GraphQLError,
    GraphQLSchema,
    OperationDefinitionNode,
    OperationType,
    VariableNode,
    Visitor,
    visit,
)
from graphql.execution.collect_fields import FieldDetails, FragmentDetails
from graphql.execution.values import VariableValues
from graphql.pyutils import Path
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext

from resolvers.reader import Reader, database
from schema.plan.compile import Compiler, Plan, Unplannable
from schema.plan.run import Run

CACHE_SIZE = 512


@dataclass(eq=False)
class Compiled:
    """A plan with the compiler that made it (nodes under `node` compile on demand)."""

    compiler: Compiler
    plan: Plan


class PlanCache:
    """Compiled plans by operation, language and @skip/@include values (an LRU)."""

    def __init__(self, size: int = CACHE_SIZE) -> None:
        self.size = size
        self._plans: OrderedDict[tuple[Any, ...], tuple[Any, Compiled | None]] = OrderedDict()
        self._conditions: dict[int, tuple[Any, tuple[str, ...]]] = {}

    def conditional_variables(
        self, operation: OperationDefinitionNode, fragments: dict[str, FragmentDetails]
    ) -> tuple[str, ...]:
        """Variables that @skip/@include read anywhere in the operation (cached)."""
        hit = self._conditions.get(id(operation))
        if hit is not None and hit[0] is operation:
            return hit[1]
        names: set[str] = set()
        collector = _ConditionVariables(names)
        visit(operation, collector)
        for details in fragments.values():
            visit(details.definition, collector)
        found = tuple(sorted(names))
        if len(self._conditions) > self.size:
            self._conditions.clear()
        self._conditions[id(operation)] = (operation, found)
        return found

    def get(
        self,
        schema: GraphQLSchema,
        owner: Any,
        operation: OperationDefinitionNode,
        fragments: dict[str, FragmentDetails],
        variables: VariableValues,
        grouped: Callable[[], dict[str, list[FieldDetails]]],
        language: str,
    ) -> Compiled | None:
        """The plan for this operation, compiled on first use; None when it cannot be planned.

        `owner` is the object whose identity keys the cache (the document, or its text) and is
        kept alive by the entry so the key is never reused.
        """
        conditions = self.conditional_variables(operation, fragments)
        signature = tuple(bool(variables.coerced.get(n)) for n in conditions)
        key = (id(owner), id(operation), language, signature)
        hit = self._plans.get(key)
        if hit is not None and hit[0] is owner:
            self._plans.move_to_end(key)
            return hit[1]
        compiler = Compiler(schema, fragments, variables, operation, language)
        try:
            compiled: Compiled | None = Compiled(compiler, compiler.root(grouped()))
        except Unplannable:
            compiled = None
        self._plans[key] = (owner, compiled)
        if len(self._plans) > self.size:
            self._plans.popitem(last=False)
        return compiled


class _ConditionVariables(Visitor):
    def __init__(self, into: set[str]) -> None:
        super().__init__()
        self.into = into

    def enter_directive(self, node: DirectiveNode, *_: Any) -> None:
        if node.name.value in ("skip", "include"):
            for argument in node.arguments or ():
                if isinstance(argument.value, VariableNode):
                    self.into.add(argument.value.name.value)
                elif not isinstance(argument.value, BooleanValueNode):
                    pass


PLANS = PlanCache()


async def run_plan(
    compiled: Compiled, variables: VariableValues, context: Any, reader: Reader | None = None
) -> tuple[dict[str, Any] | None, list[GraphQLError]]:
    """Answer an operation from its plan, on one connection."""
    if reader is not None:
        run = Run(compiled.compiler, compiled.plan, variables, context, reader)
        return await run.execute(), run.errors
    async with database().reader() as held:
        run = Run(compiled.compiler, compiled.plan, variables, context, held)
        return await run.execute(), run.errors


class PlanningExecutor(StrawberryGraphQLCoreExecutionContext):
    """Strawberry's executor, answering planned query operations from their plan."""

    def execute_root_grouped_field_set(  # type: ignore[override]
        self,
        root_type: Any,
        root_value: Any,
        grouped_field_set: Any,
        serially: bool,
        position_context: Any,
    ) -> Any:
        context = self.context_value
        if self.operation.operation is OperationType.QUERY and getattr(context, "planned", False):
            compiled = PLANS.get(
                self.schema,
                self.operation,
                self.operation,
                self.fragments,
                self.variable_values,
                lambda: dict(grouped_field_set),
                context.scope.language,
            )
            if compiled is not None:
                return self._planned(compiled)
        return super().execute_root_grouped_field_set(
            root_type, root_value, grouped_field_set, serially, position_context
        )

    async def _planned(self, compiled: Compiled) -> dict[str, Any] | None:
        data, errors = await run_plan(compiled, self.variable_values, self.context_value)
        # The run already kept only the errors graphql-core would report; a distinct position
        # for each keeps the executor's own bookkeeping from dropping any of them.
        for n, error in enumerate(errors):
            self.collected_errors.add(error, Path(None, n, None))
        return data
