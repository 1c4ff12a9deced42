"""What the GraphQL layer tells `portal.observability` about a request, through the ASGI
scope's state: `operation_name`, `cost` and `outcome` (one of `portal.observability.OUTCOMES`)."""

from __future__ import annotations

import re
from typing import Any

from graphql import GraphQLSyntaxError, Lexer, Source, TokenKind
from starlette.types import Scope
from strawberry.http import GraphQLHTTPResponse

NAME = re.compile(r"[_A-Za-z][_0-9A-Za-z]{0,99}")
OPERATION_KEYWORDS = frozenset({"query", "mutation", "subscription"})
SCAN_TOKENS = 200
"""How far into a document to look for its operation's name: reading it costs microseconds,
not a second parse, and documents name their operation first."""

CODE_OUTCOMES = {
    "UNAUTHENTICATED": "unauthenticated",
    "QUERY_TOO_COSTLY": "too_costly",
    "RATE_LIMITED": "rate_limited",
    "SERVICE_UNAVAILABLE": "unavailable",
    "INTERNAL_SERVER_ERROR": "error",
}
SEVERITY = [
    "ok",
    "user_error",
    "bad_request",
    "unauthenticated",
    "too_costly",
    "rate_limited",
    "unavailable",
    "error",
]
"""Worst last: a batch, or a response with several errors, reports its worst outcome."""


def operation_name(query: str | None, given: str | None) -> str:
    """The operation's name: the `operationName` sent, or the first one the document declares;
    `anonymous` for an unnamed operation, `invalid` for a name GraphQL would not accept."""
    if given:
        return given if NAME.fullmatch(given) else "invalid"
    if not query:
        return "anonymous"
    lexer, depth, in_fragment = Lexer(Source(query)), 0, False
    try:
        token = lexer.advance()
        for _ in range(SCAN_TOKENS):
            kind = token.kind
            if kind == TokenKind.EOF or (
                kind == TokenKind.BRACE_L and not depth and not in_fragment
            ):
                break  # the end, or `{ ... }`: the shorthand, unnamed query
            if kind == TokenKind.BRACE_L:
                depth += 1
            elif kind == TokenKind.BRACE_R:
                depth -= 1
                in_fragment = in_fragment and depth > 0
            elif not depth and kind == TokenKind.NAME and not in_fragment:
                if token.value in OPERATION_KEYWORDS:
                    following = lexer.advance()
                    return str(following.value) if following.kind == TokenKind.NAME else "anonymous"
                in_fragment = token.value == "fragment"
            token = lexer.advance()
    except GraphQLSyntaxError:
        pass
    return "anonymous"


def note_operation(scope: Scope, query: str | None, given: str | None) -> None:
    """Record the operation's name; a batch of several is recorded as `batch`."""
    state = scope.setdefault("state", {})
    state["operation_name"] = "batch" if "operation_name" in state else operation_name(query, given)


def _has_user_errors(data: Any) -> bool:
    if not isinstance(data, dict):
        return False
    return any(isinstance(v, dict) and v.get("userErrors") for v in data.values())


def outcome(response: GraphQLHTTPResponse) -> str:
    """How a processed response ended, from its error codes and mutation payloads."""
    errors = response.get("errors") or []
    found = [CODE_OUTCOMES.get((e.get("extensions") or {}).get("code", "")) for e in errors]
    known = [o for o in found if o is not None]
    if known:
        return max(known, key=SEVERITY.index)
    if errors:
        return "bad_request" if "data" not in response else "user_error"
    return "user_error" if _has_user_errors(response.get("data")) else "ok"


def note_result(scope: Scope, response: GraphQLHTTPResponse) -> None:
    """Record the operation's cost and outcome (summed and worst over a batch)."""
    state = scope.setdefault("state", {})
    cost = ((response.get("extensions") or {}).get("cost") or {}).get("requested")
    if isinstance(cost, int):
        state["cost"] = state.get("cost", 0) + cost
    result = outcome(response)
    previous = state.get("outcome")
    if previous not in SEVERITY or SEVERITY.index(result) > SEVERITY.index(previous):
        state["outcome"] = result
