"""Each limit refuses an abusive request, cheaply and before anything runs, while a normal one
still succeeds."""

from __future__ import annotations

import json
import uuid
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

import httpx
import pytest

from portal.app import create_app
from portal.config import Settings
from resolvers.reader import Reader
from tests.conftest import GraphQLClient, count_statements


@pytest.fixture(autouse=True)
def _database_ready(app: Any) -> None:
    """Apps built here share the suite's migrated database and ORM."""


NORMAL = "{ projects(first: 5) { totalCount edges { node { title latestEvaluation { risk { rating } } } } } }"
NORMAL_COST = 1 + (1 + 5 * (1 + 1 + 1))


@asynccontextmanager
async def small_app(
    settings: Settings, limit: int = 100, client: str = "10.9.8.7", **overrides: Any
) -> AsyncIterator[httpx.AsyncClient]:
    """An app process with a small public budget, sharing the suite's database, and a client
    calling it from `client`."""
    app = create_app(
        Settings(
            database_url=settings.database_url,
            rate_limit_public=limit,
            rate_limit_token=limit,
            rate_window_seconds=86_400,
            **overrides,
        )
    )
    transport = httpx.ASGITransport(app=app, client=(client, 1234))
    try:
        async with httpx.AsyncClient(transport=transport, base_url="http://kilometer.test") as c:
            yield c
    finally:
        await app.state.rate_limiter.aclose()


def fresh_ip() -> str:
    """An address no other test spends from."""
    raw = uuid.uuid4().bytes
    return f"10.{raw[0]}.{raw[1]}.{raw[2]}"


async def test_normal_query_reports_its_cost(gql: GraphQLClient) -> None:
    # when
    body = await gql.post(NORMAL)
    # then
    assert "errors" not in body
    assert body["extensions"]["cost"] == {"requested": NORMAL_COST, "maximum": 20000}


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
    # given: few names, but twelve thousand numbers
    query = "{ maturityScale(code: [" + "1 " * 12000 + "]) { code } }"
    # when
    body = await gql.post(query)
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


@pytest.mark.parametrize(
    ("query", "variables", "argument"),
    [
        # the query that cost 340,302 and was billed 1
        (
            """{ institutions(first: -1) { edges { node { evaluations(first: 100) { edges { node {
            project { owner { name } evaluations { institution { name } } } } } } } } } }""",
            {},
            "first",
        ),
        ("query($n: Int) { projects(first: $n) { totalCount } }", {"n": -5}, "first"),
        ("query($n: Int = 101) { projects(first: $n) { totalCount } }", {}, "first"),
        (
            "{ ...Pages } fragment Pages on Query { policies(last: 1000) { totalCount } }",
            {},
            "last",
        ),
        (
            "{ institutions(first: 1) { edges { node { evaluations(first: -3) { totalCount } } } } }",
            {},
            "first",
        ),
    ],
)
async def test_out_of_range_page_size_is_refused_before_anything_runs(
    gql: GraphQLClient, query: str, variables: dict[str, Any], argument: str
) -> None:
    # when
    with count_statements() as sql:
        body = await gql.post(query, variables)
    # then
    assert "data" not in body
    [error] = body["errors"]
    assert error["extensions"] == {"code": "BAD_USER_INPUT", "argument": argument}
    assert "between 0 and 100" in error["message"]
    assert sql.statements == []
    assert "errors" not in await gql.post(NORMAL)


