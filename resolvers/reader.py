"""Connections for the read path: the raw driver, one pooled connection per request.

The ORM owns writes and migrations. Reads go straight to the driver: on PostgreSQL through an
asyncpg pool of our own (no per-statement pool reset, stable statement texts prepared once per
connection, optionally on a read replica); on SQLite through a separate aiosqlite connection,
so a read never sees another task's uncommitted write.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Sequence
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from resolvers.sql import POSTGRES, SQLITE, Dialect, Sql

log = logging.getLogger("kilometer.sql")

Row = Sequence[Any]

READ_SESSION = {
    "plan_cache_mode": "force_generic_plan",
    "max_parallel_workers_per_gather": "0",
    "jit": "off",
    "TimeZone": "UTC",
}
"""Session settings of the read pool. The read path's statements are prepared once per
connection and run with new values every time: a generic plan is made once, where the default
would plan most of them again on every execution (an `= ANY($1)` list of unknown length never
looks cheap enough to PostgreSQL to keep generic), which doubled the database's CPU per
request. Parallel workers and JIT compilation cost milliseconds to start and never pay off on
a page of 50 rows (a generic plan's cost estimate is often high enough to trigger both). Lists
read inline come back as JSON, whose timestamps the session's time zone spells: UTC."""


class Reader:
    """One connection, held for the statements of one request."""

    def __init__(self, dialect: Dialect, connection: Any) -> None:
        self.dialect = dialect
        self.connection = connection

    async def fetch(self, sql: Sql) -> list[Row]:
        """Run a statement and return its rows (indexable by position)."""
        text, params = self.dialect.render(sql)
        if log.isEnabledFor(logging.DEBUG):
            log.debug("%s %r", text, params)
        if self.dialect.postgres:
            rows: list[Row] = await self.connection.fetch(text, *params)
            return rows
        async with self.connection.execute(text, params) as cursor:
            return list(await cursor.fetchall())

    async def fetch_dicts(self, sql: Sql) -> list[dict[str, Any]]:
        """Run a statement and return its rows as dicts by column name."""
        text, params = self.dialect.render(sql)
        if log.isEnabledFor(logging.DEBUG):
            log.debug("%s %r", text, params)
        if self.dialect.postgres:
            return [dict(r) for r in await self.connection.fetch(text, *params)]
        async with self.connection.execute(text, params) as cursor:
            names = [c[0] for c in cursor.description]
            return [dict(zip(names, r, strict=True)) for r in await cursor.fetchall()]


class ReadDatabase:
    """The read side of one database: opened in the app's lifespan, shared by its requests."""

    def __init__(
        self,
        url: str,
        statement_timeout: float = 0.0,
        pool_timeout: float | None = None,
        connect_timeout: float = 5.0,
    ) -> None:
        self.url = url
        self.statement_timeout = statement_timeout
        self.pool_timeout = pool_timeout
        self.connect_timeout = connect_timeout
        self.dialect: Dialect = (
            POSTGRES if url.startswith(("postgres://", "asyncpg://")) else SQLITE
        )
        self._pool: Any = None
        self._sqlite: Any = None

    async def open(self) -> None:
        """Open the pool (PostgreSQL) or the read connection (SQLite)."""
        if self.dialect.postgres:
            import asyncpg

            kwargs = _asyncpg_kwargs(self.url)
            kwargs["timeout"] = self.connect_timeout
            kwargs["server_settings"] = dict(READ_SESSION)
            if self.statement_timeout:
                # The server stops the statement; the client stops waiting a second later
                # for a server that never answers.
                milliseconds = str(int(self.statement_timeout * 1000))
                kwargs["server_settings"]["statement_timeout"] = milliseconds
                kwargs["command_timeout"] = self.statement_timeout + 1
            # An empty pool at start: the app starts (and answers 503) while the database is down.
            kwargs["min_size"] = 0
            self._pool = await asyncpg.create_pool(reset=_keep_session, **kwargs)
        else:
            import aiosqlite

            path = self.url.removeprefix("sqlite://") or ":memory:"
            self._sqlite = await aiosqlite.connect(path)
            await self._sqlite.execute("PRAGMA busy_timeout = 5000")
            await self._sqlite.execute("PRAGMA query_only = 1")

    @property
    def pool(self) -> Any:
        """The asyncpg pool (PostgreSQL), None on SQLite."""
        return self._pool

    async def close(self) -> None:
        """Close every connection."""
        if self._pool is not None:
            await self._pool.close()
            self._pool = None
        if self._sqlite is not None:
            await self._sqlite.close()
            self._sqlite = None

    @contextlib.asynccontextmanager
    async def reader(self) -> AsyncIterator[Reader]:
        """Hold one connection for the duration of the block."""
        if self._pool is not None:
            # asyncio.timeout, not acquire(timeout=...): that wraps every acquisition in
            # wait_for, a task of its own per request.
            async with asyncio.timeout(self.pool_timeout):
                connection = await self._pool.acquire()
            try:
                yield Reader(self.dialect, connection)
            except TimeoutError:
                # The server never answered: drop the connection rather than reset it.
                connection.terminate()
                raise
            finally:
                await self._pool.release(connection)
            return
        if self._sqlite is None:
            raise RuntimeError("the read database is not open")
        yield Reader(self.dialect, self._sqlite)


async def _keep_session(_: Any) -> None:
    """asyncpg resets a connection on release; the read path leaves nothing to reset."""


def _asyncpg_kwargs(url: str) -> dict[str, Any]:
    parts = urlsplit(url)
    query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
    kwargs: dict[str, Any] = {
        "host": parts.hostname or "127.0.0.1",
        "port": parts.port or 5432,
        "user": unquote(parts.username) if parts.username else None,
        "password": unquote(parts.password) if parts.password else None,
        "database": parts.path.lstrip("/") or None,
        "min_size": int(query.get("minsize", 1)),
        "max_size": int(query.get("maxsize", 10)),
    }
    return kwargs


_instance: list[ReadDatabase] = []


def install(database: ReadDatabase) -> None:
    """Make `database` the process's read database (done by the app's lifespan)."""
    _instance[:] = [database]


def uninstall() -> None:
    """Forget the read database."""
    _instance.clear()


def database() -> ReadDatabase:
    """The process's read database."""
    if not _instance:
        raise RuntimeError("the read database is not open")
    return _instance[0]
