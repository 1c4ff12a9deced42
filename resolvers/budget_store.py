"""The shared stores the processes of one deployment add their callers' spending to.

Redis when `REDIS_URL` is set (INCRBY and EXPIRE per window key, pipelined); otherwise the
database's `rate_bucket` table, one multi-row upsert per reconciliation. Redis is never
needed by the embedded default.
"""

from __future__ import annotations

import logging
from typing import Any

from tortoise import connections

from portal.config import Settings
from resolvers.ratelimit import BudgetStore, RateLimiter

log = logging.getLogger("kilometer.ratelimit")
ROWS_PER_STATEMENT = 500
"""Rows per upsert: three parameters each stays under every database's parameter limit."""


class DatabaseStore:
    """Budgets in the `rate_bucket` table: one row per caller and window."""

    def __init__(self) -> None:
        self._swept_before = 0

    async def add(self, window_start: int, window: int, amounts: dict[str, int]) -> dict[str, int]:
        """Add the amounts in one upsert per `ROWS_PER_STATEMENT` callers; return the totals."""
        conn = connections.get("default")
        postgres = conn.capabilities.dialect == "postgres"
        items = list(amounts.items())
        totals: dict[str, int] = {}
        for offset in range(0, len(items), ROWS_PER_STATEMENT):
            chunk = items[offset : offset + ROWS_PER_STATEMENT]
            values: list[Any] = []
            rows = []
            for caller, amount in chunk:
                n = len(values)
                rows.append(f"(${n + 1}, ${n + 2}, ${n + 3})" if postgres else "(?, ?, ?)")
                values += [caller, window_start, amount]
            sql = (
                f"INSERT INTO rate_bucket (caller, window_start, spent) VALUES {', '.join(rows)} "
                "ON CONFLICT (caller, window_start) DO UPDATE "
                "SET spent = rate_bucket.spent + excluded.spent RETURNING caller, spent"
            )
            result = await _fetch(conn, postgres, sql, values)
            totals.update({row["caller"]: int(row["spent"]) for row in result})
        before = window_start - 10 * window
        if before > self._swept_before:  # once per window, delete windows long gone
            mark = "$1" if postgres else "?"
            sql = f"DELETE FROM rate_bucket WHERE window_start < {mark}"
            await _fetch(conn, postgres, sql, [before])
            self._swept_before = before
        return totals

    async def aclose(self) -> None:
        """Nothing to close: the ORM owns the connections."""


async def _fetch(conn: Any, postgres: bool, sql: str, values: list[Any]) -> Any:
    """Run a statement on the driver's own connection.

    The reconciliation is the process's, not a request's: it stays out of Tortoise's
    statement log, which tests read to count what a request costs.
    """
    log.debug("%s: %s", sql, values)
    async with conn.acquire_connection() as raw:
        if postgres:
            return await raw.fetch(sql, *values)
        return await raw.execute_fetchall(sql, values)


class RedisStore:
    """Budgets in Redis: one key per caller and window, expiring after two windows."""

    def __init__(self, url: str, prefix: str = "kilometer:rate") -> None:
        import redis.asyncio  # optional: only deployments with REDIS_URL need it

        self.redis: Any = redis.asyncio.from_url(url, socket_timeout=2, socket_connect_timeout=2)
        self.prefix = prefix

    async def add(self, window_start: int, window: int, amounts: dict[str, int]) -> dict[str, int]:
        """INCRBY and EXPIRE each caller's key, all in one pipelined round trip."""
        pipe = self.redis.pipeline(transaction=False)
        callers = list(amounts)
        for caller in callers:
            key = f"{self.prefix}:{window_start}:{caller}"
            pipe.incrby(key, amounts[caller])
            pipe.expire(key, 2 * window)
        results = await pipe.execute()
        return {caller: int(results[2 * i]) for i, caller in enumerate(callers)}

    async def aclose(self) -> None:
        """Close the connection pool."""
        await self.redis.aclose()


def store_for(settings: Settings) -> BudgetStore:
    """Redis when configured, else the database."""
    if settings.redis_url:
        return RedisStore(settings.redis_url)
    return DatabaseStore()


def limiter_for(settings: Settings) -> RateLimiter:
    """A process's rate limiter, reconciling with the configured store."""
    return RateLimiter(
        store_for(settings),
        window=settings.rate_window_seconds,
        sync_points=settings.rate_sync_points,
        interval=settings.rate_sync_interval,
    )