async def test_oversized_document_is_refused_unparsed(gql: GraphQLClient) -> None:
    # given: 40 KB, mostly a comment
    query = "{ maturityScales { code } }\n#" + "x" * 40_000
    # when
    with count_statements() as sql:
        body = await gql.post(query)
    # then
    [error] = body["errors"]
    assert error["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
    assert "at most 32768" in error["message"]
    assert sql.statements == []


@pytest.mark.parametrize(
    ("query", "says"),
    [
        ("{ maturityScales { " + "code " * 4800 + "} }", "names"),  # 24 KB of one field
        ("{ " + "maturityScales { code } " * 500 + "}", "500 times"),  # 12 KB, under the names cap
        ("{ maturityScales { " + "levels { number } " * 11 + "} }", "11 times"),
        (
            "{ maturityScales { ...A ...B } } fragment A on MaturityScale { "
            + "levels { number } " * 6
            + "} fragment B on MaturityScale { "
            + "l: levels { number } levels { name } " * 3
            + "}",
            "9 times",  # fragments merge: 6 + 3 of `levels` is fine...
        ),
    ],
)
async def test_field_floods_are_refused_before_validation(
    gql: GraphQLClient, query: str, says: str
) -> None:
    # when
    body = await gql.post(query)
    # then
    if says == "9 times":  # ...and so it runs
        assert "errors" not in body, body
        return
    [error] = body["errors"]
    assert error["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
    assert says in error["message"]
    assert "errors" not in await gql.post(NORMAL)


async def test_repeats_that_multiply_through_nesting_are_refused(gql: GraphQLClient) -> None:
    # given: 3 copies at each of 5 levels merge into 243 copies of `code`, under 5 KB
    inner = "code"
    for field in ("scale", "levels", "scale", "levels", "levels"):
        inner = " ".join([f"{field} {{ {inner} }}"] * 3)
    # when
    body = await gql.post("{ maturityScales { " + inner + " } }")
    # then
    [error] = body["errors"]
    assert "times at one place" in error["message"]


async def test_two_megabyte_body_is_413_json(client: httpx.AsyncClient, gql: GraphQLClient) -> None:
    # given
    huge = json.dumps({"query": NORMAL, "variables": {"pad": "x" * 2_000_000}}).encode()

    async def streamed() -> AsyncIterator[bytes]:  # no Content-Length: read until the cap
        for start in range(0, len(huge), 64 * 1024):
            yield huge[start : start + 64 * 1024]

    # when
    declared = await client.post(
        "/graphql", content=huge, headers={"content-type": "application/json"}
    )
    chunked = await client.post(
        "/graphql", content=streamed(), headers={"content-type": "application/json"}
    )
    # then
    for response in (declared, chunked):
        assert response.status_code == 413
        assert response.headers["content-type"].startswith("application/json")
        [error] = response.json()["errors"]
        assert error["extensions"]["code"] == "PAYLOAD_TOO_LARGE"
    assert "errors" not in await gql.post(NORMAL)


async def test_batch_over_the_limit_is_a_json_error(client: httpx.AsyncClient) -> None:
    # when
    ok = await client.post("/graphql", json=[{"query": "{ maturityScales { code } }"}] * 2)
    refused = await client.post("/graphql", json=[{"query": "{ maturityScales { code } }"}] * 11)
    # then
    assert ok.status_code == 200 and len(ok.json()) == 2
    assert refused.status_code == 400
    [error] = refused.json()["errors"]
    assert "Too many operations" in error["message"] and "at most 10" in error["message"]
    assert error["extensions"]["code"] == "BAD_REQUEST"


def _nested_filter(depth: int) -> str:
    """A filter nested `depth` levels deep, as JSON (too deep for json.dumps to write)."""
    return '{"and": [' * depth + '{"search": "steel"}' + "]}" * depth


@pytest.mark.parametrize("depth", [100, 10_000])
async def test_deeply_nested_variables_are_bad_user_input(
    client: httpx.AsyncClient, depth: int
) -> None:
    # given
    query = json.dumps("query($f: ProjectFilter) { projects(filter: $f) { totalCount } }")
    body = f'{{"query": {query}, "variables": {{"f": {_nested_filter(depth)}}}}}'
    # when
    response = await client.post(
        "/graphql", content=body, headers={"content-type": "application/json"}
    )
    # then
    [error] = response.json()["errors"]
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert "nest" in error["message"]


async def test_deeply_nested_literal_is_refused_unparsed(gql: GraphQLClient) -> None:
    # when
    body = await gql.post(
        "{ projects(filter: " + "{and: [" * 500 + "{}" + "]}" * 500 + ") { totalCount } }"
    )
    # then
    [error] = body["errors"]
    assert error["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
    assert "nests more than 64" in error["message"]


async def test_rate_limit_burst_gets_429_then_normal_callers_still_pass(
    settings: Settings,
) -> None:
    # given: an app process with a small budget
    async with small_app(settings, limit=100) as burst:
        # when
        answers = [await burst.post("/graphql", json={"query": NORMAL}) for _ in range(10)]
        # then
        statuses = [a.status_code for a in answers]
        assert statuses[0] == 200 and 429 in statuses
        first_refused = answers[statuses.index(429)]
        assert first_refused.json()["errors"][0]["extensions"]["code"] == "RATE_LIMITED"
        assert int(first_refused.headers["Retry-After"]) >= 0
        assert int(first_refused.headers["RateLimit-Remaining"]) < NORMAL_COST
        assert int(answers[0].headers["RateLimit-Limit"]) == 100
        assert (await burst.post("/graphql", json={"query": NORMAL})).status_code == 429
    async with small_app(settings, limit=100, client="10.9.8.8") as other_caller:
        assert (await other_caller.post("/graphql", json={"query": NORMAL})).status_code == 200


async def test_retry_storm_is_refused_before_parsing(settings: Settings) -> None:
    # given: a caller that spent its budget
    async with small_app(settings, limit=60, client=fresh_ip()) as caller:
        for query in (NORMAL, "{ __typename }"):
            while (await caller.post("/graphql", json={"query": query})).status_code == 200:
                pass
        # when: it keeps retrying, with a document that would be expensive to validate
        flood = "{ " + "maturityScales { code } " * 500 + "}"
        with count_statements() as sql:
            storm = [await caller.post("/graphql", json={"query": flood}) for _ in range(50)]
        # then
        assert {r.status_code for r in storm} == {429}
        assert all(r.json()["errors"][0]["extensions"]["code"] == "RATE_LIMITED" for r in storm)
        assert all(r.headers["RateLimit-Remaining"] == "0" for r in storm)
        assert sql.statements == []


def _remaining(response: httpx.Response) -> int:
    return int(response.headers["RateLimit-Remaining"])


REFUSED: list[tuple[str, Callable[[httpx.AsyncClient], Any]]] = [
    (
        "too costly",
        lambda c: c.post(
            "/graphql",
            json={
                "query": "{ institutions(first: 100) { edges { node { evaluations(first: 100) { edges { node { project { title } } } } } } } }"
            },
        ),
    ),
    (
        "bad page size",
        lambda c: c.post("/graphql", json={"query": "{ projects(first: -100000) { totalCount } }"}),
    ),
    (
        "unknown token",
        lambda c: c.post(
            "/graphql", json={"query": NORMAL}, headers={"authorization": "Bearer km_nope"}
        ),
    ),
    (
        "malformed",
        lambda c: c.post(
            "/graphql", content=b"{not json", headers={"content-type": "application/json"}
        ),
    ),
    (
        "too large",
        lambda c: c.post(
            "/graphql", content=b" " * 1_100_000, headers={"content-type": "application/json"}
        ),
    ),
]


@pytest.mark.parametrize(("case", "send"), REFUSED, ids=[c for c, _ in REFUSED])
async def test_refused_request_costs_only_the_base(
    settings: Settings, case: str, send: Callable[[httpx.AsyncClient], Any]
) -> None:
    # given
    async with small_app(settings, limit=10_000, client=fresh_ip()) as caller:
        before = _remaining(await caller.post("/graphql", json={"query": NORMAL}))
        # when
        refused = [await send(caller) for _ in range(3)]
        after = _remaining(await caller.post("/graphql", json={"query": NORMAL}))
    # then: 3 refused requests cost 1 each; the normal one its cost and 1
    assert all(r.status_code != 200 or "errors" in r.json() for r in refused), case
    assert before - after == 3 + NORMAL_COST + 1


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
