"""What refusing an abusive request costs the server, and the throughput of a trivial query.

Usage: python benchmarks/limits.py [--database-url URL] [--requests N]

Runs the app in process (httpx over ASGI, so the figures are server time without a network)
against a fresh database: a temporary SQLite file by default, or a throwaway database on the
PostgreSQL server a `postgres://` URL names. It migrates it and loads the demo dataset.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import asyncpg
import httpx

from fixtures.loader import load_demo
from portal.app import create_app
from portal.config import Settings
from portal.database import migrate_database

NORMAL = "{ projects(first: 5) { totalCount edges { node { title } } } }"
CASES: dict[str, dict[str, Any]] = {
    "normal query (for comparison)": {"json": {"query": NORMAL}},
    "negative first (the 340,302-cost query)": {
        "json": {
            "query": "{ institutions(first: -1) { edges { node { evaluations(first: 100) { edges { node { project { owner { name } evaluations { institution { name } } } } } } } } } }"
        }
    },
    "24 KB field flood": {"json": {"query": "{ maturityScales { " + "code " * 4800 + "} }"}},
    "12 KB repeated-field flood (parsed, refused before validation)": {
        "json": {"query": "{ " + "maturityScales { code } " * 500 + "}"}
    },
    "2 MB body": {
        "content": json.dumps({"query": NORMAL, "variables": {"pad": "x" * 2_000_000}}).encode(),
        "headers": {"content-type": "application/json"},
    },
    "variables nested 10,000 deep": {
        "content": (
            '{"query": "query($f: ProjectFilter) { projects(filter: $f) { totalCount } }", '
            '"variables": {"f": ' + '{"and": [' * 10_000 + "{}" + "]}" * 10_000 + "}}"
        ).encode(),
        "headers": {"content-type": "application/json"},
    },
}


async def _database(url: str | None) -> tuple[str, Any]:
    if url and url.startswith(("postgres://", "postgresql://")):
        parts = urlsplit(url)
        name = f"kilometer_bench_{uuid.uuid4().hex[:8]}"
        admin = urlunsplit(parts._replace(scheme="postgresql"))
        conn = await asyncpg.connect(admin)
        await conn.execute(f'CREATE DATABASE "{name}"')
        await conn.close()

        async def drop() -> None:
            conn = await asyncpg.connect(admin)
            await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            await conn.close()

        return urlunsplit(parts._replace(scheme="postgres", path=f"/{name}")), drop
    folder = tempfile.mkdtemp()

    async def nothing() -> None:
        return None

    return f"sqlite://{Path(folder) / 'bench.db'}", nothing


async def _median_ms(
    client: httpx.AsyncClient, request: dict[str, Any], n: int
) -> tuple[float, int]:
    timings = []
    status = 0
    for _ in range(n):
        started = time.perf_counter()
        response = await client.post("/graphql", **request)
        timings.append((time.perf_counter() - started) * 1000)
        status = response.status_code
    return statistics.median(timings), status


async def _throughput(client: httpx.AsyncClient, query: str, total: int, concurrency: int) -> float:
    started = time.perf_counter()
    for _ in range(total // concurrency):
        answers = await asyncio.gather(
            *(client.post("/graphql", json={"query": query}) for _ in range(concurrency))
        )
        assert all(a.status_code == 200 for a in answers)
    return total / (time.perf_counter() - started)


async def main(url: str | None, requests: int) -> None:
    database_url, drop = await _database(url)
    try:
        settings = Settings(database_url=database_url, rate_limit_public=10**9)
        await migrate_database(settings)
        app = create_app(settings)
        transport = httpx.ASGITransport(app=app, client=("192.0.2.1", 1))
        async with (
            app.router.lifespan_context(app),
            httpx.AsyncClient(transport=transport, base_url="http://bench") as client,
        ):
            await load_demo()
            print(f"database: {database_url.split('://')[0]}")
            await _median_ms(client, CASES["normal query (for comparison)"], 50)  # warm up
            print("refusal (median server time over 20 requests):")
            for name, request in CASES.items():
                ms, status = await _median_ms(client, request, 20)
                print(f"  {name}: {ms:.2f} ms (HTTP {status})")
            for query in ("{ __typename }", "{ maturityScales { code } }"):
                for concurrency in (1, 16):
                    await _throughput(client, query, 200, concurrency)  # warm up
                    rate = await _throughput(client, query, requests, concurrency)
                    print(f"throughput of {query!r}, {concurrency} at a time: {rate:.0f} req/s")
            small = create_app(Settings(database_url=database_url, rate_limit_public=100))
            async with httpx.AsyncClient(
                transport=httpx.ASGITransport(app=small, client=("192.0.2.2", 1)),
                base_url="http://b",
            ) as caller:
                for query in (NORMAL, "{ __typename }"):
                    while (await caller.post("/graphql", json={"query": query})).status_code == 200:
                        pass
                flood = {"json": {"query": "{ " + "maturityScales { code } " * 500 + "}"}}
                ms, status = await _median_ms(caller, flood, 200)
                print(f"  429 retry storm (budget spent, 200 retries): {ms:.3f} ms (HTTP {status})")
            if hasattr(small.state, "rate_limiter"):
                await small.state.rate_limiter.aclose()
    finally:
        await drop()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--requests", type=int, default=2000)
    args = parser.parse_args()
    asyncio.run(main(args.database_url, args.requests))
