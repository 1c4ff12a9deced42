"""The HTTP endpoint: Strawberry's ASGI view with orjson, our context, and GraphQL over HTTP
media-type negotiation (application/graphql-response+json with 4xx for request errors)."""

from __future__ import annotations

import logging
from typing import Any

import orjson
from cross_web import HTTPException
from starlette.datastructures import Headers
from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, Response
from starlette.types import Message, Receive, Scope, Send
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from strawberry.http import GraphQLHTTPResponse
from strawberry.types import ExecutionResult

from portal.auth import ANONYMOUS, Identity
from portal.auth.tokens import Unauthenticated, authenticate
from portal.config import Settings
from portal.graphiql import graphiql_page
from portal.middleware import database_unavailable, error_body, unavailable_body
from resolvers.budget_store import limiter_for
from resolvers.ratelimit import Budget
from resolvers.ratelimit import client_key as ip_key
from schema.context import Context
from schema.document_limits import document_problem, variables_problem
from schema.errors import add_codes
from schema.fast import FastPath
from schema.i18n import CONTENT_LANGUAGE, negotiate_language
from schema.limits import RateState, rate_limit_headers, rate_limited_message
from schema.observe import note_operation, note_result

GRAPHQL_RESPONSE = "application/graphql-response+json"
JSON = "application/json"


def negotiate(accept: str) -> str | None:
    """Pick the response media type for an Accept header; None when nothing acceptable."""
    if not accept.strip():
        return JSON
    ranked = []
    for position, part in enumerate(accept.split(",")):
        media, *params = [p.strip() for p in part.split(";")]
        quality = 1.0
        for param in params:
            if param.startswith("q="):
                try:
                    quality = float(param[2:])
                except ValueError:
                    quality = 0.0
        if quality > 0:
            ranked.append((-quality, position, media.lower()))
    for _, _, media in sorted(ranked):
        if media == GRAPHQL_RESPONSE:
            return GRAPHQL_RESPONSE
        if media in (JSON, "application/*", "*/*"):
            return JSON
    return None


MAX_BODY_BYTES = 1024 * 1024
HTTP_CODES = {
    400: "BAD_REQUEST",
    404: "NOT_FOUND",
    405: "METHOD_NOT_ALLOWED",
    413: "PAYLOAD_TOO_LARGE",
}
log = logging.getLogger("kilometer.errors")


class RequestRefused(HTTPException):
    """An HTTP-level refusal whose JSON error carries a specific `extensions.code`."""

    def __init__(self, status_code: int, reason: str, code: str) -> None:
        super().__init__(status_code, reason)
        self.code = code


def client_key(scope: Scope) -> str:
    """The budget key of an anonymous caller, from the peer address only.

    `scope["client"]` is the TCP peer, rewritten by uvicorn's `--proxy-headers` only when the
    peer is a trusted proxy (`FORWARDED_ALLOW_IPS`); X-Forwarded-For is never read here.
    """
    client = scope.get("client")
    return ip_key(client[0] if client else None)


async def read_body(scope: Scope, receive: Receive, limit: int) -> tuple[bytes, Receive]:
    """Read a request body of at most `limit` bytes; return it and a `receive` replaying it.

    Raises:
        RequestRefused: 413 as soon as the declared or the received length passes the limit,
            without reading (or keeping) the rest.
    """
    declared = Headers(scope=scope).get("content-length", "")
    too_large = RequestRefused(413, f"The request body exceeds {limit} bytes", "PAYLOAD_TOO_LARGE")
    if declared.isdigit() and int(declared) > limit:
        raise too_large
    chunks: list[bytes] = []
    size = 0
    more = True
    while more:
        message = await receive()
        if message["type"] == "http.disconnect":
            raise HTTPException(400, "The client disconnected")
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            raise too_large
        chunks.append(chunk)
        more = message.get("more_body", False)
    body = b"".join(chunks)
    replayed = False

    async def replay() -> Message:
        nonlocal replayed
        if replayed:
            return await receive()
        replayed = True
        return {"type": "http.request", "body": body, "more_body": False}

    return body, replay


