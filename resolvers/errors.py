"""Exceptions the data layer raises for bad arguments; the API layer gives them a code."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class InvalidArgument(ValueError):
    """An argument of a query is malformed or out of range.

    Attributes:
        argument: Path of the offending argument as the client wrote it, e.g. `first` or
            `filter.maturityLevel.max`.
    """

    def __init__(self, argument: str, message: str) -> None:
        super().__init__(f"Invalid argument '{argument}': {message}")
        self.argument = argument


class UserErrorCode(StrEnum):
    """Why a mutation's input was refused."""

    REQUIRED = "REQUIRED"
    INVALID = "INVALID"
    TOO_LONG = "TOO_LONG"
    OUT_OF_RANGE = "OUT_OF_RANGE"
    NOT_FOUND = "NOT_FOUND"
    DUPLICATE = "DUPLICATE"
    STALE_VERSION = "STALE_VERSION"
    INVALID_STATUS = "INVALID_STATUS"
    CREDENTIAL_NOT_VALID = "CREDENTIAL_NOT_VALID"
    OUT_OF_SCOPE = "OUT_OF_SCOPE"
    CONFLICT = "CONFLICT"


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a mutation's input.

    Attributes:
        field: Path into the input, in the client's camelCase, e.g. ["eligibility", "fields", "2"].
        code: What kind of problem.
        message: A sentence for people.
    """

    field: tuple[str, ...]
    code: UserErrorCode
    message: str


class InputErrors(Exception):
    """Every problem found in a mutation's input; the mutation writes nothing."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(p.message for p in problems))
        self.problems = problems


def refuse(field: str | tuple[str, ...], code: UserErrorCode, message: str) -> InputErrors:
    """An InputErrors with one problem, for `raise refuse(...)`."""
    path = (field,) if isinstance(field, str) else field
    return InputErrors([Problem(tuple(p for p in path if p), code, message)])
