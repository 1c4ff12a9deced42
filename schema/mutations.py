"""Shared shapes of mutations: `input` in, `<Noun><Verb>Payload { <noun>, userErrors }` out."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from typing import Annotated, Any, TypeVar

import strawberry
from strawberry.permission import BasePermission

from portal.auth import Identity
from resolvers.errors import InputErrors, InvalidArgument, UserErrorCode
from schema.context import Info
from schema.permissions import requires
from schema.relay import as_filter, decode_input

T = TypeVar("T")

ErrorCode = strawberry.enum(
    UserErrorCode,
    name="UserErrorCode",
    description="Why a mutation refused its input.",
)
ERROR_CODE_MEANINGS = {
    "REQUIRED": "A required field is missing or blank.",
    "INVALID": "A field's value is not acceptable.",
    "TOO_LONG": "A text field is longer than allowed.",
    "OUT_OF_RANGE": "A number, date or range is outside what is allowed.",
    "NOT_FOUND": "A referenced object does not exist or is not visible to you.",
    "DUPLICATE": "The value repeats one that must be unique.",
    "STALE_VERSION": "The object changed since the revision you sent; read it again.",
    "INVALID_STATUS": "Not allowed in the object's current lifecycle status.",
    "CREDENTIAL_NOT_VALID": "The credential is not active, or was not valid on the evaluation date.",
    "OUT_OF_SCOPE": "The credential does not cover the project's technology field.",
    "CONFLICT": "A concurrent write to the same data won the race; read it again and retry.",
}
for _value in ErrorCode.__strawberry_definition__.values:  # type: ignore[attr-defined]
    _value.description = ERROR_CODE_MEANINGS.get(
        _value.value, _value.value.replace("_", " ").capitalize()
    )


@strawberry.interface(description="A problem with a mutation's input. The mutation wrote nothing.")
class UserError:
    """A refused input."""

    field: list[str] = strawberry.field(
        description='Path to the offending input field, e.g. ["eligibility", "maturityLevel", "max"]; empty for the input as a whole.'
    )
    code: ErrorCode = strawberry.field(description="What kind of problem it is.")
    message: str = strawberry.field(description="A sentence explaining the problem.")


def user_error_type(name: str, domain: str) -> type[UserError]:
    """A `<Domain>UserError` type implementing `UserError`."""
    cls = type(name, (UserError,), {"__doc__": f"A problem with the input of a {domain} mutation."})
    return strawberry.type(
        cls,
        description=f"A problem with the input of a {domain} mutation; the mutation wrote nothing.",
    )  # type: ignore[return-value]


def payload_type(name: str, noun: str, noun_type: Any, error_type: type, description: str) -> type:
    """A `<Noun><Verb>Payload` type with the object (null on failure) and `userErrors`."""
    namespace = {
        "__annotations__": {noun: noun_type | None, "user_errors": list[error_type]},  # type: ignore[valid-type]
        noun: strawberry.field(
            description=f"The {noun} after the mutation; null when it was refused."
        ),
        "user_errors": strawberry.field(description="Problems with the input; empty on success."),
        "__doc__": description,
        "_error_type": error_type,
        "_noun": noun,
    }
    return strawberry.type(type(name, (), namespace), description=description)


async def run(
    info: Info,
    payload: type[T],
    wrap: Callable[[Any], Any],
    action: Callable[[], Awaitable[Any]],
    extra: Callable[[Any], dict[str, Any]] | None = None,
) -> T:
    """Run a write; refused input becomes `userErrors`, success clears the request's caches.

    `extra` adds payload fields computed from the write's result (tokenCreate's secret).
    """
    error_type = payload._error_type  # type: ignore[attr-defined]
    noun = payload._noun  # type: ignore[attr-defined]
    try:
        row = await action()
    except InputErrors as refused:
        errors = [
            error_type(field=list(p.field), code=p.code, message=p.message)
            for p in refused.problems
        ]
        return payload(**{noun: None, "user_errors": errors})
    except InvalidArgument as bad:
        field = bad.argument.removeprefix("input.").split(".")
        errors = [error_type(field=field, code=UserErrorCode.INVALID, message=str(bad))]
        return payload(**{noun: None, "user_errors": errors})
    info.context.forget_loaded()
    return payload(**{noun: wrap(row), "user_errors": [], **(extra(row) if extra else {})})


Writer = Callable[[Identity, dict[str, Any]], Awaitable[Any]]


def write_field(
    *,
    action: str,
    input_type: type,
    payload: type,
    wrap: Callable[[Any], Any],
    writer: Writer,
    description: str,
    input_description: str,
    ids: dict[str, str],
    guards: Sequence[type[BasePermission]] = (),
    extra: Callable[[Any], dict[str, Any]] | None = None,
) -> Any:
    """Declare a mutation field: guarded by `rules` for `action` (and `guards`), decoding the
    input's global IDs and running `writer(identity, data)` through `run`."""

    async def resolve(self: Any, info: Info, input: Any) -> Any:
        def write() -> Awaitable[Any]:
            return writer(info.context.identity, decode_input(as_filter(input), ids))

        return await run(info, payload, wrap, write, extra)

    resolve.__annotations__ = {
        "info": Info,
        "input": Annotated[input_type, strawberry.argument(description=input_description)],
        "return": payload,
    }
    return strawberry.mutation(
        resolver=resolve, description=description, permission_classes=[requires(action), *guards]
    )
