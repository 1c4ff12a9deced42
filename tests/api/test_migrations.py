"""Migrations upgrade a database that already holds data, on SQLite and PostgreSQL alike.

The upgrade runs in subprocesses (Tortoise's own CLI, then `kilometer migrate`), and rows are
written with the database drivers, so the suite's ORM connection is never touched.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import asyncpg

from portal.config import Settings
from tests.conftest import _drop_postgres, _throwaway_postgres

ROWS = [
    "INSERT INTO institution (name, kind, city, description, website, created_at) VALUES ('Old Institute', 'PILOT', 'BAODING', '', '', '2024-01-01T00:00:00+00:00')",
    "INSERT INTO credential (institution_id, number, issuing_authority, purposes, valid_from, valid_until, status, created_at) VALUES (1, 'OLD-1', 'HBST', '[]', '2024-01-01', '2028-01-01', 'ACTIVE', '2024-01-01T00:00:00+00:00')",
]
ROOT = Path(__file__).resolve().parents[2]


def _run(url: str, *command: str) -> None:
    env = dict(os.environ, DATABASE_URL=url)
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr


async def _upgrade(url: str) -> list[tuple[str, int]]:
    tortoise = str(Path(sys.executable).with_name("tortoise"))
    _run(url, tortoise, "migrate", "kilometer", "0001_initial")
    if url.startswith("postgres://"):
        conn = await asyncpg.connect(urlunsplit(urlsplit(url)._replace(scheme="postgresql")))
        for statement in ROWS:
            await conn.execute(statement)
        await conn.close()
    else:
        with sqlite3.connect(url.removeprefix("sqlite://")) as db:
            for statement in ROWS:
                db.execute(statement)
    _run(url, sys.executable, "-m", "portal", "migrate")
    if url.startswith("postgres://"):
        conn = await asyncpg.connect(urlunsplit(urlsplit(url)._replace(scheme="postgresql")))
        rows = [
            (r["number"], r["revision"])
            for r in await conn.fetch("SELECT number, revision FROM credential")
        ]
        await conn.close()
        return rows
    with sqlite3.connect(url.removeprefix("sqlite://")) as db:
        return list(db.execute("SELECT number, revision FROM credential"))


async def test_migrations_upgrade_a_populated_database(app: Any, settings: Settings) -> None:
    # given: a second, throwaway database on the same server, at the first migration, with rows
    if settings.is_postgres:
        url, name = await _throwaway_postgres(settings.database_url)
        try:
            rows = await _upgrade(url)
        finally:
            await _drop_postgres(settings.database_url, name)
    else:
        with tempfile.TemporaryDirectory() as tmp:
            rows = await _upgrade(f"sqlite://{Path(tmp) / 'upgrade.db'}")
    # then: new NOT NULL columns got their database default on existing rows
    assert rows == [("OLD-1", 1)]
