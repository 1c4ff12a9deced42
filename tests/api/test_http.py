"""GraphQL over HTTP behaviour of /graphql, and the health probes."""

from __future__ import annotations

import httpx

from tests.conftest import GraphQLClient

GRAPHQL_RESPONSE = "application/graphql-response+json"


async def test_get_runs_a_query(client: httpx.AsyncClient) -> None:
    # when
    response = await client.get(
        "/graphql",
        params={"query": "{ maturityScales { code } }"},
        headers={"accept": "application/json"},
    )
    # then
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/json")
    assert {s["code"] for s in response.json()["data"]["maturityScales"]} == {"HEBEI-13", "TRL-9"}


async def test_browser_get_serves_graphiql(client: httpx.AsyncClient) -> None:
    # when
    response = await client.get("/graphql", headers={"accept": "text/html"})
    # then
    assert response.status_code == 200
    assert "graphiql" in response.text.lower()


async def test_graphql_response_json_is_negotiated(client: httpx.AsyncClient) -> None:
    # when
    ok = await client.post(
        "/graphql",
        json={"query": "{ maturityScales { code } }"},
        headers={"accept": GRAPHQL_RESPONSE},
    )
    invalid = await client.post(
        "/graphql", json={"query": "{ noSuchField }"}, headers={"accept": GRAPHQL_RESPONSE}
    )
    legacy = await client.post(
        "/graphql", json={"query": "{ noSuchField }"}, headers={"accept": "application/json"}
    )
    # then
    assert ok.status_code == 200 and ok.headers["content-type"].startswith(GRAPHQL_RESPONSE)
    assert invalid.status_code == 400 and invalid.headers["content-type"].startswith(
        GRAPHQL_RESPONSE
    )
    assert "data" not in invalid.json() and invalid.json()["errors"]
    assert legacy.status_code == 200 and "data" not in legacy.json()


async def test_missing_accept_means_json_and_unacceptable_is_406(client: httpx.AsyncClient) -> None:
    # when
    plain = await client.post(
        "/graphql", json={"query": "{ maturityScales { code } }"}, headers={"accept": ""}
    )
    refused = await client.post(
        "/graphql", json={"query": "{ maturityScales { code } }"}, headers={"accept": "text/csv"}
    )
    # then
    assert plain.status_code == 200 and plain.headers["content-type"].startswith("application/json")
    assert refused.status_code == 406


async def test_malformed_body_is_400(client: httpx.AsyncClient) -> None:
    # when
    response = await client.post(
        "/graphql", content=b"{not json", headers={"content-type": "application/json"}
    )
    # then
    assert response.status_code == 400


async def test_field_error_keeps_partial_data(gql: GraphQLClient) -> None:
    # when
    body = await gql.post('{ maturityScales { code } node(id: "bad") { id } }')
    # then
    assert body["data"]["maturityScales"] and body["data"]["node"] is None
    assert body["errors"][0]["path"] == ["node"]


async def test_health_and_readiness(client: httpx.AsyncClient) -> None:
    # when
    health = await client.get("/healthz")
    ready = await client.get("/readyz")
    # then
    assert health.json() == {"status": "ok"}
    assert ready.status_code == 200 and ready.json()["database"] == "reachable"


async def test_mutation_over_get_is_refused(client: httpx.AsyncClient) -> None:
    # when
    response = await client.get(
        "/graphql",
        params={"query": 'mutation { tokenRevoke(input: {id: "x"}) { token { id } } }'},
        headers={"accept": "application/json"},
    )
    # then
    assert response.status_code == 405
