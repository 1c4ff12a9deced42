"""Shaping errors for clients: codes for bad arguments, masking for everything unexpected."""

from __future__ import annotations

from graphql import GraphQLError

from resolvers.errors import InvalidArgument

MASKED_MESSAGE = "Internal server error"
READABLE = (InvalidArgument,)
"""Exceptions whose messages clients may read; anything else raised in a resolver is masked."""


def should_mask(error: GraphQLError) -> bool:
    """Mask internal errors; keep syntax, validation and argument errors readable."""
    original = error.original_error
    return (
        original is not None
        and not isinstance(original, READABLE)
        and not isinstance(original, GraphQLError)
    )


def add_codes(errors: list[GraphQLError], request_id: str | None = None) -> None:
    """Give each error an `extensions.code` clients can branch on; masked ones name the request."""
    for error in errors:
        original = error.original_error
        extensions = dict(error.extensions or {})
        if isinstance(original, InvalidArgument):
            extensions.update(code="BAD_USER_INPUT", argument=original.argument)
        elif original is None and error.path is None:
            extensions.setdefault("code", "GRAPHQL_VALIDATION_FAILED")
        else:
            extensions.setdefault("code", "INTERNAL_SERVER_ERROR")
        if extensions["code"] == "INTERNAL_SERVER_ERROR":
            # Errors raised outside resolvers (in an extension) never pass MaskErrors: mask here too.
            error.message = MASKED_MESSAGE
            extensions["requestId"] = request_id
        error.extensions = extensions
