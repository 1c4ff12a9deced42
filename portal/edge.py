"""What every HTTP request goes through first, in one layer: its ID, its response headers
(nosniff, no-store for tokens, CORS), and its metrics and access log line.

One layer instead of four: each ASGI middleware wraps `send` and adds a coroutine call per
message, which on a 1 ms request is a cost worth counting. CORS is delegated to Starlette's
middleware, but only for requests that carry an `Origin` (the only ones it changes).
"""

from __future__ import annotations

import re
import time
import uuid
from typing import Any

from starlette.middleware.cors import CORSMiddleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from portal.headers import CORS_OPTIONS
from portal.logs import current_request
from portal.observability import record

REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


class EdgeMiddleware:
    """Request ID, security headers, CORS, metrics and the access log of every HTTP request.

    Every request gets an ID (the caller's `X-Request-ID` if sane), echoed in the response
    and kept in the scope so masked errors and logs can name it; every response gets
    `X-Content-Type-Options: nosniff`, and `Cache-Control: no-store` when the request carried
    `Authorization` (what a token may read must not stay in a shared or disk cache).
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.cors = CORSMiddleware(app, **CORS_OPTIONS)  # type: ignore[arg-type]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        given, authorized, origin = "", False, False
        for name, value in scope["headers"]:
            if name == b"x-request-id":
                given = value.decode("latin-1")
            elif name == b"authorization":
                authorized = True
            elif name == b"origin":
                origin = True
        request_id = given if REQUEST_ID.match(given) else uuid.uuid4().hex
        state: dict[str, Any] = scope.setdefault("state", {})
        state["request_id"] = request_id
        extra = [(b"x-request-id", request_id.encode()), (b"x-content-type-options", b"nosniff")]
        replaced = _REPLACED
        if authorized:
            extra.append((b"cache-control", b"no-store"))
            replaced = _REPLACED_FOR_TOKENS
        status, failed = 500, True

        async def send_with_headers(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                headers = [h for h in message.get("headers", ()) if h[0] not in replaced]
                message["headers"] = headers + extra
            await send(message)

        token = current_request.set(state)
        try:
            await (self.cors if origin else self.app)(scope, receive, send_with_headers)
            failed = False
        finally:
            current_request.reset(token)
            record(scope, state, status, failed, time.perf_counter() - started)


_REPLACED = frozenset({b"x-content-type-options"})
_REPLACED_FOR_TOKENS = frozenset({b"x-content-type-options", b"cache-control"})
"""Headers the edge sets itself (a response may not weaken them)."""
