"""Tortoise's asyncpg backend with a bounded wait for a pooled connection.

Tortoise acquires pooled connections without a timeout, so with every connection busy (or
the database unreachable) a request would wait forever. This backend, named as the engine in
`portal.config.postgres_connection`, hands Tortoise a pool whose `acquire` always has one.
"""

from __future__ import annotations

from typing import Any

import asyncpg
from tortoise.backends.asyncpg.client import AsyncpgDBClient
from tortoise.backends.base.client import PoolConnectionWrapper


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


class _DroppingConnection(PoolConnectionWrapper[Any]):
    """A pooled connection that is dropped, not reset, after a client-side timeout: the server
    never answered, so resetting it would only wait again."""

    async def __aexit__(self, exc_type: Any, exc_val: Any, exc_tb: Any) -> None:
        if exc_type is not None and issubclass(exc_type, TimeoutError) and self.connection:
            self.connection.terminate()
        await super().__aexit__(exc_type, exc_val, exc_tb)


class BoundedAsyncpgClient(AsyncpgDBClient):
    """AsyncpgDBClient whose pool bounds the wait for a connection."""

    def __init__(self, *args: Any, acquire_timeout: float | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.acquire_timeout = acquire_timeout

    def acquire_connection(self) -> Any:
        """A pooled connection, dropped after a timeout."""
        return _DroppingConnection(self, self._pool_init_lock)

    async def create_pool(self, **kwargs: Any) -> Any:
        """Create asyncpg's pool and wrap it."""
        return BoundedPool(await super().create_pool(**kwargs), self.acquire_timeout)


client_class = BoundedAsyncpgClient
