"""Checks on a request's raw document and variables, before anything parses them.

Parsing is linear but slow in pure Python (about 1 ms per KB), validation can be quadratic,
and both recurse: so size, names and nesting are checked on the raw text first, with
regular expressions that run at C speed, and the variables' nesting before coercion.
"""

from __future__ import annotations

import re
from itertools import accumulate
from typing import Any

from graphql import GraphQLError

MAX_DOCUMENT_BYTES = 32 * 1024
MAX_NAMES = 2_000
"""Names (fields, aliases, arguments, types...) a document may hold; normal ones hold dozens."""
MAX_NESTING = 64
"""Brackets a document may nest; the depth limit (12 levels of fields) fits well inside."""
MAX_VARIABLE_DEPTH = 32
"""Levels of objects and lists a variable's value may nest."""

_NOT_CODE = re.compile(r'"""[\s\S]*?"""|"(?:[^"\\\n]|\\.)*"|#[^\n]*')
_NAME = re.compile(r"[_A-Za-z][_0-9A-Za-z]*")
_NOT_BRACKET = re.compile(r"[^{}()\[\]]+")
_STEP = {"{": 1, "(": 1, "[": 1, "}": -1, ")": -1, "]": -1}


def _refusal(message: str, code: str = "GRAPHQL_VALIDATION_FAILED", **extra: Any) -> GraphQLError:
    return GraphQLError(message, extensions={"code": code, **extra})


def document_problem(query: object) -> GraphQLError | None:
    """Why a document is refused unparsed: too large, too many names, nested too deep."""
    if not isinstance(query, str):
        return None
    size = len(query.encode("utf-8", "surrogatepass"))
    if size > MAX_DOCUMENT_BYTES:
        return _refusal(f"The document is {size} bytes; at most {MAX_DOCUMENT_BYTES} are allowed")
    code = _NOT_CODE.sub(" ", query)
    names = sum(1 for _ in _NAME.finditer(code))
    if names > MAX_NAMES:
        return _refusal(f"The document holds {names} names; at most {MAX_NAMES} are allowed")
    brackets = _NOT_BRACKET.sub("", code)
    deepest = max(accumulate(_STEP[c] for c in brackets), default=0)
    if deepest > MAX_NESTING:
        return _refusal(f"The document nests more than {MAX_NESTING} brackets deep")
    return None


def variables_problem(variables: object) -> GraphQLError | None:
    """The first variable whose value nests deeper than `MAX_VARIABLE_DEPTH`, as an error."""
    if not isinstance(variables, dict):
        return None
    for name, value in variables.items():
        stack: list[tuple[Any, int]] = [(value, 0)]
        while stack:
            current, depth = stack.pop()
            if depth > MAX_VARIABLE_DEPTH:
                return _refusal(
                    f"Variable '${name}' nests more than {MAX_VARIABLE_DEPTH} levels deep",
                    "BAD_USER_INPUT",
                    argument=f"${name}",
                )
            if isinstance(current, dict):
                stack += [(v, depth + 1) for v in current.values()]
            elif isinstance(current, list):
                stack += [(v, depth + 1) for v in current]
    return None
