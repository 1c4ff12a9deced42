"""Spending query cost against a per-caller budget in fixed windows, shared by all processes."""

from __future__ import annotations

import time
from dataclasses import dataclass

from tortoise import connections


@dataclass(frozen=True)
class Budget:
    """What is left of a caller's budget after a request."""

    limit: int
    spent: int
    reset_after: int

    @property
    def remaining(self) -> int:
        """Cost still available in this window (never negative)."""
        return max(0, self.limit - self.spent)

    @property
    def exceeded(self) -> bool:
        """True when this request took the caller over its limit."""
        return self.spent > self.limit


async def spend(caller: str, cost: int, limit: int, window: int) -> Budget:
    """Add `cost` to the caller's current window in one atomic upsert and report the budget."""
    now = int(time.time())
    start = now - now % window
    conn = connections.get("default")
    mark = "$%d" if conn.capabilities.dialect == "postgres" else "?"
    marks = [mark % n if "%" in mark else mark for n in (1, 2, 3)]
    sql = (
        f"INSERT INTO rate_bucket (caller, window_start, spent) VALUES ({marks[0]}, {marks[1]}, {marks[2]}) "
        "ON CONFLICT (caller, window_start) DO UPDATE SET spent = rate_bucket.spent + excluded.spent "
        "RETURNING spent"
    )
    if conn.capabilities.dialect == "postgres":
        # Tortoise's asyncpg client drops the rows of a statement starting with INSERT.
        sql = f"WITH upserted AS ({sql}) SELECT spent FROM upserted"
    _, rows = await conn.execute_query(sql, [caller, start, cost])
    spent = int(rows[0]["spent"])
    if spent == cost:  # first request of this caller's window: sweep windows long gone
        await conn.execute_query(
            f"DELETE FROM rate_bucket WHERE window_start < {marks[0]}", [start - 10 * window]
        )
    return Budget(limit=limit, spent=spent, reset_after=start + window - now)
