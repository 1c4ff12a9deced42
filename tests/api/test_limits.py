"""Each limit refuses an abusive request while a normal one still succeeds."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from portal.app import create_app
from portal.config import Settings
from resolvers.reader import Reader
from tests.conftest import GraphQLClient

NORMAL = "{ projects(first: 5) { totalCount edges { node { title latestEvaluation { risk { rating } } } } } }"


async def test_normal_query_reports_its_cost(gql: GraphQLClient) -> None:
    # when
    body = await gql.post(NORMAL)
    # then
    assert "errors" not in body
    assert body["extensions"]["cost"] == {"requested": 1 + (1 + 5 * (1 + 1 + 1)), "maximum": 20000}


async def test_deep_nesting_is_refused(gql: GraphQLClient) -> None:
    # given
    deep = (
        "{ projects(first: 1) { edges { node { "
        + "evaluations { project { " * 6
        + "title"
        + " } }" * 6
        + " } } } }"
    )
    # when
    body = await gql.post(deep)
    # then
    assert "exceeds maximum operation depth" in body["errors"][0]["message"]
    assert "errors" not in await gql.post(NORMAL)


async def test_a_thousand_aliases_are_refused(gql: GraphQLClient) -> None:
    # when
    body = await gql.post("{ " + " ".join(f"a{n}: __typename" for n in range(1000)) + " }")
    # then
    assert "1000 aliases found. Allowed: 30" in body["errors"][0]["message"]


async def test_too_many_tokens_are_refused(gql: GraphQLClient) -> None:
    # when
    body = await gql.post("{ maturityScales { " + "code " * 12000 + "} }")
    # then
    assert "more than 10000 tokens" in body["errors"][0]["message"]


async def test_exploding_nested_pages_are_refused_with_their_cost(gql: GraphQLClient) -> None:
    # given
    query = """{ institutions(first: 100) { edges { node { evaluations(first: 100) { edges { node {
        project { owner { name } evaluations { institution { name } } } } } } } } } }"""
    # when
    body = await gql.post(query)
    # then
    [error] = body["errors"]
    assert error["extensions"]["code"] == "QUERY_TOO_COSTLY"
    assert error["extensions"]["cost"] > error["extensions"]["maximum"] == 20000
    assert str(error["extensions"]["cost"]) in error["message"]
    assert "data" not in body or body["data"] is None


async def test_batches_are_capped(client: httpx.AsyncClient) -> None:
    # when
    ok = await client.post("/graphql", json=[{"query": "{ maturityScales { code } }"}] * 2)
    refused = await client.post("/graphql", json=[{"query": "{ maturityScales { code } }"}] * 11)
    # then
    assert ok.status_code == 200 and len(ok.json()) == 2
    assert refused.status_code == 400 and "Too many operations" in refused.text


async def test_rate_limit_burst_gets_429_then_normal_callers_still_pass(
    app: Any, settings: Settings, as_role: Any
) -> None:
    # given: an app process with a small budget, sharing the database (and so the buckets)
    small = create_app(
        Settings(database_url=settings.database_url, rate_limit_public=100, rate_limit_token=100)
    )
    transport = httpx.ASGITransport(app=small, client=("10.9.8.7", 1234))
    async with httpx.AsyncClient(transport=transport, base_url="http://kilometer.test") as burst:
        # when
        answers = [await burst.post("/graphql", json={"query": NORMAL}) for _ in range(10)]
    # then
    statuses = [a.status_code for a in answers]
    assert statuses[0] == 200 and 429 in statuses
    first_refused = answers[statuses.index(429)]
    assert first_refused.json()["errors"][0]["extensions"]["code"] == "RATE_LIMITED"
    assert int(first_refused.headers["Retry-After"]) >= 0
    assert first_refused.headers["RateLimit-Remaining"] == "0"
    assert int(answers[0].headers["RateLimit-Limit"]) == 100
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=small, client=("10.9.8.8", 1)), base_url="http://k"
    ) as other:
        assert (await other.post("/graphql", json={"query": NORMAL})).status_code == 200


async def test_internal_errors_are_masked_with_the_request_id(
    client: httpx.AsyncClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    # given
    async def broken(*_: Any) -> None:
        raise RuntimeError("password=hunter2 in SELECT * FROM secrets")

    monkeypatch.setattr(Reader, "fetch_dicts", broken)
    monkeypatch.setattr(Reader, "fetch", broken)
    # when
    response = await client.post(
        "/graphql",
        json={"query": "{ maturityScales { code } }"},
        headers={"x-request-id": "trace-42"},
    )
    # then
    [error] = response.json()["errors"]
    assert error["message"] == "Internal server error"
    assert error["extensions"] == {"code": "INTERNAL_SERVER_ERROR", "requestId": "trace-42"}
    assert response.headers["x-request-id"] == "trace-42"
    assert "hunter2" not in response.text


async def test_nul_characters_are_refused_before_they_reach_the_database(
    gql: GraphQLClient, as_role: Any
) -> None:
    # when
    literal = await gql.post('{ projects(filter: {search: "steel\\u0000"}) { totalCount } }')
    variable = await gql.post(
        "query($s: String!) { maturityScale(code: $s) { name } }", {"s": "HEBEI\x00"}
    )
    mutation = await (await as_role("ADMIN")).post(
        'mutation { institutionRegister(input: {name: "Nul\\u0000", kind: PILOT, city: BAODING}) { institution { id } } }'
    )
    # then
    for body in (literal, variable, mutation):
        assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
        assert "NUL" in body["errors"][0]["message"]
