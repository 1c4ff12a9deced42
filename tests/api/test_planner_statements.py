"""SQL statements per request do not grow with page size, and nothing public runs field by field."""

from __future__ import annotations

from typing import Any

import pytest
from graphql import GraphQLInterfaceType, GraphQLObjectType, get_named_type

from schema import schema
from schema.plan.declare import spec_of
from tests.conftest import GraphQLClient, count_statements

PAGE = """query($first: Int) { projects(first: $first) { totalCount nodes {
  id title stage owner { name labels }
  latestEvaluation { evaluatedOn maturityLevel { number name } risk { rating factors { kind } }
    marketValue { low high } institution { name } credentialValidOnEvaluationDate }
  evaluations { version panel { name } }
} } }"""

DETAIL = """query($id: ID!) { node(id: $id) { ... on Project { id title owner { name }
  evaluations { id version maturityLevel { number name } institution { name }
    credential { number status } risk { rating factors { kind rating note } } } } } }"""


def _reads(statements: list[str]) -> list[str]:
    """Statements reading the data (not the rate-limit bookkeeping)."""
    return [
        s
        for s in statements
        if s.lstrip().upper().startswith(("SELECT", "WITH")) and "rate_bucket" not in s
    ]


@pytest.mark.parametrize("query", [PAGE])
async def test_statements_per_page_do_not_grow_with_page_size(
    gql: GraphQLClient, query: str
) -> None:
    # given
    counts = {}
    for first in (1, 10, 100):
        # when
        with count_statements() as counter:
            data = await gql.data(query, {"first": first})
        counts[first] = len(_reads(counter.statements))
        assert len(data["projects"]["nodes"]) == min(first, data["projects"]["totalCount"])
    # then: the page (joined rows, and its lists as JSON arrays in the same statement), its count
    assert counts[1] == counts[10] == counts[100] == 2, counts


async def test_one_project_with_its_history_is_one_statement(gql: GraphQLClient) -> None:
    # when
    with count_statements() as counter:
        data = await gql.data(DETAIL, {"id": "UHJvamVjdDox"})
    # then: the project with its owner, its evaluations and their factors as nested JSON arrays
    assert data["node"]["evaluations"]
    assert len(_reads(counter.statements)) == 1, counter.statements


def test_every_public_read_is_served_by_the_planner() -> None:
    # given: every field reachable from Query, except the Relay page plumbing (which the
    # planner builds itself) and introspection
    graphql = schema._schema
    assert graphql.query_type is not None
    unplanned, seen = [], set()
    pending: list[Any] = [graphql.query_type]
    while pending:
        gtype = pending.pop()
        if gtype.name in seen:
            continue
        seen.add(gtype.name)
        if not isinstance(gtype, GraphQLObjectType):
            pending.extend(graphql.get_possible_types(gtype))
            continue
        plumbing = gtype.name.endswith(("Connection", "Edge")) or gtype.name == "PageInfo"
        for name, field in gtype.fields.items():
            if spec_of(field) is None and not plumbing and name != "id":
                unplanned.append(f"{gtype.name}.{name}")
            named = get_named_type(field.type)
            if isinstance(named, (GraphQLObjectType, GraphQLInterfaceType)):
                pending.append(named)
    # then
    assert unplanned == [], unplanned
