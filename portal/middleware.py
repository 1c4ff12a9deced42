"""Request-level failure handling: a database that is down or hung is a 503, never a dropped
connection or a plain-text 500.

Errors raised before GraphQL runs (authentication reads the token table) reach this
middleware; errors inside GraphQL execution are turned into the same answer by the view,
with the same `unavailable_body`.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Iterator
from typing import Any

import asyncpg
import orjson
from starlette.types import ASGIApp, Message, Receive, Scope, Send
from tortoise.exceptions import DBConnectionError

log = logging.getLogger("kilometer.errors")

UNAVAILABLE_MESSAGE = "Service unavailable: the database cannot be reached right now; retry later"
_ALWAYS_UNAVAILABLE: tuple[type[BaseException], ...] = (
    OSError,  # refused, reset, unreachable, and TimeoutError (connect, pool, command timeouts)
    DBConnectionError,
    asyncpg.PostgresConnectionError,  # class 08: connection exceptions
    asyncpg.exceptions.OperatorInterventionError,  # 57: shutdown, starting up, statement timeout
    asyncpg.exceptions.InsufficientResourcesError,  # 53: too many connections, out of memory
)
_FILE_ERRORS = (FileNotFoundError, FileExistsError, PermissionError, IsADirectoryError)
"""OSErrors about local files: a bug or a misconfiguration, not an unavailable database."""


def _chain(error: BaseException) -> Iterator[BaseException]:
    seen: set[int] = set()
    pending: list[BaseException | None] = [error]
    while pending:
        current = pending.pop()
        if current is None or id(current) in seen or len(seen) > 20:
            continue
        seen.add(id(current))
        yield current
        pending += [
            getattr(current, "original_error", None),
            current.__cause__,
            current.__context__,
        ]


def database_unavailable(error: BaseException) -> bool:
    """True when `error`, or anything that caused it, says the database cannot serve now."""
    for cause in _chain(error):
        if isinstance(cause, _ALWAYS_UNAVAILABLE) and not isinstance(cause, _FILE_ERRORS):
            return True
        if isinstance(cause, asyncpg.InterfaceError) and "clos" in str(cause):
            return True  # "connection is closed", "pool is closing"
        if isinstance(cause, sqlite3.OperationalError) and "unable to open" in str(cause):
            return True
    return False


def error_body(message: str, code: str, **extensions: Any) -> bytes:
    """A GraphQL response body holding one request error."""
    return orjson.dumps(
        {"errors": [{"message": message, "extensions": {"code": code, **extensions}}]}
    )


def unavailable_body(request_id: str | None) -> bytes:
    """The body of every 503: SERVICE_UNAVAILABLE, with the request ID to quote."""
    return error_body(UNAVAILABLE_MESSAGE, "SERVICE_UNAVAILABLE", requestId=request_id)


async def send_json(
    send: Send, status: int, body: bytes, headers: dict[str, str] | None = None
) -> None:
    """Send a complete JSON response."""
    raw = [(b"content-type", b"application/json; charset=utf-8")]
    raw += [(k.lower().encode(), v.encode()) for k, v in (headers or {}).items()]
    raw.append((b"content-length", str(len(body)).encode()))
    await send({"type": "http.response.start", "status": status, "headers": raw})
    await send({"type": "http.response.body", "body": body})


class FailSafeMiddleware:
    """Answer 503 (SERVICE_UNAVAILABLE, `Retry-After`) when the database fails a request, and a
    masked JSON 500 for anything else unexpected, as long as the response has not started."""

    def __init__(self, app: ASGIApp, retry_after: int = 5) -> None:
        self.app = app
        self.retry_after = retry_after

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def tracking_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, receive, tracking_send)
        except Exception as error:
            if started:
                raise
            request_id = scope.get("state", {}).get("request_id")
            if database_unavailable(error):
                log.warning("request %s: database unavailable: %r", request_id, error)
                await send_json(
                    send, 503, unavailable_body(request_id), {"Retry-After": str(self.retry_after)}
                )
                return
            log.exception("request %s: unexpected error", request_id)
            body = error_body(
                "Internal server error", "INTERNAL_SERVER_ERROR", requestId=request_id
            )
            await send_json(send, 500, body)
