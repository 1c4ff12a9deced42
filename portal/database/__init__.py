"""Opening, closing and migrating the database."""

from __future__ import annotations

from typing import Any

from tortoise import Tortoise, connections
from tortoise.backends.base.config_generator import expand_db_url
from tortoise.migrations.api import migrate

from portal.config import Settings, tortoise_config

SQLITE_ENGINE = "portal.database.sqlite"
SQLITE_BUSY_TIMEOUT_MS = 5000
"""How long a SQLite writer waits for another process's write lock before giving up.
Writes are short, so reaching it means the server is overloaded, not that a lock is stuck."""


def orm_config(settings: Settings, *, foreign_keys: bool = True) -> dict[str, Any]:
    """The Tortoise configuration for `settings`, with the SQLite connection set up for
    several processes on one file: the `BEGIN IMMEDIATE` engine, WAL and a busy timeout
    (a `?busy_timeout=` in the URL wins).

    Args:
        settings: Which database to open.
        foreign_keys: Enforce foreign keys on SQLite. Migrations switch them off, as SQLite's
            table-rebuild procedure requires, and check them once the migrations are done.
    """
    config = tortoise_config(settings)
    if settings.database_url.startswith("sqlite://"):
        connection = expand_db_url(settings.database_url)
        connection["engine"] = SQLITE_ENGINE
        credentials = connection["credentials"]
        credentials.setdefault("busy_timeout", SQLITE_BUSY_TIMEOUT_MS)
        credentials["journal_mode"] = "WAL"
        credentials["foreign_keys"] = "ON" if foreign_keys else "OFF"
        config["connections"]["default"] = connection
    return config


async def init_orm(settings: Settings, *, global_fallback: bool = True) -> None:
    """Initialise Tortoise for `settings`.

    Args:
        settings: Which database to open.
        global_fallback: Let other tasks (uvicorn's request tasks, not the lifespan task that
            opened the ORM) see the connections.
    """
    await Tortoise.init(config=orm_config(settings), _enable_global_fallback=global_fallback)


async def close_orm() -> None:
    """Close every connection Tortoise holds."""
    await Tortoise.close_connections()


class ForeignKeyViolation(RuntimeError):
    """A migration left rows pointing at rows that do not exist."""


async def migrate_database(settings: Settings) -> None:
    """Apply every committed migration to the configured database, then close it.

    Raises:
        ForeignKeyViolation: On SQLite, when the migrated database breaks a foreign key.
    """
    try:
        await migrate(config=orm_config(settings, foreign_keys=False))
        conn = connections.get("default")
        if conn.capabilities.dialect == "sqlite":
            _, broken = await conn.execute_query("PRAGMA foreign_key_check")
            if broken:
                rows = [tuple(row) for row in broken[:5]]
                raise ForeignKeyViolation(f"foreign keys broken after migrating: {rows}")
    finally:
        await Tortoise.close_connections()
