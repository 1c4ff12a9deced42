"""Budgets shared by every app process within the stated tolerance, and keyed on the address
the connection really comes from."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from typing import Any

import httpx
import pytest
from tortoise import connections
from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

from portal.app import create_app
from portal.config import Settings
from tests.api.test_limits import NORMAL, NORMAL_COST, fresh_ip


@pytest.fixture(autouse=True)
def _database_ready(app: Any) -> None:
    """Apps built here share the suite's migrated database and ORM."""


REDIS_URL = "redis://127.0.0.1:6379/0"
LIMIT = 600
SYNC_POINTS = 50


@asynccontextmanager
async def processes(
    settings: Settings, count: int, client: str, **overrides: Any
) -> AsyncIterator[list[httpx.AsyncClient]]:
    """`count` app instances (as separate processes would be) sharing one store."""
    async with AsyncExitStack() as stack:
        apps = [
            create_app(
                Settings(
                    database_url=settings.database_url,
                    rate_limit_public=LIMIT,
                    rate_window_seconds=86_400,
                    rate_sync_points=SYNC_POINTS,
                    **overrides,
                )
            )
            for _ in range(count)
        ]
        for app in apps:
            stack.push_async_callback(app.state.rate_limiter.aclose)
        yield [
            await stack.enter_async_context(
                httpx.AsyncClient(
                    transport=httpx.ASGITransport(app=app, client=(client, 4321)),
                    base_url="http://kilometer.test",
                )
            )
            for app in apps
        ]


async def _burst_until_refused(clients: list[httpx.AsyncClient]) -> tuple[int, int]:
    """Send concurrent rounds to every process until a whole round is refused; return the cost
    admitted (base included) and the number of requests sent."""
    admitted = sent = 0
    for _ in range(200):
        answers = await asyncio.gather(
            *(c.post("/graphql", json={"query": NORMAL}) for c in clients for _ in range(4))
        )
        sent += len(answers)
        ok = [a for a in answers if a.status_code == 200]
        assert all(a.status_code in (200, 429) for a in answers)
        admitted += sum(1 + a.json()["extensions"]["cost"]["requested"] for a in ok)
        if not ok:
            return admitted, sent
    raise AssertionError("never refused")


async def _assert_one_shared_limit(
    settings: Settings, client: str, stored: Any, **overrides: Any
) -> None:
    # given: two processes sharing one store
    async with processes(settings, 2, client, **overrides) as clients:
        # when
        admitted, sent = await _burst_until_refused(clients)
    # then: one limit for both, within the stated tolerance of N * sync points
    assert LIMIT - NORMAL_COST - 1 < admitted <= LIMIT + 2 * SYNC_POINTS
    # and the store holds exactly what was spent: every request's base, admitted costs
    refused = sent - admitted // (NORMAL_COST + 1)
    assert await stored() == admitted + refused


async def test_two_processes_share_one_limit_in_the_database(settings: Settings) -> None:
    client = fresh_ip()

    async def stored() -> int:
        _, rows = await connections.get("default").execute_query(
            "SELECT spent FROM rate_bucket WHERE caller = "
            + ("$1" if settings.is_postgres else "?"),
            [f"ip:{client}"],
        )
        return int(rows[0]["spent"])

    await _assert_one_shared_limit(settings, client, stored)


async def test_two_processes_share_one_limit_in_redis(settings: Settings) -> None:
    redis = pytest.importorskip("redis.asyncio")
    probe = redis.from_url(REDIS_URL)
    try:
        await probe.ping()
    except Exception:
        pytest.skip("Redis is not reachable on 127.0.0.1:6379")
    client = fresh_ip() + ":" + uuid.uuid4().hex[:6]  # never spent from before, in any run

    async def stored() -> int:
        keys = [k async for k in probe.scan_iter(f"kilometer:rate:*:ip:{client}")]
        return int(await probe.get(keys[0]))

    try:
        await _assert_one_shared_limit(settings, client, stored, redis_url=REDIS_URL)
    finally:
        await probe.aclose()


async def test_ipv6_clients_are_keyed_per_64(settings: Settings) -> None:
    # given: one process, and one host of a /64 that spent the budget
    app = create_app(
        Settings(
            database_url=settings.database_url, rate_limit_public=50, rate_window_seconds=86_400
        )
    )
    prefix = "2001:db8:" + ":".join(uuid.uuid4().hex[i : i + 4] for i in (0, 4))

    def from_host(host: str) -> httpx.AsyncClient:
        transport = httpx.ASGITransport(app=app, client=(host, 443))
        return httpx.AsyncClient(transport=transport, base_url="http://kilometer.test")

    try:
        async with from_host(f"{prefix}::1") as first:
            while (await first.post("/graphql", json={"query": NORMAL})).status_code == 200:
                pass
        # when
        async with from_host(f"{prefix}:ffff:1:2:3") as same_64:
            neighbour = await same_64.post("/graphql", json={"query": NORMAL})
        async with from_host(f"{prefix}1::1") as other_64:
            stranger = await other_64.post("/graphql", json={"query": NORMAL})
    finally:
        await app.state.rate_limiter.aclose()
    # then
    assert neighbour.status_code == 429
    assert stranger.status_code == 200


@asynccontextmanager
async def behind_proxy_headers(settings: Settings, peer: str) -> AsyncIterator[httpx.AsyncClient]:
    """The app as `uvicorn --proxy-headers` with `FORWARDED_ALLOW_IPS=127.0.0.1` serves it, to a
    TCP peer at `peer`."""
    app = create_app(
        Settings(
            database_url=settings.database_url, rate_limit_public=50, rate_window_seconds=86_400
        )
    )
    proxied = ProxyHeadersMiddleware(app, trusted_hosts="127.0.0.1")  # type: ignore[arg-type]
    transport = httpx.ASGITransport(app=proxied, client=(peer, 5555))  # type: ignore[arg-type]
    try:
        async with httpx.AsyncClient(transport=transport, base_url="http://kilometer.test") as c:
            yield c
    finally:
        await app.state.rate_limiter.aclose()


async def test_forwarded_for_from_an_untrusted_peer_does_not_change_the_key(
    settings: Settings,
) -> None:
    # given: an untrusted peer spent its budget
    peer = fresh_ip()
    async with behind_proxy_headers(settings, peer) as direct:
        while (await direct.post("/graphql", json={"query": NORMAL})).status_code == 200:
            pass
        # when: it claims other addresses
        spoofed = [
            await direct.post(
                "/graphql", json={"query": NORMAL}, headers={"x-forwarded-for": fresh_ip()}
            )
            for _ in range(5)
        ]
    # then
    assert {r.status_code for r in spoofed} == {429}


async def test_trusted_proxy_forwards_the_client_it_saw(settings: Settings) -> None:
    # given: a client behind the trusted proxy spent its budget
    client = fresh_ip()
    async with behind_proxy_headers(settings, "127.0.0.1") as proxy:
        while (
            await proxy.post(
                "/graphql", json={"query": NORMAL}, headers={"x-forwarded-for": client}
            )
        ).status_code == 200:
            pass
        # when: the same client puts a made-up address before its own
        spoofed = await proxy.post(
            "/graphql", json={"query": NORMAL}, headers={"x-forwarded-for": f"1.2.3.4, {client}"}
        )
        other = await proxy.post(
            "/graphql", json={"query": NORMAL}, headers={"x-forwarded-for": fresh_ip()}
        )
    # then: the proxy's own entry (the last) is the key
    assert spoofed.status_code == 429
    assert other.status_code == 200
