"""A fresh production deploy: the release step alone makes the API usable, without the demo.

Everything runs as the Procfile runs it, in subprocesses against a second throwaway database
(`kilometer migrate`, `kilometer token create`, then the server), so the suite's own ORM
connection is never touched.
"""

from __future__ import annotations

import asyncio
import os
import socket
import sqlite3
import subprocess
import sys
import tempfile
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import asyncpg
import httpx

from portal.config import Settings
from tests.conftest import _drop_postgres, _throwaway_postgres

ROOT = Path(__file__).resolve().parents[2]
KILOMETER = (sys.executable, "-m", "portal")


@asynccontextmanager
async def empty_database(settings: Settings) -> AsyncIterator[str]:
    """The URL of a new, empty database on the suite's server, dropped afterwards."""
    if settings.is_postgres:
        url, name = await _throwaway_postgres(settings.database_url)
        try:
            yield url
        finally:
            await _drop_postgres(settings.database_url, name)
    else:
        with tempfile.TemporaryDirectory() as tmp:
            yield f"sqlite://{Path(tmp) / 'fresh.db'}"


def kilometer(url: str, *arguments: str) -> list[str]:
    """Run a `kilometer` command against `url`; return its output lines."""
    env = dict(os.environ, DATABASE_URL=url)
    done = subprocess.run(
        (*KILOMETER, *arguments), cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout.splitlines()


async def execute(url: str, statement: str) -> None:
    """Run one SQL statement with the database's own driver."""
    if url.startswith("postgres://"):
        conn = await asyncpg.connect(urlunsplit(urlsplit(url)._replace(scheme="postgresql")))
        try:
            await conn.execute(statement)
        finally:
            await conn.close()
        return
    with sqlite3.connect(url.removeprefix("sqlite://")) as db:
        db.execute(statement)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@asynccontextmanager
async def serving(url: str) -> AsyncIterator[httpx.AsyncClient]:
    """`kilometer serve --no-demo` on a free port, with a client for it."""
    port = _free_port()
    env = dict(os.environ, DATABASE_URL=url)
    server = subprocess.Popen(
        (*KILOMETER, "serve", "--no-demo", "--port", str(port)),
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}") as client:
            for _ in range(100):
                try:
                    if (await client.get("/healthz")).status_code == 200:
                        break
                except httpx.TransportError:
                    await asyncio.sleep(0.2)
            yield client
    finally:
        server.terminate()
        server.wait(timeout=10)


async def test_migrate_on_an_empty_database_loads_reference_data_and_reports_it(
    settings: Settings,
) -> None:
    async with empty_database(settings) as url:
        # when
        first = kilometer(url, "migrate")
        again = kilometer(url, "migrate")
        await execute(url, "UPDATE department SET name = 'Renamed by hand' WHERE code = 'HBST'")
        await execute(url, "DELETE FROM term WHERE vocabulary = 'City' AND code = 'XIONGAN'")
        repaired = kilometer(url, "migrate")
    # then
    assert "Applied migration kilometer.0001_initial" in first
    assert "Reference data maturity_scale: 2 inserted, 0 updated" in first
    assert "Reference data maturity_level: 22 inserted, 0 updated" in first
    assert any(line.startswith("Reference data department: ") for line in first)
    assert any(line.startswith("Reference data term: ") for line in first)
    assert again == ["Database is up to date."]
    assert repaired == [
        "Reference data department: 0 inserted, 1 updated",
        "Reference data term: 1 inserted, 0 updated",
    ]


async def test_fresh_deploy_department_token_creates_and_publishes_a_policy(
    settings: Settings,
) -> None:
    async with empty_database(settings) as url:
        # given: only the release step and a department token, no demo data
        kilometer(url, "migrate")
        secret = kilometer(url, "token", "create", "--role", "GOVERNMENT", "--department", "HBST")[
            -1
        ]
        async with serving(url) as client:
            headers = {"authorization": f"Bearer {secret}"}

            async def call(query: str, variables: dict[str, object] | None = None) -> dict:  # type: ignore[type-arg]
                answer = await client.post(
                    "/graphql", json={"query": query, "variables": variables or {}}, headers=headers
                )
                assert answer.status_code == 200, answer.text
                assert "errors" not in answer.json(), answer.text
                return answer.json()["data"]  # type: ignore[no-any-return]

            # when
            created = await call(
                """mutation($in: PolicyCreateInput!) { policyCreate(input: $in) {
                  policy { id revision department { code } } userErrors { code message } } }""",
                {
                    "in": {
                        "title": "2027年度中试熟化资助",
                        "titleEn": "Pilot-stage maturation grant (2027)",
                        "instrument": "GRANT",
                        "budget": "50000000",
                        "opensOn": "2027-01-01",
                        "eligibility": {"maturityLevel": {"min": 4, "max": 7}},
                    }
                },
            )
            policy = created["policyCreate"]["policy"]
            published = await call(
                """mutation($in: PolicyTransitionInput!) { policyPublish(input: $in) {
                  policy { status } userErrors { code message } } }""",
                {"in": {"id": policy["id"], "revision": policy["revision"]}},
            )
            world = await call("{ projects { totalCount } maturityScales { code } }")
    # then
    assert created["policyCreate"]["userErrors"] == []
    assert policy["department"]["code"] == "HBST"
    assert published["policyPublish"] == {"policy": {"status": "PUBLISHED"}, "userErrors": []}
    assert world["projects"]["totalCount"] == 0
    assert {s["code"] for s in world["maturityScales"]} == {"HEBEI-13", "TRL-9"}
