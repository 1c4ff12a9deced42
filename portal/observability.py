"""Watching the running API: one metrics sample and one log line per request, and /metrics.

The GraphQL layer leaves what it learnt in the ASGI scope's state (`operation_name`, `cost`,
`outcome`; see `schema.observe`); requests that never reached it (401, 406, 413, 503...) are
classified by their HTTP status. Nothing here knows GraphQL.
"""

from __future__ import annotations

import logging
from typing import Any

from starlette.routing import BaseRoute, Route
from starlette.types import Scope

from portal import metrics

access_log = logging.getLogger("kilometer.access")

OUTCOMES = (
    "ok",
    "user_error",
    "bad_request",
    "unauthenticated",
    "rate_limited",
    "too_costly",
    "error",
    "unavailable",
)
ENDPOINTS = frozenset({"/graphql", "/healthz", "/readyz", "/metrics"})


def endpoint_of(path: str) -> str:
    """A bounded label for a path: the known endpoints, `/static`, or `other`."""
    if path in ENDPOINTS:
        return path
    return "/static" if path.startswith("/static/") else "other"


def outcome_of(noted: str | None, status: int, failed: bool) -> str:
    """The GraphQL layer's outcome if it noted one, otherwise one read from the status."""
    if failed or (status >= 500 and status != 503):
        return "error"
    if noted in OUTCOMES:
        return noted
    if status == 401:
        return "unauthenticated"
    if status == 429:
        return "rate_limited"
    if status == 503:
        return "unavailable"
    return "bad_request" if status >= 400 else "ok"


def record(scope: Scope, state: dict[str, Any], status: int, failed: bool, seconds: float) -> None:
    """Count one finished request and log it."""
    endpoint = endpoint_of(scope["path"])
    operation = state.get("operation_name", "")
    outcome = outcome_of(state.get("outcome"), status, failed)
    cost = state.get("cost")
    identity = state.get("identity")
    role = getattr(identity, "role", None)
    role_name = role.value if role is not None else ("PUBLIC" if identity is not None else None)

    if operation:
        label = metrics.operation_label(operation)
    else:  # no document was read: the GraphiQL page, or a refusal (401, 406, 413...)
        label = "unknown" if endpoint == "/graphql" else ""
    metrics.REQUESTS.labels(endpoint, label, outcome).inc()
    metrics.DURATION.labels(endpoint, label).observe(seconds)
    if isinstance(cost, int):
        metrics.QUERY_COST.observe(cost)
    if outcome == "rate_limited":
        metrics.RATE_LIMITED.labels("anonymous" if role is None else "token").inc()
    if outcome == "unavailable" and not state.get("database_error_counted"):
        metrics.DATABASE_ERRORS.labels("connection").inc()
    if metrics.MULTIPROCESS_DIR is not None:
        metrics.sample_pool()  # each worker's last sample; /metrics adds them up

    if access_log.isEnabledFor(logging.INFO):
        duration_ms = round(seconds * 1000, 2)
        access_log.info(
            '"%s %s" %s %s %s %s cost=%s %.2fms',
            scope["method"],
            scope["path"],
            status,
            outcome,
            operation or "-",
            role_name or "-",
            cost,
            duration_ms,
            extra={
                "request_id": state.get("request_id"),
                "method": scope["method"],
                "path": scope["path"],
                "status": status,
                "outcome": outcome,
                "operation": operation or None,
                "role": role_name,
                "cost": cost,
                "duration_ms": duration_ms,
            },
        )


def observability_routes() -> list[BaseRoute]:
    """GET /metrics."""
    return [Route("/metrics", metrics.metrics_endpoint, methods=["GET"])]


def install_observability() -> None:
    """Count database errors as they are logged (the edge middleware counts the requests)."""
    metrics.install_database_error_counter()
