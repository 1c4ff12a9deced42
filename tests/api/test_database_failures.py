"""A database that refuses, hangs or restarts: every caller gets a 503 JSON answer in bounded
time, and the app serves again by itself once the database is back.

Each test serves the app with uvicorn in a process of its own (so the answers cross a real
TCP connection), pointed at a closed port or at a TCP forwarder the test controls: the suite's
own connection and the shared PostgreSQL server are never touched.
"""

from __future__ import annotations

import asyncio
import os
import sys
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import asyncpg
import httpx
import pytest

from portal.config import Settings
from tests.api.forwarder import Forwarder, free_port

QUERY = {"query": "{ maturityScales { code levels { number } } }"}
TIMEOUTS = {
    "KILOMETER_DB_STATEMENT_TIMEOUT": "1",
    "KILOMETER_DB_POOL_TIMEOUT": "1",
    "KILOMETER_DB_CONNECT_TIMEOUT": "1",
}
WORST_WAIT = 1.0 + 1.0 + 1.0
"""Statement timeout, one second more on the client side, then the release of the hung
connection (bounded by the pool timeout): the longest a request can wait on a hung database."""

needs_postgres = pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")),
    reason="needs the suite's PostgreSQL database (DATABASE_URL=postgres://...)",
)


def _at(url: str, port: int) -> str:
    parts = urlsplit(url)
    netloc = parts.netloc.rsplit("@", 1)
    user = netloc[0] + "@" if len(netloc) == 2 else ""
    return urlunsplit(parts._replace(netloc=f"{user}127.0.0.1:{port}"))


@asynccontextmanager
async def app_on(database_url: str) -> AsyncIterator[httpx.AsyncClient]:
    """uvicorn serving the app, its database at `database_url`, with one-second timeouts."""
    port = free_port()
    env = dict(os.environ, DATABASE_URL=database_url, **TIMEOUTS)
    server = await asyncio.create_subprocess_exec(
        sys.executable,
        *("-m", "uvicorn", "--factory", "portal.app:create_app", "--port", str(port)),
        env=env,
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.DEVNULL,
    )
    try:
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", timeout=30) as client:
            for _ in range(100):
                try:
                    await client.get("/healthz")
                    break
                except httpx.TransportError:
                    await asyncio.sleep(0.1)
            yield client
    finally:
        server.terminate()
        await server.wait()


async def timed(request: Any) -> tuple[httpx.Response, float]:
    """A response and the seconds it took."""
    started = time.perf_counter()
    response = await request
    return response, time.perf_counter() - started


def assert_unavailable(response: httpx.Response) -> None:
    assert response.status_code == 503, response.text
    assert response.headers["content-type"].startswith("application/json")
    assert int(response.headers["retry-after"]) > 0
    [error] = response.json()["errors"]
    assert error["extensions"]["code"] == "SERVICE_UNAVAILABLE"
    assert error["extensions"]["requestId"] == response.headers["x-request-id"]


async def test_graphql_on_a_closed_port_is_503_for_anonymous_and_token_callers() -> None:
    # given: nothing listens where the database should be
    async with app_on(f"postgres://postgres@127.0.0.1:{free_port()}/kilometer") as client:
        # when
        anonymous = await client.post("/graphql", json=QUERY)
        token = await client.post(
            "/graphql", json=QUERY, headers={"authorization": "Bearer km_someone"}
        )
        ready = await client.get("/readyz")
        health = await client.get("/healthz")
    # then: authentication could not reach the token table either, and says so the same way
    assert_unavailable(anonymous)
    assert_unavailable(token)
    assert ready.status_code == 503
    assert health.status_code == 200


async def test_hung_database_answers_within_the_timeouts() -> None:
    # given: a "database" that accepts connections and never says a word
    hung = await Forwarder(target=None).start()
    try:
        async with app_on(f"postgres://postgres@127.0.0.1:{hung.port}/kilometer") as client:
            # when
            answers = await asyncio.gather(
                timed(client.post("/graphql", json=QUERY)),
                timed(
                    client.post("/graphql", json=QUERY, headers={"authorization": "Bearer km_x"})
                ),
                timed(client.get("/readyz")),
            )
    finally:
        await hung.cut()
    # then
    (anonymous, a_took), (token, t_took), (ready, r_took) = answers
    assert_unavailable(anonymous)
    assert_unavailable(token)
    assert max(a_took, t_took) < WORST_WAIT
    assert ready.status_code == 503 and r_took < 2.0


@needs_postgres
async def test_statement_timeout_is_503(app: Any, settings: Settings) -> None:
    # given: a table locked by someone else, so reading it waits
    holder = await asyncpg.connect(
        urlunsplit(urlsplit(settings.database_url)._replace(scheme="postgresql"))
    )
    try:
        locking = holder.transaction()
        await locking.start()
        await holder.execute("LOCK TABLE maturity_scale IN ACCESS EXCLUSIVE MODE")
        async with app_on(settings.database_url) as client:
            # when
            response, took = await timed(client.post("/graphql", json=QUERY))
        await locking.rollback()
    finally:
        await holder.close()
    # then: PostgreSQL cancelled the statement after 1 s
    assert_unavailable(response)
    assert took < WORST_WAIT


@needs_postgres
async def test_app_serves_again_after_the_database_comes_back(app: Any, settings: Settings) -> None:
    # given: the app reaches the suite's database through a forwarder, and is serving
    forwarder = await Forwarder(
        target=("127.0.0.1", urlsplit(settings.database_url).port or 5432)
    ).start()
    try:
        async with app_on(_at(settings.database_url, forwarder.port)) as client:
            assert (await client.post("/graphql", json=QUERY)).json()["data"]["maturityScales"]
            # when: the database goes away (connections cut, nothing listening)
            await forwarder.cut()
            down = [await client.post("/graphql", json=QUERY) for _ in range(3)]
            # and when it stops answering on open connections
            await forwarder.start()
            assert (await client.post("/graphql", json=QUERY)).status_code in (200, 503)
            forwarder.stall()
            stalled, took = await timed(client.post("/graphql", json=QUERY))
            # and when it is back
            await forwarder.cut()
            forwarder.stalled = False
            await forwarder.start()
            back = [await client.post("/graphql", json=QUERY) for _ in range(3)]
            ready = await client.get("/readyz")
    finally:
        await forwarder.cut()
    # then
    for response in down:
        assert_unavailable(response)
    assert_unavailable(stalled)
    assert took < WORST_WAIT
    # a connection broken while the database was away may fail one request; then it serves
    assert back[-1].status_code == 200 and back[-1].json()["data"]["maturityScales"]
    assert ready.status_code == 200
