"""Per-caller cost budgets in fixed windows, kept in process and reconciled with a shared store.

The hot path does no I/O: each process counts what it admits in memory and a background task
adds those counts to the shared store (Redis or the database, see `resolvers.budget_store`)
every `interval` seconds, learning in the same round trip what every process has spent.

A process admits at most `sync_points` of a caller's cost between two reconciliations; a
request that would take it past that (a large one, or the end of a burst) waits for the next
reconciliation, with its own cost already reserved in the store, and is refused (and its
reservation returned) if the store then shows the caller over the limit. So across N
processes a caller can get at most `limit + N * sync_points` per window.
"""

from __future__ import annotations

import asyncio
import contextlib
import ipaddress
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

log = logging.getLogger("kilometer.ratelimit")

BASE_COST = 1
"""What every request costs on arrival, whatever becomes of it (401, 413, 429 included)."""
RESERVE_WAIT = 2.0
"""Longest a request waits for a reconciliation; past it the process decides on what it knows."""


class BudgetStore(Protocol):
    """Where the processes of one deployment add up what each caller spent."""

    async def add(self, window_start: int, window: int, amounts: dict[str, int]) -> dict[str, int]:
        """Add each caller's amount to its total for the window; return the new totals."""
        ...

    async def aclose(self) -> None:
        """Release connections."""
        ...


@dataclass(frozen=True)
class Budget:
    """A caller's budget as this process knows it, after a decision."""

    limit: int
    spent: int
    reset_after: int
    admitted: bool = True

    @property
    def remaining(self) -> int:
        """Cost still available in this window (never negative)."""
        return max(0, self.limit - self.spent)


@dataclass
class _Account:
    shared: int = 0
    """The store's total at the last reconciliation (every process's flushed spending)."""
    pending: int = 0
    """Spent (or, negative, refunded) here and not yet sent to the store."""
    in_flight: int = 0
    """Sent to the store, answer not yet back."""

    @property
    def spent(self) -> int:
        return self.shared + self.in_flight + self.pending

    @property
    def unsynced(self) -> int:
        return self.in_flight + self.pending


def client_key(host: str | None) -> str:
    """The budget key of an anonymous caller: its address, or its /64 for IPv6.

    An IPv6 host usually holds a whole /64, so keying on single addresses would give one
    client 2**64 budgets. IPv4-mapped addresses count as the IPv4 address they carry.
    """
    try:
        address = ipaddress.ip_address(host or "")
    except ValueError:
        return f"ip:{host or 'unknown'}"
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return f"ip:{address.ipv4_mapped}"
        return f"ip:{ipaddress.IPv6Network((address, 64), strict=False)}"
    return f"ip:{address}"


