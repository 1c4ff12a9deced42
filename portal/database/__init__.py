"""Opening, closing and migrating the database."""

from __future__ import annotations

from tortoise import Tortoise
from tortoise.migrations.api import migrate

from portal.config import Settings, tortoise_config


async def init_orm(settings: Settings, *, global_fallback: bool = True) -> None:
    """Initialise Tortoise for `settings`.

    Args:
        settings: Which database to open.
        global_fallback: Let other tasks (uvicorn's request tasks, not the lifespan task that
            opened the ORM) see the connections.
    """
    await Tortoise.init(config=tortoise_config(settings), _enable_global_fallback=global_fallback)


async def close_orm() -> None:
    """Close every connection Tortoise holds."""
    await Tortoise.close_connections()


async def migrate_database(settings: Settings) -> None:
    """Apply every committed migration to the configured database, then close it."""
    try:
        await migrate(config=tortoise_config(settings))
    finally:
        await Tortoise.close_connections()
