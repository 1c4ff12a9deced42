"""What metrics, the access log and the headers add to each request, in microseconds.

Usage: python benchmarks/observability.py [--requests N]

Times the middleware stack `create_app` installs (Observability, SecurityHeaders, CORS) around
an endpoint that answers at once, against that endpoint alone, with the access log off, in
text and in JSON (written to /dev/null); and the GraphQL layer's share (`schema.observe`):
reading the operation's name from a document and classifying its response.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import statistics
import time
from collections.abc import Callable
from typing import Any

from starlette.middleware import Middleware
from starlette.types import ASGIApp, Receive, Scope, Send

from portal.logs import configure_logging
from portal.observability import observability_middleware
from schema.observe import note_operation, note_result

DOCUMENT = """query LoanFile($id: ID!) { node(id: $id) { ... on Project { title stage
  latestEvaluation { version institution { name } risk { rating factors { kind rating } } } } } }"""


async def endpoint(scope: Scope, receive: Receive, send: Send) -> None:
    """An endpoint that leaves what the GraphQL layer would and answers at once."""
    scope["state"].update(operation_name="LoanFile", cost=12, outcome="ok")
    await send({"type": "http.response.start", "status": 200, "headers": []})
    await send({"type": "http.response.body", "body": b"{}"})


def wrap(app: ASGIApp, middleware: list[Middleware]) -> ASGIApp:
    for layer in reversed(middleware):
        app = layer.cls(app, *layer.args, **layer.kwargs)
    return app


async def per_request(app: ASGIApp, requests: int) -> float:
    """Median over 5 runs of the microseconds one request takes through `app`."""

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(_: Any) -> None:
        pass

    headers = [(b"content-type", b"application/json"), (b"origin", b"https://bank.example")]
    runs = []
    for _ in range(5):
        started = time.perf_counter()
        for _ in range(requests):
            scope = {"type": "http", "method": "POST", "path": "/graphql", "headers": headers}
            scope["state"] = {"request_id": "abc"}
            await app(scope, receive, send)
        runs.append((time.perf_counter() - started) / requests * 1e6)
    return statistics.median(runs)


def timed(function: Callable[[], object], repeat: int) -> float:
    started = time.perf_counter()
    for _ in range(repeat):
        function()
    return (time.perf_counter() - started) / repeat * 1e6


async def main(requests: int) -> None:
    bare = await per_request(endpoint, requests)
    stack = wrap(endpoint, observability_middleware())
    logging.getLogger("kilometer.access").disabled = True
    quiet = await per_request(stack, requests)
    logging.getLogger("kilometer.access").disabled = False
    with open("/dev/null", "w") as sink:
        import sys

        stderr, sys.stderr = sys.stderr, sink
        try:
            configure_logging("text")
            text = await per_request(stack, requests)
            configure_logging("json")
            json = await per_request(stack, requests)
        finally:
            sys.stderr = stderr
            configure_logging("text")
    response: Any = {"data": {"node": None}, "extensions": {"cost": {"requested": 12}}}
    graphql = timed(
        lambda: (note_operation({}, DOCUMENT, None), note_result({}, response)), requests
    )
    print(f"endpoint alone:                         {bare:7.1f} µs")
    print(f"+ metrics and headers, no access log:   {quiet - bare:7.1f} µs")
    print(f"+ metrics, headers, text access log:    {text - bare:7.1f} µs")
    print(f"+ metrics, headers, JSON access log:    {json - bare:7.1f} µs")
    print(f"GraphQL layer (name from the document): {graphql:7.1f} µs")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=20_000)
    asyncio.run(main(parser.parse_args().requests))
