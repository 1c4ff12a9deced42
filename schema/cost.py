"""Query cost, computed from the document before anything runs.

Each field returning an object costs 1. A connection multiplies the cost of its items by the
page size asked for (`first`/`last`, 20 by default), so nested pages multiply, as in GitHub's
and Shopify's APIs; other lists count as 10 items (`nodes(ids:)` as the IDs given). Scalars
are free. Each mutation field costs 10 more.
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
    get_named_type,
    is_leaf_type,
    value_from_ast_untyped,
)

from resolvers.pagination import DEFAULT_PAGE_SIZE

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
            size = _argument(node, "first", self.variables) or _argument(
                node, "last", self.variables
            )
            inner = self.selection(
                node.selection_set,
                named,
                size if isinstance(size, int) else DEFAULT_PAGE_SIZE,
                seen,
            )
            return 1 + inner
        count = items if _is_list(definition.type) else 1
        if name == "nodes" and isinstance(_argument(node, "ids", self.variables), list):
            count = len(_argument(node, "ids", self.variables))
        return 1 + count * self.selection(node.selection_set, named, LIST_SIZE, seen)


def operation_cost(
    schema: GraphQLSchema,
    document: DocumentNode,
    operation_name: str | None,
    variables: dict[str, Any] | None,
) -> int:
    """The cost of the operation a request will run."""
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    chosen = next(
        (o for o in operations if o.name and o.name.value == operation_name),
        operations[0] if operations else None,
    )
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
