"""The HTTP endpoint: Strawberry's ASGI view with orjson, our context, and GraphQL over HTTP
media-type negotiation (application/graphql-response+json with 4xx for request errors)."""

from __future__ import annotations

from typing import Any

import orjson
from cross_web import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, Response
from starlette.types import Receive, Scope, Send
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from strawberry.http import GraphQLHTTPResponse
from strawberry.types import ExecutionResult

from portal.auth import ANONYMOUS
from portal.auth.tokens import Unauthenticated, authenticate
from portal.config import Settings
from portal.graphiql import graphiql_page
from schema.context import Context
from schema.errors import add_codes
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

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            request = Request(scope, receive)
            wants = negotiate(request.headers.get("accept", ""))
            if wants is None and not self.should_render_graphql_ide(request):  # type: ignore[arg-type]
                response = PlainTextResponse(
                    f"Not acceptable: ask for {GRAPHQL_RESPONSE} or {JSON}", status_code=406
                )
                await response(scope, receive, send)
                return
            state = scope.setdefault("state", {})
            state["media_type"] = wants or JSON
            try:
                state["identity"] = await authenticate(request.headers.get("authorization"))
            except Unauthenticated as refused:
                await unauthenticated(str(refused), wants or JSON)(scope, receive, send)
                return
        await super().__call__(scope, receive, send)

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
        """Parse request bodies with orjson."""
        return orjson.loads(data)

    async def execute_single(
        self, request: Any, request_adapter: Any, *args: Any, **kwargs: Any
    ) -> Any:
        """As Strawberry does, but a mutation over GET is 405, as GraphQL over HTTP requires."""
        data = kwargs["request_data"]  # Strawberry passes it by keyword
        note_operation(request.scope, data.query, data.operation_name)
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
            add_codes(result.errors, request.scope.get("state", {}).get("request_id"))
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
        if not isinstance(request, Request) or response.media_type != JSON:
            return response
        state = request.scope.get("state", {})
        media = state.get("media_type", JSON)
        response.headers["content-type"] = f"{media}; charset=utf-8"
        if media == GRAPHQL_RESPONSE and state.get("request_error") and response.status_code == 200:
            response.status_code = 400
        return response
