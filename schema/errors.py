"""Shaping errors for clients: codes for bad requests and arguments, masking for the rest."""

from __future__ import annotations

from graphql import GraphQLError

from portal.middleware import UNAVAILABLE_MESSAGE, database_unavailable
from resolvers.errors import InvalidArgument

MASKED_MESSAGE = "Internal server error"
READABLE = (InvalidArgument, GraphQLError)
"""Exceptions whose messages clients may read; anything else raised while running is masked."""


def is_internal(error: GraphQLError) -> bool:
    """True for errors the client did not cause: masked, logged, reported with a request ID.

    Syntax, validation and variable-coercion errors come before execution (no path, with a
    location in the document); their messages are about the client's document and stay readable.
    """
    original = error.original_error
    if original is None or isinstance(original, READABLE) or database_unavailable(original):
        return False  # the view answers an unavailable database with a 503 of its own
    return not (error.path is None and error.locations)


def should_mask(error: GraphQLError) -> bool:
    """For MaskErrors: hide internal errors only."""
    return is_internal(error)


def add_codes(errors: list[GraphQLError], request_id: str | None = None) -> None:
    """Give each error an `extensions.code` clients can branch on; mask internal ones."""
    for error in errors:
        extensions = dict(error.extensions or {})
        if isinstance(error.original_error, InvalidArgument):
            extensions.update(code="BAD_USER_INPUT", argument=error.original_error.argument)
        elif error.original_error is not None and database_unavailable(error.original_error):
            extensions.update(code="SERVICE_UNAVAILABLE", requestId=request_id)
            error.message = UNAVAILABLE_MESSAGE
        elif is_internal(error) or error.message == MASKED_MESSAGE:
            # Errors raised outside resolvers (in an extension) never pass MaskErrors: mask here too.
            extensions.update(code="INTERNAL_SERVER_ERROR", requestId=request_id)
            error.message = MASKED_MESSAGE
        elif error.path is None:
            default = (
                "BAD_USER_INPUT"
                if error.message.startswith("Variable '$")
                else "GRAPHQL_VALIDATION_FAILED"
            )
            extensions.setdefault("code", default)
        error.extensions = extensions
