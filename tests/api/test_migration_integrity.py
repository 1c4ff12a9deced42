"""Migration 0003 upgrades a populated database on SQLite and PostgreSQL: drafts lose their
version, the race's duplicate publications are repaired, the one-published index holds, no
child row is lost in SQLite's table rebuild, and the audit trail gets its scope and verifies."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import asyncpg
import pytest

from portal.config import Settings
from portal.database.audit import GENESIS, entry_hash
from portal.database.models import AuditEntry
from tests.api.test_migrations import ROOT
from tests.conftest import _drop_postgres, _throwaway_postgres

TS = "'2025-01-01T00:00:00+00:00'"
EVALUATION = (
    "INSERT INTO evaluation (id, project_id, version, status, evaluated_on, published_at, "
    "institution_id, credential_id, maturity_level_id, maturity_number, maturity_evidence, "
    "advancement_grade, advancement_score, industrialization_score, industrialization_statement, "
    "value_low_fen, value_high_fen, currency, valuation_method, risk_rating, summary, created_at) "
    "VALUES ({id}, {project}, {version}, '{status}', '2025-01-01', {published}, 1, 1, 1, 5, '', "
    "'ORDINARY', 50, 50, '', 100, 200, 'CNY', 'COST', 'MEDIUM', '', " + TS + ")"
)
POLICY = (
    "INSERT INTO policy (id, series, version, title, summary, instrument, budget_fen, opens_on, "
    "eligible_fields, eligible_cities, eligible_stages, eligible_labels, status, is_current, "
    "published_at, created_at, updated_at, department_id) VALUES ({id}, '{series}', {version}, "
    "'Old policy', '', 'GRANT', 100, '2025-01-01', '[]', '[]', '[]', '[]', '{status}', {current}, "
    "{published}, " + TS + ", " + TS + ", 1)"
)
SERIES = [f"0000000{n}-0000-4000-8000-000000000000" for n in range(5)]
ROWS = [
    "INSERT INTO department (id, code, name) VALUES (1, 'HBST', 'Science and Technology')",
    "INSERT INTO institution (id, name, kind, city, description, website, created_at) VALUES (1, 'Old Institute', 'PILOT', 'BAODING', '', '', "
    + TS
    + ")",
    "INSERT INTO credential (id, institution_id, number, issuing_authority, purposes, valid_from, valid_until, status, created_at) VALUES (1, 1, 'OLD-1', 'HBST', '[]', '2024-01-01', '2028-01-01', 'ACTIVE', "
    + TS
    + ")",
    "INSERT INTO maturity_scale (id, code, name, edition, description) VALUES (1, 'HEBEI-13', 'Scale', '2024', '')",
    "INSERT INTO maturity_level (id, scale_id, number, name, description, phase) VALUES (1, 1, 5, 'Level 5', '', 'laboratory')",
    "INSERT INTO organization (id, name, kind, credit_code, city, created_at) VALUES (1, 'Old Org', 'ENTERPRISE', '91130600MA0000000X', 'BAODING', "
    + TS
    + ")",
    *(
        "INSERT INTO project (id, kind, title, summary, keywords, field, city, stage, invention_patents, utility_patents, software_copyrights, pending_applications, created_at, updated_at, owner_id) "
        f"VALUES ({n}, 'RD_PROJECT', 'Old project {n}', '', '', 'NEW_MATERIALS', 'BAODING', 'PILOT', 0, 0, 0, 0, {TS}, {TS}, 1)"
        for n in (1, 2)
    ),
    # project 1: the race left two PUBLISHED; project 2: a history, a submission and a draft
    EVALUATION.format(id=1, project=1, version=1, status="PUBLISHED", published=TS),
    EVALUATION.format(id=2, project=1, version=2, status="PUBLISHED", published=TS),
    EVALUATION.format(id=3, project=2, version=1, status="SUPERSEDED", published=TS),
    EVALUATION.format(id=4, project=2, version=2, status="PUBLISHED", published=TS),
    EVALUATION.format(id=5, project=2, version=3, status="SUBMITTED", published="NULL"),
    EVALUATION.format(id=6, project=2, version=4, status="DRAFT", published="NULL"),
    *(
        f"INSERT INTO risk_factor (id, evaluation_id, kind, rating, note) VALUES ({n}, {n}, 'MARKET', 'LOW', '')"
        for n in range(1, 7)
    ),
    POLICY.format(
        id=1, series=SERIES[0], version=1, status="DRAFT", current="TRUE", published="NULL"
    ),
    POLICY.format(
        id=2, series=SERIES[1], version=1, status="PUBLISHED", current="FALSE", published=TS
    ),
    POLICY.format(
        id=3, series=SERIES[1], version=2, status="PUBLISHED", current="TRUE", published=TS
    ),
    POLICY.format(
        id=4, series=SERIES[2], version=1, status="WITHDRAWN", current="TRUE", published=TS
    ),
    POLICY.format(
        id=5, series=SERIES[3], version=1, status="WITHDRAWN", current="TRUE", published="NULL"
    ),
]
AUDIT = [  # action, target type, target id, expected (public, institution, department)
    ("evaluationCreate", "Evaluation", 6, (False, 1, None)),
    ("evaluationPublish", "Evaluation", 4, (True, 1, None)),
    ("policyCreate", "Policy", 1, (False, None, 1)),
    ("policyUpdate", "Policy", 3, (True, None, 1)),
    ("policyUpdate", "Policy", 1, (False, None, 1)),
    ("policyWithdraw", "Policy", 4, (True, None, 1)),
    ("policyWithdraw", "Policy", 5, (False, None, 1)),
    ("tokenCreate", "ApiToken", 1, (False, None, None)),
    ("credentialIssue", "Credential", 1, (True, 1, None)),
    ("institutionRegister", "Institution", 1, (True, 1, None)),
]


def _audit_rows() -> list[str]:
    """A valid chain of version-1 entries, as written before migration 0003."""
    previous, statements = GENESIS, []
    for n, (action, target_type, target_id, _) in enumerate(AUDIT, start=1):
        occurred = datetime(2025, 1, 1, tzinfo=UTC) + timedelta(seconds=n)
        entry = AuditEntry(
            occurred_at=occurred,
            actor="token:1:old",
            role="ADMIN",
            action=action,
            target_type=target_type,
            target_id=target_id,
            before_digest=None,
            after_digest="a" * 64,
            previous_hash=previous,
        )
        previous = entry_hash(entry)
        statements.append(
            "INSERT INTO audit_entry (id, occurred_at, actor, role, action, target_type, target_id, "
            f"after_digest, previous_hash, entry_hash) VALUES ({n}, '{occurred.isoformat()}', "
            f"'token:1:old', 'ADMIN', '{action}', '{target_type}', {target_id}, '{'a' * 64}', "
            f"'{entry.previous_hash}', '{previous}')"
        )
    return statements


def _run(url: str, *command: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, DATABASE_URL=url)
    return subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, check=False)


class Database:
    """Raw access through the driver, so the suite's ORM connection is never touched."""

    def __init__(self, url: str) -> None:
        self.url = url

    async def execute(self, *statements: str) -> None:
        if self.url.startswith("postgres://"):
            conn = await asyncpg.connect(
                urlunsplit(urlsplit(self.url)._replace(scheme="postgresql"))
            )
            try:
                for statement in statements:
                    await conn.execute(statement)
            finally:
                await conn.close()
            return
        with sqlite3.connect(self.url.removeprefix("sqlite://")) as db:
            for statement in statements:
                db.execute(statement)

    async def rows(self, query: str) -> list[tuple[Any, ...]]:
        if self.url.startswith("postgres://"):
            conn = await asyncpg.connect(
                urlunsplit(urlsplit(self.url)._replace(scheme="postgresql"))
            )
            try:
                return [tuple(r) for r in await conn.fetch(query)]
            finally:
                await conn.close()
        with sqlite3.connect(self.url.removeprefix("sqlite://")) as db:
            return list(db.execute(query))

    async def evaluation_indexes(self) -> int:
        """How many indexes the evaluation table has."""
        [(count,)] = await self.rows(
            "SELECT count(*) FROM pg_indexes WHERE tablename = 'evaluation'"
            if self.url.startswith("postgres://")
            else "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND tbl_name = 'evaluation'"
        )
        return int(count)