def _is_json(scope: Scope) -> bool:
    for key, value in scope.get("headers") or ():
        if key == b"content-type":
            return value.split(b";")[0].strip().lower() == b"application/json"
    return False


def rate_limited(budget: Budget, media_type: str) -> Response:
    """A 429 answered before the request is parsed: its caller has nothing left to spend."""
    return Response(
        error_body(rate_limited_message(budget), "RATE_LIMITED", retryAfter=budget.reset_after),
        status_code=429,
        media_type=f"{media_type}; charset=utf-8",
        headers=rate_limit_headers(budget),
    )


def unauthenticated(reason: str, media_type: str) -> Response:
    """A 401 whose body is a GraphQL response with an UNAUTHENTICATED error."""
    body = {
        "errors": [
            {"message": f"Unauthenticated: {reason}", "extensions": {"code": "UNAUTHENTICATED"}}
        ]
    }
    return Response(
        orjson.dumps(body),
        status_code=401,
        media_type=f"{media_type}; charset=utf-8",
        headers={"WWW-Authenticate": 'Bearer realm="kilometer", error="invalid_token"'},
    )


class KilometerGraphQL(GraphQL[Context, None]):
    """Strawberry's ASGI view, configured for Kilometer."""

    def __init__(self, settings: Settings, **kwargs: Any) -> None:
        from schema import schema

        super().__init__(schema, graphql_ide="graphiql" if settings.graphiql else None, **kwargs)
        self.settings = settings
        self.limiter = limiter_for(settings)
        self.fast = FastPath(settings) if settings.planner else None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await super().__call__(scope, receive, send)
            return
        request = Request(scope, receive)
        wants = negotiate(request.headers.get("accept", ""))
        media = wants or JSON
        state = scope.setdefault("state", {})
        state["media_type"] = media
        try:
            identity = await authenticate(request.headers.get("authorization"))
        except Unauthenticated as refused:
            self.limiter.charge(client_key(scope))
            await unauthenticated(str(refused), media)(scope, receive, send)
            return
        state["identity"] = identity
        rate = self._rate_state(identity, scope)
        state["rate"] = rate
        self.limiter.charge(rate.caller)
        if wants is None and not self.should_render_graphql_ide(request):  # type: ignore[arg-type]
            response: Response = PlainTextResponse(
                f"Not acceptable: ask for {GRAPHQL_RESPONSE} or {JSON}", status_code=406
            )
        elif not (budget := self.limiter.peek(rate.caller, rate.limit)).admitted:
            response = rate_limited(budget, media)
        else:
            response = await self._answer(scope, receive, media)
        await response(scope, receive, send)

    async def _answer(self, scope: Scope, receive: Receive, media: str) -> Response:
        """Read the body (at most `MAX_BODY_BYTES` of it) and run the request."""
        try:
            if scope["method"] == "POST":
                body, receive = await read_body(scope, receive, MAX_BODY_BYTES)
                if self.fast is not None and _is_json(scope):
                    state = scope["state"]
                    answered = await self.fast.answer(
                        scope, body, state["identity"], state["rate"], media
                    )
                    if answered is not None:
                        return answered
            return await self.run(Request(scope, receive))
        except HTTPException as refused:
            code = getattr(refused, "code", None) or HTTP_CODES.get(refused.status_code)
            return Response(
                error_body(refused.reason, code or "BAD_REQUEST"),
                status_code=refused.status_code,
                media_type=f"{media}; charset=utf-8",
            )

    def _rate_state(self, identity: Identity, scope: Scope) -> RateState:
        if identity.token_id is not None:
            return RateState(
                self.limiter, f"token:{identity.token_id}", self.settings.rate_limit_token
            )
        return RateState(self.limiter, client_key(scope), self.settings.rate_limit_public)

    async def get_context(
        self, request: Request | WebSocket, response: Response | WebSocket
    ) -> Context:
        """A fresh context, with the caller's identity and fresh DataLoaders, for each request."""
        identity = request.scope.get("state", {}).get("identity", ANONYMOUS)
        return Context(
            request=request,  # type: ignore[arg-type]
            settings=self.settings,
            identity=identity,
            response=response if isinstance(response, Response) else None,
        )

    def encode_json(self, data: object) -> bytes:
        """Serialise responses with orjson."""
        return orjson.dumps(data)

    def decode_json(self, data: str | bytes) -> object:
        """Parse request bodies with orjson; JSON nested past its limit is the client's error."""
        try:
            return orjson.loads(data)
        except orjson.JSONDecodeError as error:
            if "depth" in str(error) or "recursion" in str(error):
                raise RequestRefused(
                    400, "The request's JSON nests too deep", "BAD_USER_INPUT"
                ) from error
            raise

    def _validate_batch_request(self, request_data: list[Any], protocol: Any) -> None:
        """As Strawberry does, with a message that says what the limit is."""
        limit = self.schema.config.batching_config["max_operations"]  # type: ignore[index]
        if len(request_data) > limit:
            raise RequestRefused(
                400,
                f"Too many operations in one batch: {len(request_data)}; at most {limit}",
                "BAD_REQUEST",
            )
        super()._validate_batch_request(request_data, protocol=protocol)

    async def execute_single(
        self, request: Any, request_adapter: Any, *args: Any, **kwargs: Any
    ) -> Any:
        """As Strawberry does, after the checks on the raw document and variables; a mutation
        over GET is 405, as GraphQL over HTTP requires."""
        data = kwargs.get("request_data")
        if data is not None:
            note_operation(request.scope, data.query, data.operation_name)
        if data is not None and (
            problem := document_problem(data.query) or variables_problem(data.variables)
        ):
            return ExecutionResult(data=None, errors=[problem])
        try:
            return await super().execute_single(request, request_adapter, *args, **kwargs)
        except HTTPException as refused:
            if request_adapter.method == "GET" and "mutation" in refused.reason.lower():
                raise HTTPException(405, refused.reason) from refused
            raise

    async def process_result(
        self, request: Request, result: ExecutionResult
    ) -> GraphQLHTTPResponse:
        """Add error codes; drop `data` from a request error (one raised before execution)."""
        response = await super().process_result(request, result)
        if result.errors:
            state = request.scope.setdefault("state", {})
            if any(database_unavailable(e) for e in result.errors):
                state["unavailable"] = True
            add_codes(result.errors, state.get("request_id"))
            response["errors"] = [e.formatted for e in result.errors]
            if result.data is None and all(e.path is None for e in result.errors):
                response.pop("data", None)
                request.scope.setdefault("state", {})["request_error"] = True
        note_result(request.scope, response)
        return response

    async def render_graphql_ide(self, request: Request) -> HTMLResponse:
        """GraphiQL from the application's own assets, never from a CDN (portal.graphiql)."""
        return graphiql_page()

    async def run(self, request: Any, context: Any = None, root_value: Any = None) -> Any:  # type: ignore[override]
        """Run a request, then label the response with the negotiated media type."""
        response = await super().run(request)
        if not isinstance(request, Request):
            return response
        state = request.scope.get("state", {})
        media = state.get("media_type", JSON)
        if state.get("unavailable"):
            log.warning("request %s: database unavailable", state.get("request_id"))
            return Response(
                unavailable_body(state.get("request_id")),
                status_code=503,
                media_type=f"{media}; charset=utf-8",
                headers={"Retry-After": str(self.settings.retry_after_seconds)},
            )
        if response.media_type != JSON:
            return response
        response.headers["content-type"] = f"{media}; charset=utf-8"
        language = negotiate_language(request.headers.get("accept-language", ""))
        response.headers["Content-Language"] = CONTENT_LANGUAGE[language]
        if media == GRAPHQL_RESPONSE and state.get("request_error") and response.status_code == 200:
            response.status_code = 400
        return response
