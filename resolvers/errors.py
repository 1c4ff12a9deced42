"""Exceptions the data layer raises for bad arguments; the API layer gives them a code."""

from __future__ import annotations


class InvalidArgument(ValueError):
    """An argument of a query is malformed or out of range.

    Attributes:
        argument: Path of the offending argument as the client wrote it, e.g. `first` or
            `filter.maturityLevel.max`.
    """

    def __init__(self, argument: str, message: str) -> None:
        super().__init__(f"Invalid argument '{argument}': {message}")
        self.argument = argument
