"""Two uvicorn worker processes on one SQLite file, as the Procfile runs them, under concurrent
writes: every write succeeds, every write is stored, and the audit chain still verifies.

The server runs as real subprocesses (the CLI migrates and loads the demo, uvicorn serves), and
the rows are read back with the sqlite3 driver, so the suite's own ORM connection is not used.
"""

from __future__ import annotations

import asyncio
import os
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest

from portal.config import Settings
from schema.relay import to_global_id
from tests.mutation_cases import evaluation_content, policy_content

ROOT = Path(__file__).resolve().parents[2]
WRITERS = 20
"""Policy updates and as many evaluation creations are sent at once: 2 x WRITERS requests."""
ROUNDS = 3
CREATE_POLICY = "mutation($in: PolicyCreateInput!) { policyCreate(input: $in) { policy { id revision } userErrors { code message } } }"
UPDATE_POLICY = "mutation($in: PolicyUpdateInput!) { policyUpdate(input: $in) { policy { id revision } userErrors { code message } } }"
CREATE_EVALUATION = "mutation($in: EvaluationCreateInput!) { evaluationCreate(input: $in) { evaluation { id } userErrors { code message } } }"


def _cli(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "portal", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@dataclass
class Server:
    """A migrated, demo-loaded SQLite file served by two uvicorn workers."""

    env: dict[str, str]
    path: Path
    url: str
    log: Path
    tokens: dict[str, str] = field(default_factory=dict)

    def rows(self, sql: str, *args: Any) -> list[tuple[Any, ...]]:
        """Read the database file directly."""
        with sqlite3.connect(self.path) as db:
            return list(db.execute(sql, args))


@pytest.fixture(scope="module")
def server(settings: Settings) -> Iterator[Server]:
    if settings.is_postgres:
        pytest.skip("the two-worker test is about SQLite (run without DATABASE_URL)")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "workers.db"
        env = dict(
            os.environ,
            DATABASE_URL=f"sqlite://{path}",
            KILOMETER_RATE_LIMIT_TOKEN=str(10**9),
            KILOMETER_RATE_LIMIT_PUBLIC=str(10**9),
        )
        _cli(env, "load-demo")
        port = _free_port()
        log = Path(tmp) / "uvicorn.log"
        with open(log, "w") as out:
            process = subprocess.Popen(
                [
                    str(Path(sys.executable).with_name("uvicorn")),
                    "--factory",
                    "portal.app:create_app",
                    "--port",
                    str(port),
                    "--workers",
                    "2",
                ],
                cwd=ROOT,
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        try:
            running = Server(env, path, f"http://127.0.0.1:{port}", log)
            _wait_until_ready(running, process)
            institution_id, *_ = running.rows(
                "SELECT institution_id FROM credential WHERE number = 'HB-EVAL-P-2022-001'"
            )[0]
            running.tokens = {
                "GOVERNMENT": _secret(
                    _cli(env, "token", "create", "--role", "GOVERNMENT", "--department", "HBST")
                ),
                "INSTITUTION": _secret(
                    _cli(
                        env,
                        "token",
                        "create",
                        "--role",
                        "INSTITUTION",
                        "--institution",
                        str(institution_id),
                    )
                ),
            }
            yield running
        finally:
            process.terminate()
            process.wait(timeout=30)


def _secret(output: str) -> str:
    return output.strip().splitlines()[-1]


def _wait_until_ready(server: Server, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        assert process.poll() is None, server.log.read_text()
        try:
            if httpx.get(f"{server.url}/readyz", timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    raise AssertionError("uvicorn did not become ready:\n" + server.log.read_text())


@dataclass
class Outcome:
    """How one request ended."""

    ok: bool
    detail: str


async def _send(
    http: httpx.AsyncClient, token: str, document: str, variables: dict[str, Any], noun: str
) -> tuple[Outcome, dict[str, Any] | None]:
    response = await http.post(
        "/graphql",
        json={"query": document, "variables": variables},
        headers={"authorization": f"Bearer {token}"},
    )
    if response.status_code != 200:
        return Outcome(False, f"HTTP {response.status_code}: {response.text[:200]}"), None
    body = response.json()
    if body.get("errors"):
        return Outcome(False, str(body["errors"])[:200]), None
    payload = next(iter(body["data"].values()))
    if payload["userErrors"]:
        return Outcome(False, str(payload["userErrors"])), None
    result: dict[str, Any] = payload[noun]
    return Outcome(True, ""), result


async def _round(server: Server, marker: str) -> tuple[list[Outcome], float, dict[str, Any]]:
    """Create WRITERS draft policies one by one, then update each of them and create WRITERS
    evaluations, all at once. Returns the outcomes of the concurrent requests, their wall time,
    and what each successful write should have stored."""
    government, institution = server.tokens["GOVERNMENT"], server.tokens["INSTITUTION"]
    credential, *_ = server.rows("SELECT id FROM credential WHERE number = 'HB-EVAL-P-2022-001'")[0]
    projects = [r[0] for r in server.rows("SELECT id FROM project ORDER BY id LIMIT ?", WRITERS)]
    async with httpx.AsyncClient(base_url=server.url, timeout=120) as http:
        drafts = []
        for n in range(WRITERS):
            outcome, policy = await _send(
                http,
                government,
                CREATE_POLICY,
                {"in": policy_content(title=f"{marker} draft {n}")},
                "policy",
            )
            assert outcome.ok and policy is not None, outcome.detail
            drafts.append(policy)
        updates = [
            _send(
                http,
                government,
                UPDATE_POLICY,
                {
                    "in": policy_content(title=f"{marker} updated {n}")
                    | {"id": p["id"], "revision": p["revision"]}
                },
                "policy",
            )
            for n, p in enumerate(drafts)
        ]
        creates = [
            _send(
                http,
                institution,
                CREATE_EVALUATION,
                {
                    "in": evaluation_content(
                        to_global_id("Project", project),
                        to_global_id("Credential", credential),
                        summary=f"{marker} evaluation {n}",
                    )
                },
                "evaluation",
            )
            for n, project in enumerate(projects)
        ]
        started = time.perf_counter()
        results = await asyncio.gather(*updates, *creates)
        elapsed = time.perf_counter() - started
    stored_titles = {
        r[0]
        for r in server.rows("SELECT title FROM policy WHERE title LIKE ?", f"{marker} updated %")
    }
    stored_summaries = {
        r[0]
        for r in server.rows(
            "SELECT summary FROM evaluation WHERE summary LIKE ?", f"{marker} evaluation %"
        )
    }
    expected = {
        "titles": {f"{marker} updated {n}" for n, (o, _) in enumerate(results[:WRITERS]) if o.ok},
        "summaries": {
            f"{marker} evaluation {n}" for n, (o, _) in enumerate(results[WRITERS:]) if o.ok
        },
        "stored_titles": stored_titles,
        "stored_summaries": stored_summaries,
    }
    return [o for o, _ in results], elapsed, expected


async def test_sqlite_two_workers_concurrent_writes_all_succeed(server: Server) -> None:
    # given: two uvicorn workers on one SQLite file, and the audit trail's length
    audit_before = server.rows("SELECT count(*) FROM audit_entry")[0][0]
    outcomes: list[Outcome] = []
    elapsed = 0.0
    # when: rounds of 2 x WRITERS concurrent writes over HTTP
    for n in range(ROUNDS):
        round_outcomes, seconds, expected = await _round(server, f"Round {n}")
        outcomes += round_outcomes
        elapsed += seconds
        # then: every successful write is stored
        assert expected["titles"] <= expected["stored_titles"]
        assert expected["summaries"] <= expected["stored_summaries"]
    # then: no request failed, in any way
    failures = [o.detail for o in outcomes if not o.ok]
    rate = len(failures) / len(outcomes)
    print(
        f"\n{len(outcomes)} concurrent writes in {ROUNDS} rounds: {len(failures)} failed "
        f"({rate:.0%}), {len(outcomes) / elapsed:.1f} writes/s"
    )
    locked = server.log.read_text().count("database is locked")
    assert failures == [], (
        f"{len(failures)} of {len(outcomes)} failed ({rate:.0%}); "
        f"'database is locked' {locked} times in the server log; first: {failures[:3]}"
    )
    # then: the audit trail holds one entry per write (and one per setup creation) and verifies
    audit_after = server.rows("SELECT count(*) FROM audit_entry")[0][0]
    assert audit_after == audit_before + ROUNDS * 3 * WRITERS
    verdict = _cli(server.env, "audit", "verify")
    assert "audit chain intact" in verdict
