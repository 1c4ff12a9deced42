"""Test harness: the real app, over HTTP, on a throwaway database loaded with the demo data.

`DATABASE_URL` picks the server: unset or SQLite gives a temporary SQLite file; a
PostgreSQL URL gives a fresh database on that server, dropped afterwards.
"""

from __future__ import annotations

import logging
import os
import tempfile
import uuid
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import asyncpg
import httpx
import pytest

from fixtures.factories import make_token
from fixtures.loader import load_demo
from portal.app import create_app
from portal.config import Settings, normalize_database_url
from portal.database import migrate_database

ROOMY = {"rate_limit_public": 10**9, "rate_limit_token": 10**9}
"""The suite's app never rate-limits; tests of the limit build an app with a small budget."""


async def _throwaway_postgres(url: str) -> tuple[str, str]:
    parts = urlsplit(url)
    name = f"kilometer_test_{uuid.uuid4().hex[:10]}"
    admin = urlunsplit(parts._replace(scheme="postgresql"))
    conn = await asyncpg.connect(admin)
    try:
        await conn.execute(f'CREATE DATABASE "{name}"')
    finally:
        await conn.close()
    return urlunsplit(parts._replace(path=f"/{name}")), name


async def _drop_postgres(url: str, name: str) -> None:
    conn = await asyncpg.connect(urlunsplit(urlsplit(url)._replace(scheme="postgresql")))
    try:
        await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await conn.close()


@pytest.fixture(scope="session")
async def settings() -> AsyncIterator[Settings]:
    """Settings pointing at a database that exists only for this test session."""
    base = normalize_database_url(os.environ.get("DATABASE_URL", "sqlite://"))
    if base.startswith("postgres://"):
        url, name = await _throwaway_postgres(base)
        yield Settings(database_url=url, **ROOMY)
        await _drop_postgres(base, name)
    else:
        with tempfile.TemporaryDirectory() as tmp:
            yield Settings(database_url=f"sqlite://{Path(tmp) / 'kilometer-test.db'}", **ROOMY)


@pytest.fixture(scope="session")
async def app(settings: Settings) -> AsyncIterator[Any]:
    """The application, migrated and loaded with the demo dataset, with its lifespan running."""
    await migrate_database(settings)
    application = create_app(settings)
    async with application.router.lifespan_context(application):
        await load_demo()
        yield application


@pytest.fixture(scope="session")
async def client(app: Any) -> AsyncIterator[httpx.AsyncClient]:
    """An HTTP client talking to the app in-process."""
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://kilometer.test") as c:
        yield c


class GraphQLClient:
    """Sends GraphQL documents over HTTP POST and returns the decoded response."""

    def __init__(self, http: httpx.AsyncClient, token: str | None = None) -> None:
        self.http = http
        self.headers = {"authorization": f"Bearer {token}"} if token else {}

    async def post(self, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
        """Send a document; assert the HTTP exchange itself succeeded."""
        response = await self.http.post(
            "/graphql", json={"query": query, "variables": variables or {}}, headers=self.headers
        )
        assert response.status_code == 200, response.text
        body: dict[str, Any] = response.json()
        return body

    async def data(self, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
        """Send a document that must succeed without errors and return its data."""
        body = await self.post(query, variables)
        assert "errors" not in body, body["errors"]
        result: dict[str, Any] = body["data"]
        return result


@pytest.fixture
def gql(client: httpx.AsyncClient) -> GraphQLClient:
    """A GraphQL client over HTTP, calling as the public."""
    return GraphQLClient(client)


@pytest.fixture
def as_role(client: httpx.AsyncClient) -> Any:
    """Make a GraphQL client holding a fresh token: `await as_role("BANK")`,
    `await as_role("GOVERNMENT", department_id=...)`, `await as_role("INSTITUTION", institution_id=...)`."""

    async def make(role: str, **binding: Any) -> GraphQLClient:
        return GraphQLClient(client, await make_token(role, **binding))

    return make


class StatementCounter(logging.Handler):
    """Counts SQL statements Tortoise sends, from its debug log."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.statements: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage().lstrip().upper()
        if message.startswith(("SELECT", "INSERT", "UPDATE", "DELETE", "WITH")):
            self.statements.append(record.getMessage())


@contextmanager
def count_statements() -> Iterator[StatementCounter]:
    """Count the SQL statements run inside the block."""
    loggers = [logging.getLogger(name) for name in ("tortoise.db_client", "kilometer.sql")]
    handler, levels = StatementCounter(), [logger.level for logger in loggers]
    for logger in loggers:
        logger.addHandler(handler)
        logger.setLevel(logging.DEBUG)
    try:
        yield handler
    finally:
        for logger, level in zip(loggers, levels, strict=True):
            logger.removeHandler(handler)
            logger.setLevel(level)
