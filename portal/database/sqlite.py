"""A Tortoise engine for SQLite files shared by several app processes.

Tortoise's SQLite client starts a transaction with a plain (deferred) `BEGIN`: the transaction
reads under a shared lock and asks for the write lock only at its first write. If another
process committed in between, SQLite cannot move the stale snapshot forward and answers
"database is locked" at once, without waiting for the busy timeout. With the Procfile's two
workers that failed about a fifth of concurrent writes. Here every transaction starts with
`BEGIN IMMEDIATE`, which takes the write lock first: a second writer waits (up to the
connection's `busy_timeout`) instead of failing, and everything a transaction reads is
still true when it writes. Reads outside transactions stay concurrent (WAL journal).

Selected in the ORM configuration as `"engine": "portal.database.sqlite"`.
"""

from __future__ import annotations

import sqlite3
from typing import Any

from tortoise.backends.base.client import (
    NestedTransactionContext,
    TransactionalDBClient,
    TransactionContext,
)
from tortoise.backends.sqlite.client import (
    SqliteClient,
    SqliteTransactionContext,
    SqliteTransactionWrapper,
)
from tortoise.connection import get_connections
from tortoise.exceptions import OperationalError


class ImmediateTransaction(SqliteTransactionWrapper):
    """A transaction that holds the database's write lock from its first statement."""

    def _in_transaction(self) -> TransactionContext:
        return NestedTransactionContext(ImmediateTransaction(self))

    async def begin(self) -> None:
        """Take the write lock, waiting up to `busy_timeout` for another process to finish.

        Raises:
            OperationalError: The lock stayed busy for the whole timeout (SQLITE_BUSY).
        """
        try:
            await self._connection.commit()
            await self._connection.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            raise OperationalError(exc) from exc


class ImmediateTransactionContext(SqliteTransactionContext):
    """Tortoise's transaction context, releasing its lock when `BEGIN` itself fails.

    A deferred `BEGIN` never fails, so Tortoise does not expect it to; `BEGIN IMMEDIATE` can
    (busy timeout), and the process-wide connection lock must not stay taken when it does.
    """

    async def __aenter__(self) -> TransactionalDBClient:
        await self._trxlock.acquire()
        try:
            await self.ensure_connection()
            await self.connection.begin()
        except BaseException:
            self._trxlock.release()
            raise
        self.token = get_connections().set(self.connection_name, self.connection)
        connection: TransactionalDBClient = self.connection
        return connection


class SerializedSqliteClient(SqliteClient):
    """Tortoise's SQLite client whose transactions begin with `BEGIN IMMEDIATE`."""

    def _in_transaction(self) -> TransactionContext:
        return ImmediateTransactionContext(ImmediateTransaction(self), self._lock)


client_class = SerializedSqliteClient


def get_client_class(db_info: dict[str, Any]) -> type[SqliteClient]:
    """The client class Tortoise instantiates for this engine."""
    return SerializedSqliteClient
