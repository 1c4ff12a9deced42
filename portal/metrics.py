"""Prometheus metrics, scraped at GET /metrics.

With several worker processes (uvicorn `--workers`, the Procfile's `WEB_CONCURRENCY`), set
`PROMETHEUS_MULTIPROC_DIR` to an empty directory writable by every worker before they start:
each worker then writes its samples there and a scrape of any worker adds them all up
(prometheus-client's multiprocess mode). Without it, a scrape sees one worker only.
"""

from __future__ import annotations

import asyncio
import atexit
import logging
import os
import sqlite3
from typing import Any

import asyncpg
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
)
from prometheus_client import multiprocess as prometheus_multiprocess
from starlette.requests import Request
from starlette.responses import Response
from tortoise import connections
from tortoise.exceptions import DBConnectionError, IntegrityError, OperationalError

from portal.logs import current_request

MULTIPROCESS_DIR = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
MAX_OPERATION_NAMES = 100
"""Distinct operation names one process labels; later new names count as `other`."""

REQUESTS = Counter(
    "kilometer_requests",
    "HTTP requests by endpoint, GraphQL operation name and outcome.",
    ["endpoint", "operation", "outcome"],
)
DURATION = Histogram(
    "kilometer_request_duration_seconds",
    "Time from the request's arrival to the end of its response.",
    ["endpoint", "operation"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0),
)
QUERY_COST = Histogram(
    "kilometer_query_cost",
    "Computed cost of each GraphQL operation that was priced.",
    buckets=(1, 10, 50, 100, 500, 1_000, 2_000, 5_000, 10_000, 20_000, 50_000, 100_000),
)
RATE_LIMITED = Counter(
    "kilometer_rate_limit_refusals",
    "Requests refused because the caller's budget was spent (HTTP 429).",
    ["caller"],
)
DATABASE_ERRORS = Counter(
    "kilometer_database_errors",
    "Exceptions raised by the database driver that the application logged or answered 503 for.",
    ["kind"],
)
POOL = Gauge(
    "kilometer_database_pool_connections",
    "PostgreSQL connection pools: size (open), in_use, free (idle) and max connections, for the read path's pool (pool=read) and the ORM's, which writes (pool=write).",
    ["pool", "state"],
    multiprocess_mode="livesum",
)

_operations: set[str] = set()


def operation_label(name: str) -> str:
    """`name` itself for the first MAX_OPERATION_NAMES names seen, `other` afterwards.

    Any client can name its operation anything, so an unbounded label would let it grow the
    metrics without limit; the GraphQL layer already reduces unnamed ones to `anonymous`.
    """
    if name in _operations:
        return name
    if len(_operations) >= MAX_OPERATION_NAMES:
        return "other"
    _operations.add(name)
    return name


def sample_pool() -> None:
    """Read the asyncpg pools (the read path's and the ORM's) into the POOL gauge.

    SQLite has no pool and the ORM's is created on first use: then nothing is recorded.
    """
    from resolvers import reader

    try:
        orm: Any = getattr(connections.get("default"), "_pool", None)
    except Exception:  # the ORM is not initialised in this process (yet, or any more)
        orm = None
    try:
        read: Any = reader.database().pool
    except RuntimeError:  # the read database is not open in this process
        read = None
    for name, pool in (("read", read), ("write", orm)):
        pool = getattr(pool, "_pool", pool)  # the ORM's pool may be wrapped
        if not isinstance(pool, asyncpg.Pool):
            continue
        size, free = pool.get_size(), pool.get_idle_size()
        POOL.labels(name, "size").set(size)
        POOL.labels(name, "in_use").set(size - free)
        POOL.labels(name, "free").set(free)
        POOL.labels(name, "max").set(pool.get_max_size())


def database_error_kind(error: BaseException | None) -> str | None:
    """`connection`, `timeout`, `integrity` or `other` for a database error; None otherwise.

    Follows `__cause__`/`__context__`, since Tortoise and Strawberry wrap the driver's error.
    """
    seen = 0
    while error is not None and seen < 10:
        if isinstance(error, IntegrityError | asyncpg.IntegrityConstraintViolationError):
            return "integrity"
        if isinstance(error, asyncpg.QueryCanceledError | asyncio.TimeoutError):
            return "timeout"
        if isinstance(
            error,
            DBConnectionError
            | asyncpg.InterfaceError
            | asyncpg.PostgresConnectionError
            | ConnectionError,
        ):
            return "connection"
        if isinstance(error, OperationalError | asyncpg.PostgresError | sqlite3.Error):
            return "other"
        error, seen = error.__cause__ or error.__context__, seen + 1
    return None


class DatabaseErrorCounter(logging.Handler):
    """Counts every logged exception that came from the database, whoever logged it.

    The request being served is marked, so that its 503 is not counted a second time.
    """

    def __init__(self) -> None:
        super().__init__(logging.WARNING)

    def emit(self, record: logging.LogRecord) -> None:
        """Count `record` if its exception is a database error."""
        kind = database_error_kind(record.exc_info[1] if record.exc_info else None)
        if kind is not None:
            DATABASE_ERRORS.labels(kind).inc()
            state = current_request.get()
            if state is not None:
                state["database_error_counted"] = True


def install_database_error_counter() -> None:
    """Attach one DatabaseErrorCounter to the root logger (idempotent)."""
    root = logging.getLogger()
    if not any(isinstance(h, DatabaseErrorCounter) for h in root.handlers):
        root.addHandler(DatabaseErrorCounter())


def _registry() -> CollectorRegistry:
    if MULTIPROCESS_DIR is None:
        return REGISTRY
    registry = CollectorRegistry()
    prometheus_multiprocess.MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
    return registry


async def metrics_endpoint(_: Request) -> Response:
    """GET /metrics: every metric, in Prometheus's text format."""
    sample_pool()
    return Response(generate_latest(_registry()), media_type=CONTENT_TYPE_LATEST)


if MULTIPROCESS_DIR is not None:
    # "livesum" gauges drop a worker's samples only once it is marked dead.
    atexit.register(prometheus_multiprocess.mark_process_dead, os.getpid())