class RateLimiter:
    """Admits or refuses query cost per caller; one per process (per app)."""

    def __init__(
        self,
        store: BudgetStore,
        *,
        window: int,
        sync_points: int,
        interval: float,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.store = store
        self.window = window
        self.sync_points = sync_points
        self.interval = interval
        self.clock = clock
        self._accounts: dict[tuple[str, int], _Account] = {}
        self._wake: asyncio.Event | None = None
        self._next_sync: asyncio.Future[None] | None = None
        self._task: asyncio.Task[None] | None = None
        self._failing_since: float | None = None
        self._closing = False

    def _window_start(self) -> int:
        now = int(self.clock())
        return now - now % self.window

    def _account(self, caller: str) -> tuple[_Account, int]:
        start = self._window_start()
        account = self._accounts.get((caller, start))
        if account is None:
            account = self._accounts[(caller, start)] = _Account()
        return account, start

    def _budget(self, account: _Account, limit: int, start: int, admitted: bool) -> Budget:
        reset_after = max(0, start + self.window - int(self.clock()))
        return Budget(limit=limit, spent=account.spent, reset_after=reset_after, admitted=admitted)

    def charge(self, caller: str, amount: int = BASE_COST) -> None:
        """Count `amount` against the caller unconditionally (the base cost of a request)."""
        account, _ = self._account(caller)
        account.pending += amount
        self._ensure_running()
        if account.unsynced >= self.sync_points:
            self._wake_up()

    def peek(self, caller: str, limit: int) -> Budget:
        """The caller's budget now; `admitted` is False when nothing more can be admitted."""
        account, start = self._account(caller)
        return self._budget(account, limit, start, admitted=account.spent < limit)

    async def admit(self, caller: str, cost: int, limit: int) -> Budget:
        """Admit `cost` for the caller if its budget allows, counting it; else refuse it."""
        account, start = self._account(caller)
        if account.spent + cost > limit:
            return self._budget(account, limit, start, admitted=False)
        if account.unsynced + cost <= self.sync_points:
            account.pending += cost
            self._ensure_running()
            return self._budget(account, limit, start, admitted=True)
        # Past this process's share: reserve the cost in the store and look at the total.
        account.pending += cost
        await self.sync()
        if account.spent > limit:
            account.pending -= cost  # the refund reaches the store with the next reconciliation
            return self._budget(account, limit, start, admitted=False)
        return self._budget(account, limit, start, admitted=True)

    async def sync(self) -> None:
        """Wait for the next reconciliation with the store (at most `RESERVE_WAIT` seconds)."""
        self._ensure_running()
        if self._next_sync is None:
            self._next_sync = asyncio.get_running_loop().create_future()
        waiter = self._next_sync
        self._wake_up()
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(asyncio.shield(waiter), RESERVE_WAIT)

    def _wake_up(self) -> None:
        if self._wake is not None:
            self._wake.set()

    def _ensure_running(self) -> None:
        if (self._task is None or self._task.done()) and not self._closing:
            self._wake = asyncio.Event()
            self._task = asyncio.get_running_loop().create_task(self._run())

    async def _run(self) -> None:
        assert self._wake is not None
        while True:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), self.interval)
            self._wake.clear()
            await self.reconcile()
            if self._closing and not any(a.pending for a in self._accounts.values()):
                return

    async def reconcile(self) -> None:
        """Send every unsent amount to the store and learn each caller's shared total."""
        waiter, self._next_sync = self._next_sync, None
        try:
            batches: dict[int, dict[str, int]] = {}
            sending: dict[tuple[str, int], _Account] = {}
            for (caller, start), account in self._accounts.items():
                if account.pending:
                    account.in_flight, account.pending = account.pending, 0
                    batches.setdefault(start, {})[caller] = account.in_flight
                    sending[(caller, start)] = account
            await self._send(batches, sending)
            self._forget_old_windows()
        finally:
            if waiter is not None and not waiter.done():
                waiter.set_result(None)

    async def _send(
        self, batches: dict[int, dict[str, int]], sending: dict[tuple[str, int], _Account]
    ) -> None:
        try:
            for start, amounts in batches.items():
                totals = await self.store.add(start, self.window, amounts)
                for caller, total in totals.items():
                    account = sending.pop((caller, start))
                    account.shared, account.in_flight = total, 0
            self._failing_since = None
        except Exception:  # the store is down: keep counting here, and say so now and then
            now = time.monotonic()
            if self._failing_since is None or now - self._failing_since > 60:
                log.warning("rate-limit store unreachable; budgets are per process", exc_info=True)
                self._failing_since = now
        finally:
            for account in sending.values():  # not confirmed: send again next time
                account.pending += account.in_flight
                account.in_flight = 0

    def _forget_old_windows(self) -> None:
        current = self._window_start()
        for key in [k for k, a in self._accounts.items() if k[1] < current and not a.unsynced]:
            del self._accounts[key]

    async def aclose(self) -> None:
        """Stop the background task after a last reconciliation; close the store.

        The task is let finish its round trip rather than cancelled in it: an amount the store
        applied but whose answer was lost would be sent again.
        """
        if self._task is not None:
            self._closing = True
            self._wake_up()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(asyncio.shield(self._task), RESERVE_WAIT)
            if not self._task.done():  # the store hangs: give up on it
                self._task.cancel()
            self._task = None
        await self.store.aclose()
