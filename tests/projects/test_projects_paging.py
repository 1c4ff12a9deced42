"""Keyset paging of projects: pages join up, inserts mid-way neither skip nor repeat rows."""

from __future__ import annotations

from fixtures.factories import make_project
from portal.database.models import Project
from tests.conftest import GraphQLClient, count_statements

PAGE = """query($first: Int, $after: String, $last: Int, $before: String, $o: ProjectOrder) {
  projects(first: $first, after: $after, last: $last, before: $before, orderBy: $o) {
    totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    edges { cursor node { id title } } } }"""
TITLE = {"field": "TITLE", "direction": "ASC"}


async def test_projects_keyset_paging_across_an_insert(gql: GraphQLClient) -> None:
    # given: the first page of projects by title
    first = (await gql.data(PAGE, {"first": 40, "o": TITLE}))["projects"]
    seen = [e["node"]["title"] for e in first["edges"]]
    # when: rows are inserted before and after the cursor, then the bank pages on
    before = await make_project(title="AAAA inserted before the cursor")
    after = await make_project(title="龥龥 inserted after the cursor")
    try:
        cursor = first["pageInfo"]["endCursor"]
        rest: list[str] = []
        while cursor:
            page = (await gql.data(PAGE, {"first": 100, "after": cursor, "o": TITLE}))["projects"]
            rest += [e["node"]["title"] for e in page["edges"]]
            assert page["pageInfo"]["hasPreviousPage"] is True
            cursor = page["pageInfo"]["endCursor"] if page["pageInfo"]["hasNextPage"] else None
        # then: nothing repeated or skipped; the row after the cursor shows up, the one before does not
        rows = sorted(await Project.all(), key=lambda p: (p.title, p.id))
        expected = [p.title for p in rows if p.id != before.id]
        assert seen + rest == expected
        assert "龥龥 inserted after the cursor" in rest
    finally:
        await Project.filter(id__in=[before.id, after.id]).delete()


async def test_projects_backward_paging_mirrors_forward(gql: GraphQLClient) -> None:
    # given
    forward = (await gql.data(PAGE, {"first": 30, "o": TITLE}))["projects"]
    ids = [e["node"]["id"] for e in forward["edges"]]
    # when
    back = (
        await gql.data(PAGE, {"last": 10, "before": forward["edges"][20]["cursor"], "o": TITLE})
    )["projects"]
    # then
    assert [e["node"]["id"] for e in back["edges"]] == ids[10:20]
    assert back["pageInfo"]["hasPreviousPage"] is True and back["pageInfo"]["hasNextPage"] is True
    assert back["totalCount"] == forward["totalCount"] == await Project.all().count()


async def test_projects_nested_page_costs_the_same_sql_for_10_and_100(gql: GraphQLClient) -> None:
    # given
    query = """query($n: Int) { projects(first: $n, orderBy: {field: MATURITY, direction: DESC}) { edges { node {
      title owner { name labels }
      latestEvaluation { version maturityLevel { number name } risk { rating factors { kind } }
        institution { name kind } credential { number fields statusHistory { status } }
        credentialValidOnEvaluationDate panel { name } project { title } }
      evaluations { version } } } } }"""
    # when
    with count_statements() as ten:
        await gql.data(query, {"n": 10})
    with count_statements() as hundred:
        await gql.data(query, {"n": 100})
    # then
    assert len(ten.statements) == len(hundred.statements)
    assert len(hundred.statements) <= 15, hundred.statements
