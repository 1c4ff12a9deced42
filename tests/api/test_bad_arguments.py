"""Bad arguments get a clear GraphQL error naming the argument, never a 500."""

from __future__ import annotations

import pytest

from tests.conftest import GraphQLClient

CASES = [
    ("{ projects(first: 500) { totalCount } }", "first", "between 0 and 100"),
    ("{ projects(last: -1) { totalCount } }", "last", "between 0 and 100"),
    ("{ projects(first: 5, last: 5) { totalCount } }", "last", "either first or last"),
    ('{ projects(after: "not-a-cursor") { totalCount } }', "after", "not a cursor"),
    ('{ projects(before: "eyJvIjoxfQ==") { totalCount } }', "before", "not a cursor"),
    (
        "{ projects(filter: {maturityLevel: {max: 14}}) { totalCount } }",
        "filter.maturityLevel.max",
        "level 14 does not exist",
    ),
    (
        "{ projects(filter: {maturityLevel: {min: 0}}) { totalCount } }",
        "filter.maturityLevel.min",
        "level 0 does not exist",
    ),
    (
        "{ projects(filter: {or: [{maturityLevel: {min: 8, max: 3}}]}) { totalCount } }",
        "filter.or[0].maturityLevel",
        "greater than max",
    ),
    (
        '{ projects(filter: {marketValue: {min: "-5"}}) { totalCount } }',
        "filter.marketValue.min",
        "non-negative",
    ),
    (
        '{ projects(filter: {marketValue: {min: "1.234"}}) { totalCount } }',
        "filter.marketValue.min",
        "2 decimals",
    ),
    (
        '{ projects(filter: {evaluationDate: {min: "2025-01-02", max: "2025-01-01"}}) { totalCount } }',
        "filter.evaluationDate",
        "greater than max",
    ),
    ('{ projects(filter: {search: "   "}) { totalCount } }', "filter.search", "1 to 200"),
    (
        "{ evaluations(filter: {maturityLevel: {max: 14}}) { totalCount } }",
        "filter.maturityLevel.max",
        "level 14",
    ),
    ('{ node(id: "%%%") { id } }', "id", "not a valid global ID"),
    ('{ node(id: "UHJvamVjdDp4") { id } }', "id", "not a valid global ID"),
    ('{ nodes(ids: ["UHJvamVjdDox", "bad"]) { id } }', "ids[1]", "not a valid global ID"),
    (
        '{ evaluations(filter: {project: ["SW5zdGl0dXRpb246MQ=="]}) { totalCount } }',
        "filter.project",
        "expected the ID of a Project",
    ),
]


@pytest.mark.parametrize(("query", "argument", "message"), CASES)
async def test_bad_argument_is_a_named_user_error(
    gql: GraphQLClient, query: str, argument: str, message: str
) -> None:
    # when
    body = await gql.post(query)
    # then: the field is null (data itself is null when the field is non-null), or, for page
    # sizes refused before execution, there is no data at all
    assert all(value is None for value in (body.get("data") or {}).values())
    [error] = body["errors"]
    assert error["extensions"] == {"code": "BAD_USER_INPUT", "argument": argument}
    assert message in error["message"] and argument in error["message"]


async def test_cursor_of_another_ordering_is_refused(gql: GraphQLClient) -> None:
    # given
    page = await gql.data(
        "{ projects(first: 1, orderBy: {field: TITLE}) { pageInfo { endCursor } } }"
    )
    cursor = page["projects"]["pageInfo"]["endCursor"]
    # when
    body = await gql.post(
        "query($c: String) { projects(after: $c, orderBy: {field: MATURITY}) { totalCount } }",
        {"c": cursor},
    )
    # then
    assert body["errors"][0]["extensions"]["argument"] == "after"
    assert "made for ordering TITLE_ASC" in body["errors"][0]["message"]


async def test_wrong_type_for_an_argument_is_a_validation_error(gql: GraphQLClient) -> None:
    # when
    body = await gql.post('{ projects(first: "ten") { totalCount } }')
    # then
    assert "data" not in body
    assert body["errors"][0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