async def _upgrade_and_check(url: str) -> None:
    # given: a database at migration 0002 holding data of every shape 0003 touches
    db = Database(url)
    tortoise = str(Path(sys.executable).with_name("tortoise"))
    at_0002 = _run(url, tortoise, "migrate", "kilometer", "0002_access_and_revisions")
    assert at_0002.returncode == 0, at_0002.stdout + at_0002.stderr
    await db.execute(*ROWS, *_audit_rows())
    indexes = await db.evaluation_indexes()
    # when
    migrated = _run(url, sys.executable, "-m", "portal", "migrate")
    # then
    assert migrated.returncode == 0, migrated.stdout + migrated.stderr
    evaluations = await db.rows(
        "SELECT id, version, status, based_on_version, revision FROM evaluation ORDER BY id"
    )
    assert evaluations == [
        (1, 1, "SUPERSEDED", None, 2),
        (2, 2, "PUBLISHED", None, 1),
        (3, 1, "SUPERSEDED", None, 1),
        (4, 2, "PUBLISHED", None, 1),
        (5, None, "SUBMITTED", 2, 1),
        (6, None, "DRAFT", None, 1),
    ]
    assert await db.rows("SELECT count(*) FROM risk_factor") == [(6,)]
    assert await db.evaluation_indexes() == indexes + 1, "the rebuild keeps every index"
    scopes = await db.rows(
        "SELECT public, institution_id, department_id, hash_version FROM audit_entry ORDER BY id"
    )
    assert [(bool(p), i, d, v) for p, i, d, v in scopes] == [
        (*expected, 1) for *_, expected in AUDIT
    ]
    verified = _run(url, sys.executable, "-m", "portal", "audit", "verify")
    assert verified.returncode == 0 and "intact: 10 entries" in verified.stdout
    with pytest.raises((sqlite3.IntegrityError, asyncpg.UniqueViolationError)):
        await db.execute("UPDATE evaluation SET status = 'PUBLISHED' WHERE id = 3")


async def test_migration_0003_upgrades_a_populated_database(app: Any, settings: Settings) -> None:
    if settings.is_postgres:
        url, name = await _throwaway_postgres(settings.database_url)
        try:
            await _upgrade_and_check(url)
        finally:
            await _drop_postgres(settings.database_url, name)
    else:
        with tempfile.TemporaryDirectory() as tmp:
            await _upgrade_and_check(f"sqlite://{Path(tmp) / 'upgrade.db'}")
