"""The Starlette application: GraphQL at /graphql, health and readiness probes."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route
from tortoise import connections

from portal.config import Settings
from portal.database import close_orm, init_orm
from portal.edge import EdgeMiddleware
from portal.graphiql import graphiql_routes
from portal.logs import configure_logging
from portal.middleware import FailSafeMiddleware
from portal.observability import install_observability, observability_routes
from resolvers import reader

log = logging.getLogger("kilometer")


async def healthz(_: Request) -> JSONResponse:
    """Liveness: the process answers."""
    return JSONResponse({"status": "ok"})


READINESS_TIMEOUT = 1.5
"""Seconds the readiness probe waits for the database: probes answer within 2 s, always."""
_abandoned: set[asyncio.Task[object]] = set()


async def readyz(_: Request) -> JSONResponse:
    """Readiness: the database answers a trivial query in time.

    The check runs in its own task and is abandoned (cancelled, not awaited) when late, since
    cancelling a query on a hung connection waits again for the connection's release.
    """
    check = asyncio.ensure_future(connections.get("default").execute_query("SELECT 1"))
    done, _pending = await asyncio.wait({check}, timeout=READINESS_TIMEOUT)
    if check in done and check.exception() is None:
        return JSONResponse({"status": "ok", "database": "reachable"})
    if check not in done:
        check.cancel()
        _abandoned.add(check)
        check.add_done_callback(_abandoned.discard)
    log.warning("readiness check failed: %r", check.exception() if check in done else "timeout")
    return JSONResponse({"status": "unavailable", "database": "unreachable"}, status_code=503)


def create_app(settings: Settings | None = None) -> Starlette:
    """Build the application; settings are read from the environment when not given."""
    settings = settings or Settings.from_env()
    from schema.view import KilometerGraphQL  # the one module of portal that knows GraphQL

    @asynccontextmanager
    async def lifespan(_: Starlette) -> AsyncIterator[None]:
        await init_orm(settings)
        read_database = reader.ReadDatabase(
            settings.database_url,
            statement_timeout=settings.db_statement_timeout,
            pool_timeout=settings.db_pool_timeout,
            connect_timeout=settings.db_connect_timeout,
        )
        await read_database.open()
        reader.install(read_database)
        try:
            yield
        finally:
            reader.uninstall()
            await read_database.close()
            await graphql.limiter.aclose()
            await close_orm()

    graphql = KilometerGraphQL(settings)
    routes = [
        Route("/graphql", graphql, methods=["GET", "POST"]),
        Route("/healthz", healthz, methods=["GET"]),
        Route("/readyz", readyz, methods=["GET"]),
        *observability_routes(),
        *graphiql_routes(settings.graphiql),
    ]
    configure_logging(settings.log_format)
    install_observability()
    app = Starlette(
        debug=settings.debug,
        routes=routes,
        lifespan=lifespan,
        middleware=[
            Middleware(EdgeMiddleware),
            Middleware(FailSafeMiddleware, retry_after=settings.retry_after_seconds),
        ],
    )
    app.state.settings = settings
    app.state.rate_limiter = graphql.limiter
    return app
