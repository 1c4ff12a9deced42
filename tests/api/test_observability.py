"""/metrics, the per-request JSON log line, and the headers every response carries."""

from __future__ import annotations

import json
import time
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families
from tortoise.exceptions import DBConnectionError

from fixtures.factories import make_token
from portal import metrics
from portal.app import create_app
from portal.config import Settings
from portal.logs import configure_logging
from resolvers.reader import Reader
from tests.api.live_server import live_server

TOO_COSTLY = """{ institutions(first: 100) { edges { node { evaluations(first: 100) { edges {
    node { project { owner { name } } } } } } } } }"""
REQUESTS = "kilometer_requests_total"


async def scrape(client: httpx.AsyncClient) -> dict[tuple[str, frozenset[tuple[str, str]]], float]:
    """Every sample /metrics exposes, keyed by name and labels."""
    response = await client.get("/metrics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    return {
        (sample.name, frozenset(sample.labels.items())): sample.value
        for family in text_string_to_metric_families(response.text)
        for sample in family.samples
    }


def value(samples: dict[Any, float], name: str, **labels: str) -> float:
    """One sample's value, 0 when it was never recorded."""
    return samples.get((name, frozenset(labels.items())), 0.0)


async def test_metrics_count_requests_by_operation_and_outcome(
    client: httpx.AsyncClient, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    # given
    before = await scrape(client)
    admin = {"authorization": f"Bearer {await make_token('ADMIN')}"}

    async def post(query: str, **kwargs: Any) -> httpx.Response:
        return await client.post("/graphql", json={"query": query}, **kwargs)

    # when: one request of each outcome
    await post("query MetricsOk { maturityScales { code } }")
    await post('query MetricsField { maturityScales { code } node(id: "bad") { id } }')
    await post(
        'mutation MetricsPayload { institutionRegister(input: {name: "", kind: PILOT, city: BAODING}) { institution { id } userErrors { code } } }',
        headers=admin,
    )
    await post("query MetricsInvalid { noSuchField }")
    await post(
        "query MetricsToken { maturityScales { code } }",
        headers={"authorization": "Bearer km_nope"},
    )
    await post(TOO_COSTLY)
    # Room for one request: its base charge (1) and its cost (1)
    small = create_app(Settings(database_url=settings.database_url, rate_limit_public=2))
    transport = httpx.ASGITransport(app=small, client=("10.20.30.40", 1))
    async with httpx.AsyncClient(transport=transport, base_url="http://k") as burst:
        await burst.post(
            "/graphql", json={"query": "query MetricsBurst { maturityScales { code } }"}
        )
        limited = await burst.post(
            "/graphql", json={"query": "query MetricsBurst { maturityScales { code } }"}
        )

    async def broken(*_: Any) -> None:
        raise RuntimeError("a bug")

    monkeypatch.setattr(Reader, "fetch", broken)
    monkeypatch.setattr(Reader, "fetch_dicts", broken)
    await post("query MetricsBroken { maturityScales { code } }")
    after = await scrape(client)

    # then
    def counted(operation: str, outcome: str) -> float:
        labels = {"endpoint": "/graphql", "operation": operation, "outcome": outcome}
        return value(after, REQUESTS, **labels) - value(before, REQUESTS, **labels)

    assert limited.status_code == 429
    assert counted("MetricsOk", "ok") == 1
    assert counted("MetricsField", "user_error") == 1
    assert counted("MetricsPayload", "user_error") == 1
    assert counted("MetricsInvalid", "bad_request") == 1
    assert counted("unknown", "unauthenticated") == 1
    assert counted("anonymous", "too_costly") == 1
    # a caller with nothing left is refused before its body is read: its operation is unknown
    assert counted("MetricsBurst", "ok") == 1 and counted("unknown", "rate_limited") == 1
    assert counted("MetricsBroken", "error") == 1
    refusals = "kilometer_rate_limit_refusals_total"
    assert (
        value(after, refusals, caller="anonymous") - value(before, refusals, caller="anonymous")
        == 1
    )
    latency = "kilometer_request_duration_seconds_count"
    labels = {"endpoint": "/graphql", "operation": "MetricsOk"}
    assert value(after, latency, **labels) - value(before, latency, **labels) == 1
    cost_count = value(after, "kilometer_query_cost_count") - value(
        before, "kilometer_query_cost_count"
    )
    cost_sum = value(after, "kilometer_query_cost_sum") - value(before, "kilometer_query_cost_sum")
    assert cost_count >= 7 and cost_sum > 20_000  # the refused query was priced too


async def test_metrics_group_operation_names_past_the_cap(
    client: httpx.AsyncClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    # given: room for one more operation name in this process
    monkeypatch.setattr(metrics, "MAX_OPERATION_NAMES", len(metrics._operations) + 1)
    before = await scrape(client)
    # when
    for name in ("CapFirst", "CapSecond", "CapThird", "CapFirst"):
        await client.post(
            "/graphql", json={"query": f"query {name} {{ maturityScales {{ code }} }}"}
        )
    after = await scrape(client)

    # then
    def counted(operation: str) -> float:
        labels = {"endpoint": "/graphql", "operation": operation, "outcome": "ok"}
        return value(after, REQUESTS, **labels) - value(before, REQUESTS, **labels)

    assert counted("CapFirst") == 2
    assert counted("CapSecond") == counted("CapThird") == 0
    assert counted("other") == 2


async def test_metrics_count_database_errors(
    client: httpx.AsyncClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    # given: the database refuses connections while scales are read
    async def unreachable(*_: Any) -> None:
        raise DBConnectionError("connection refused")

    monkeypatch.setattr(Reader, "fetch", unreachable)
    monkeypatch.setattr(Reader, "fetch_dicts", unreachable)
    before = await scrape(client)
    # when
    response = await client.post("/graphql", json={"query": "{ maturityScales { code } }"})
    after = await scrape(client)
    # then
    errors = "kilometer_database_errors_total"
    assert response.json()["errors"][0]["extensions"]["code"] in {
        "INTERNAL_SERVER_ERROR",
        "SERVICE_UNAVAILABLE",
    }
    assert value(after, errors, kind="connection") - value(before, errors, kind="connection") == 1


async def test_metrics_show_the_postgresql_pool(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    if not settings.is_postgres:
        pytest.skip("the connection pool is PostgreSQL's (DATABASE_URL=postgres://...)")
    # when
    await client.post("/graphql", json={"query": "{ maturityScales { code } }"})
    samples = await scrape(client)
    # then
    pool = "kilometer_database_pool_connections"
    for name in ("read", "write"):
        size, in_use, free = (
            value(samples, pool, pool=name, state=s) for s in ("size", "in_use", "free")
        )
        assert in_use + free == size
        assert value(samples, pool, pool=name, state="max") >= size
    assert value(samples, pool, pool="read", state="size") >= 1


def test_metrics_add_up_across_worker_processes(tmp_path: Path) -> None:
    # given: two uvicorn workers writing to one multiprocess directory
    directory = tmp_path / "prometheus"
    directory.mkdir()
    env = {"PROMETHEUS_MULTIPROC_DIR": str(directory)}
    labels = {"endpoint": "/graphql", "operation": "Spread", "outcome": "ok"}

    def counted(text: str) -> float:
        samples = {
            (s.name, frozenset(s.labels.items())): s.value
            for family in text_string_to_metric_families(text)
            for s in family.samples
        }
        return value(samples, REQUESTS, **labels)

    # when: requests on new connections until both workers have served some (the kernel
    # decides which worker accepts a connection)
    with (
        live_server(tmp_path, workers=2, env=env) as base,
        httpx.Client(limits=httpx.Limits(max_keepalive_connections=0)) as http,
    ):
        sent = 0
        while sent < 30 or len(list(directory.glob("counter_*.db"))) < 2:
            assert sent < 500, "one worker never served a request"
            response = http.post(
                f"{base}/graphql", json={"query": "query Spread { maturityScales { code } }"}
            )
            assert response.status_code == 200
            sent += 1
        # a request is counted right after its response is sent: give the last one a moment
        deadline = time.monotonic() + 5
        while counted(http.get(f"{base}/metrics").text) < sent:
            assert time.monotonic() < deadline, "the requests were never all counted"
            time.sleep(0.05)
        scrapes = [http.get(f"{base}/metrics").text for _ in range(4)]
    # then: any worker's scrape reports both workers' requests
    pids = {p.stem.rsplit("_", 1)[1] for p in directory.glob("counter_*.db")}
    assert len(pids) == 2
    for text in scrapes:
        assert counted(text) == sent


@pytest.fixture
async def json_logged(settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    """A client of an app process logging JSON; text logging is restored afterwards."""
    app = create_app(Settings(database_url=settings.database_url, log_format="json"))
    transport = httpx.ASGITransport(app=app)
    try:
        async with httpx.AsyncClient(transport=transport, base_url="http://k") as client:
            yield client
    finally:
        configure_logging("text")


def log_lines(text: str, request_id: str) -> Iterator[dict[str, Any]]:
    """The JSON log records naming `request_id`."""
    for line in text.splitlines():
        if line.startswith("{") and request_id in line:
            yield json.loads(line)


async def test_json_log_has_one_line_per_request(
    json_logged: httpx.AsyncClient, capsys: pytest.CaptureFixture[str]
) -> None:
    # given
    token = await make_token("BANK")
    # when
    response = await json_logged.post(
        "/graphql",
        json={"query": "query LoanFile { projects(first: 2) { edges { node { title } } } }"},
        headers={"authorization": f"Bearer {token}", "x-request-id": "json-log-1"},
    )
    # then
    [line] = list(log_lines(capsys.readouterr().err, "json-log-1"))
    assert response.status_code == 200
    assert line["logger"] == "kilometer.access" and line["level"] == "INFO"
    assert line["request_id"] == "json-log-1"
    assert line["operation"] == "LoanFile" and line["role"] == "BANK"
    assert line["cost"] == response.json()["extensions"]["cost"]["requested"]
    assert line["status"] == 200 and line["outcome"] == "ok"
    assert line["method"] == "POST" and line["path"] == "/graphql"
    assert isinstance(line["duration_ms"], float) and line["duration_ms"] > 0
    assert "time" in line


async def test_json_log_of_an_error_keeps_the_request_id(
    json_logged: httpx.AsyncClient,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # given
    async def broken(*_: Any) -> None:
        raise RuntimeError("scales table is gone")

    monkeypatch.setattr(Reader, "fetch", broken)
    monkeypatch.setattr(Reader, "fetch_dicts", broken)
    # when
    await json_logged.post(
        "/graphql",
        json={"query": "{ maturityScales { code } }"},
        headers={"x-request-id": "json-log-2"},
    )
    # then
    lines = list(log_lines(capsys.readouterr().err, "json-log-2"))
    [error] = [line for line in lines if line["level"] == "ERROR"]
    [access] = [line for line in lines if line["logger"] == "kilometer.access"]
    assert error["request_id"] == "json-log-2"
    assert "RuntimeError: scales table is gone" in error["exc_info"]
    assert (
        access["outcome"] == "error"
        and access["role"] == "PUBLIC"
        and access["operation"] == "anonymous"
    )


def test_unknown_log_format_is_refused() -> None:
    # when / then
    with pytest.raises(ValueError, match="KILOMETER_LOG_FORMAT"):
        create_app(Settings(database_url="sqlite://:memory:", log_format="xml"))


async def test_cors_preflight_lets_any_origin_send_a_token(client: httpx.AsyncClient) -> None:
    # when
    response = await client.options(
        "/graphql",
        headers={
            "origin": "https://bank.example",
            "access-control-request-method": "POST",
            "access-control-request-headers": "authorization, content-type",
        },
    )
    # then
    assert response.status_code == 200
    assert response.headers["access-control-allow-origin"] == "*"
    assert "POST" in response.headers["access-control-allow-methods"]
    allowed = response.headers["access-control-allow-headers"].lower()
    assert "authorization" in allowed and "content-type" in allowed
    assert "access-control-allow-credentials" not in response.headers
    assert response.headers["x-content-type-options"] == "nosniff"


async def test_cors_simple_request_exposes_request_id_and_rate_limit(
    client: httpx.AsyncClient,
) -> None:
    # when
    response = await client.post(
        "/graphql",
        json={"query": "{ maturityScales { code } }"},
        headers={"origin": "https://investor.example"},
    )
    # then
    assert response.headers["access-control-allow-origin"] == "*"
    exposed = {
        h.strip().lower() for h in response.headers["access-control-expose-headers"].split(",")
    }
    assert {
        "x-request-id",
        "ratelimit-limit",
        "ratelimit-remaining",
        "ratelimit-reset",
        "retry-after",
    } <= exposed
    assert "access-control-allow-credentials" not in response.headers


async def test_every_response_is_nosniff(client: httpx.AsyncClient) -> None:
    # when
    responses = [
        await client.post("/graphql", json={"query": "{ maturityScales { code } }"}),
        await client.post(
            "/graphql", content=b"{not json", headers={"content-type": "application/json"}
        ),
        await client.get("/graphql", headers={"accept": "text/html"}),
        await client.get("/healthz"),
        await client.get("/metrics"),
        await client.get("/static/graphiql/graphiql.min.css"),
        await client.get("/no/such/page"),
    ]
    # then
    assert [r.headers.get("x-content-type-options") for r in responses] == ["nosniff"] * 7


async def test_token_responses_are_no_store(client: httpx.AsyncClient) -> None:
    # given
    token = await make_token("INVESTOR")
    query = {"query": "{ viewer { role } }"}
    # when
    with_token = await client.post(
        "/graphql", json=query, headers={"authorization": f"Bearer {token}"}
    )
    bad_token = await client.post("/graphql", json=query, headers={"authorization": "Bearer km_no"})
    public = await client.post("/graphql", json=query)
    # then
    assert with_token.json()["data"]["viewer"]["role"] == "INVESTOR"
    assert with_token.headers["cache-control"] == "no-store"
    assert bad_token.status_code == 401 and bad_token.headers["cache-control"] == "no-store"
    assert "no-store" not in public.headers.get("cache-control", "")
