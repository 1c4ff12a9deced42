"""Tortoise's asyncpg backend with a bounded wait for a pooled connection.

Tortoise acquires pooled connections without a timeout, so with every connection busy (or
the database unreachable) a request would wait forever. This backend, named as the engine in
`portal.config.postgres_connection`, hands Tortoise a pool whose `acquire` always has one.
"""

from __future__ import annotations

from typing import Any

import asyncpg
from tortoise.backends.asyncpg.client import AsyncpgDBClient


class BoundedPool:
    """An asyncpg pool whose `acquire` waits at most `acquire_timeout` seconds."""

    def __init__(self, pool: asyncpg.Pool, acquire_timeout: float | None) -> None:
        self._pool = pool
        self._acquire_timeout = acquire_timeout

    def acquire(self, *, timeout: float | None = None) -> Any:
        """Acquire a connection, raising TimeoutError after the configured wait."""
        return self._pool.acquire(timeout=self._acquire_timeout if timeout is None else timeout)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._pool, name)


class BoundedAsyncpgClient(AsyncpgDBClient):
    """AsyncpgDBClient whose pool bounds the wait for a connection."""

    def __init__(self, *args: Any, acquire_timeout: float | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.acquire_timeout = acquire_timeout

    async def create_pool(self, **kwargs: Any) -> Any:
        """Create asyncpg's pool and wrap it."""
        return BoundedPool(await super().create_pool(**kwargs), self.acquire_timeout)


client_class = BoundedAsyncpgClient
