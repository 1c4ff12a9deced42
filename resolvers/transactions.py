"""The one way a mutation writes: a transaction that locks what it depends on first, and in
which a race lost to another writer becomes a CONFLICT userError instead of an internal error.

Locks are taken in the order given; every write path names them in the same global order
(credential, then project or policy series) so two writers never wait on each other in a
circle. On PostgreSQL each lock is `SELECT ... FOR NO KEY UPDATE` on the rows; on SQLite
the transaction began with `BEGIN IMMEDIATE` (see `portal.database.sqlite`) and already
holds the database's only write lock, so there is nothing more to take.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

from tortoise import connections
from tortoise.models import Model
from tortoise.transactions import in_transaction

from resolvers.errors import InputErrors, UserErrorCode, refuse

LOST_RACE_SQLSTATES = frozenset({"23505", "40001", "40P01", "55P03"})
"""PostgreSQL: unique violation, serialization failure, deadlock, lock not available."""
LOST_RACE_SQLITE_ERRORS = frozenset(
    {"SQLITE_CONSTRAINT_UNIQUE", "SQLITE_CONSTRAINT_PRIMARYKEY", "SQLITE_BUSY", "SQLITE_LOCKED"}
)
"""SQLite: the same unique violations, and a write lock that stayed busy past the timeout."""


@dataclass(frozen=True)
class RowLock:
    """The rows of `model` matching `filters`, to lock before anything else is read."""

    model: type[Model]
    filters: dict[str, Any]


def lock(model: type[Model], **filters: Any) -> RowLock:
    """Name rows to lock: `lock(Project, id=7)`, `lock(Policy, series=s)`."""
    return RowLock(model, filters)


async def take(*locks: RowLock) -> None:
    """Lock more rows inside a running `write_transaction` (for rows known only once read).

    Rows are locked in id order, so writers locking overlapping sets cannot deadlock.
    """
    if connections.get("default").capabilities.dialect != "postgres":
        return
    for row_lock in locks:
        await (
            row_lock.model.filter(**row_lock.filters)
            .order_by("id")
            .select_for_update(no_key=True)
            .only("id")
        )


@asynccontextmanager
async def write_transaction(*locks: RowLock) -> AsyncIterator[None]:
    """Run a mutation's writes in one transaction that first takes `locks`.

    Raises:
        InputErrors: CONFLICT when the database refused a write because a concurrent one won
            (a unique violation, a serialization failure or deadlock, a busy SQLite file),
            besides whatever the body raises.
    """
    try:
        async with in_transaction():
            await take(*locks)
            yield
    except InputErrors:
        raise
    except Exception as error:
        if lost_race(error):
            raise refuse(
                (),
                UserErrorCode.CONFLICT,
                "a concurrent change to the same data won; read it again and retry",
            ) from error
        raise


def lost_race(error: BaseException) -> bool:
    """True when `error`, or the driver error it wraps, says a concurrent writer won."""
    for cause in _chain(error):
        if getattr(cause, "sqlstate", None) in LOST_RACE_SQLSTATES:
            return True
        if getattr(cause, "sqlite_errorname", None) in LOST_RACE_SQLITE_ERRORS:
            return True
    return False


def _chain(error: BaseException) -> Iterable[BaseException]:
    """The error, then what it wraps: Tortoise keeps the driver's error as its first argument
    (SQLite) or as its cause (asyncpg)."""
    seen: list[BaseException] = []
    current: BaseException | None = error
    while current is not None and current not in seen and len(seen) < 5:
        seen.append(current)
        wrapped = current.args[0] if current.args else None
        current = (
            current.__cause__
            or (wrapped if isinstance(wrapped, BaseException) else None)
            or current.__context__
        )
    return seen
