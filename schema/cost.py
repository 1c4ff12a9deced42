"""Query cost, computed from the document before anything runs.

Each field returning an object costs 1. A connection multiplies the cost of its items by the
page size asked for (`first`/`last`, 20 by default), so nested pages multiply, as in GitHub's
and Shopify's APIs; other lists count as 10 items (`nodes(ids:)` as the IDs given). Scalars
are free. Each mutation field costs 10 more.

Page sizes outside 0–100 are refused before anything runs (`page_size_problem`), and the
counter clamps every multiplier to that range anyway, so no document can make its own cost
small or negative.
"""

from __future__ import annotations

from typing import Any

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLSchema,
    InlineFragmentNode,
    OperationDefinitionNode,
    OperationType,
    SelectionSetNode,
    VariableNode,
    get_named_type,
    is_leaf_type,
    value_from_ast_untyped,
)

from resolvers.errors import InvalidArgument
from resolvers.pagination import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE

LIST_SIZE = 10
MUTATION_COST = 10


def _is_list(type_: Any) -> bool:
    if isinstance(type_, GraphQLNonNull):
        type_ = type_.of_type
    return isinstance(type_, GraphQLList)


def _argument(node: FieldNode, name: str, variables: dict[str, Any]) -> Any:
    for arg in node.arguments or ():
        if arg.name.value == name:
            return value_from_ast_untyped(arg.value, variables)
    return None


def _clamp(value: Any, default: int) -> int:
    """A multiplier from a client's number: in 0–100 whatever was sent."""
    if not isinstance(value, int) or isinstance(value, bool):
        return default
    return min(max(value, 0), MAX_PAGE_SIZE)


def variable_values(
    document: DocumentNode, operation_name: str | None, variables: dict[str, Any] | None
) -> dict[str, Any]:
    """The operation's variables as sent, with the defaults its definitions declare."""
    operation = _chosen_operation(document, operation_name)
    values: dict[str, Any] = {}
    for definition in (operation.variable_definitions if operation else None) or ():
        if definition.default_value is not None:
            values[definition.variable.name.value] = value_from_ast_untyped(
                definition.default_value
            )
    values.update(variables or {})
    return values


def page_size_problem(document: DocumentNode, variables: dict[str, Any]) -> InvalidArgument | None:
    """The first `first`/`last` anywhere in the document outside 0–100, as the error to give."""
    for definition in document.definitions:
        for node in _fields(getattr(definition, "selection_set", None)):
            for arg in node.arguments or ():
                if arg.name.value not in ("first", "last"):
                    continue
                if isinstance(arg.value, VariableNode) and arg.value.name.value not in variables:
                    continue
                value = value_from_ast_untyped(arg.value, variables)
                if value is not None and not (
                    isinstance(value, int) and 0 <= value <= MAX_PAGE_SIZE
                ):
                    return InvalidArgument(
                        arg.name.value,
                        f"must be between 0 and {MAX_PAGE_SIZE} (got {value!r})",
                    )
    return None


def _fields(selection_set: SelectionSetNode | None) -> Any:
    """Every field node under a selection set, fragments' own selections included."""
    stack = [selection_set]
    while stack:
        current = stack.pop()
        if current is None:
            continue
        for node in current.selections:
            if isinstance(node, FieldNode):
                yield node
            stack.append(getattr(node, "selection_set", None))


class CostCounter:
    """Walks one operation of a validated document."""

    def __init__(
        self, schema: GraphQLSchema, document: DocumentNode, variables: dict[str, Any] | None
    ) -> None:
        self.schema = schema
        self.variables = variables or {}
        self.fragments = {
            d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
        }

    def selection(
        self,
        selection_set: SelectionSetNode | None,
        parent: Any,
        items: int,
        seen: frozenset[str] = frozenset(),
    ) -> int:
        """Cost of a selection set on `parent`, lists inside counting `items` each."""
        if selection_set is None:
            return 0
        total = 0
        for node in selection_set.selections:
            if isinstance(node, FieldNode):
                total += self.field(node, parent, items, seen)
            elif isinstance(node, InlineFragmentNode):
                target = (
                    self.schema.get_type(node.type_condition.name.value)
                    if node.type_condition
                    else parent
                )
                total += self.selection(node.selection_set, target, items, seen)
            elif isinstance(node, FragmentSpreadNode) and node.name.value not in seen:
                fragment = self.fragments.get(node.name.value)
                if fragment is not None:
                    target = self.schema.get_type(fragment.type_condition.name.value)
                    total += self.selection(
                        fragment.selection_set, target, items, seen | {node.name.value}
                    )
        return total

    def field(self, node: FieldNode, parent: Any, items: int, seen: frozenset[str]) -> int:
        """Cost of one field."""
        name = node.name.value
        fields = getattr(parent, "fields", {})
        if name.startswith("__") or name not in fields:
            return 0
        definition = fields[name]
        named = get_named_type(definition.type)
        if is_leaf_type(named):
            return 0
        if named.name.endswith("Connection"):
            first = _argument(node, "first", self.variables)
            size = first if first is not None else _argument(node, "last", self.variables)
            inner = self.selection(node.selection_set, named, _clamp(size, DEFAULT_PAGE_SIZE), seen)
            return 1 + inner
        count = items if _is_list(definition.type) else 1
        ids = _argument(node, "ids", self.variables) if name == "nodes" else None
        if isinstance(ids, list):
            count = _clamp(len(ids), LIST_SIZE)
        return 1 + count * self.selection(node.selection_set, named, LIST_SIZE, seen)


def _chosen_operation(
    document: DocumentNode, operation_name: str | None
) -> OperationDefinitionNode | None:
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    return next(
        (o for o in operations if o.name and o.name.value == operation_name),
        operations[0] if operations else None,
    )


def operation_cost(
    schema: GraphQLSchema,
    document: DocumentNode,
    operation_name: str | None,
    variables: dict[str, Any] | None,
) -> int:
    """The cost of the operation a request will run."""
    chosen = _chosen_operation(document, operation_name)
    if chosen is None:
        return 0
    root: GraphQLObjectType | None = {
        OperationType.QUERY: schema.query_type,
        OperationType.MUTATION: schema.mutation_type,
        OperationType.SUBSCRIPTION: schema.subscription_type,
    }[chosen.operation]
    counter = CostCounter(schema, document, variables)
    cost = counter.selection(chosen.selection_set, root, LIST_SIZE)
    if chosen.operation is OperationType.MUTATION:
        cost += MUTATION_COST * len(chosen.selection_set.selections)
    return max(cost, 1)
