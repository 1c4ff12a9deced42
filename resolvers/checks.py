"""Collecting every problem with a mutation's input before anything is written."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from resolvers.errors import InputErrors, Problem, UserErrorCode
from resolvers.filters import FEN_PER_YUAN, camel

MAX_MONEY_FEN = 10**17  # a trillion CNY: anything larger is a typo


class Checker:
    """Checks fields of one input and remembers what is wrong; `done()` raises if anything is.

    Every check returns None for a value it refused, so no later lookup ever sees it.
    """

    def __init__(self, data: dict[str, Any], prefix: tuple[str, ...] = ()) -> None:
        self.data = data
        self.prefix = prefix
        self.problems: list[Problem] = []

    def add(self, name: str | tuple[str, ...], code: UserErrorCode, message: str) -> None:
        """Record a problem with field `name` (a snake_case name or a path)."""
        path = (name,) if isinstance(name, str) else name
        self.problems.append(Problem(self.prefix + tuple(camel(p) for p in path), code, message))

    def given(self, name: str) -> bool:
        """True when the field is present and not null."""
        return self.data.get(name) is not None

    def text(self, name: str, max_length: int, required: bool = True) -> str | None:
        """A string of at most `max_length` characters, not blank when required."""
        value = self.data.get(name)
        if value is None or (required and not str(value).strip()):
            if required:
                self.add(name, UserErrorCode.REQUIRED, f"{camel(name)} is required")
            return None
        if "\x00" in value:
            self.add(name, UserErrorCode.INVALID, f"{camel(name)} may not contain NUL characters")
            return None
        if len(value) > max_length:
            self.add(
                name, UserErrorCode.TOO_LONG, f"{camel(name)} has at most {max_length} characters"
            )
            return None
        return str(value).strip()

    def integer(self, name: str, low: int, high: int, required: bool = True) -> int | None:
        """An integer between `low` and `high`."""
        value = self.data.get(name)
        if value is None:
            if required:
                self.add(name, UserErrorCode.REQUIRED, f"{camel(name)} is required")
            return None
        if not low <= value <= high:
            self.add(
                name, UserErrorCode.OUT_OF_RANGE, f"{camel(name)} must be between {low} and {high}"
            )
            return None
        return int(value)

    def money(self, name: str, required: bool = True) -> int | None:
        """A non-negative CNY amount with at most two decimals, returned in fen."""
        value = self.data.get(name)
        if value is None:
            if required:
                self.add(name, UserErrorCode.REQUIRED, f"{camel(name)} is required")
            return None
        try:
            amount = Decimal(value)
            fen = amount * FEN_PER_YUAN
            if not amount.is_finite() or fen != fen.to_integral_value():
                raise InvalidOperation
        except (InvalidOperation, ValueError):
            self.add(
                name,
                UserErrorCode.INVALID,
                f"{camel(name)} must be an amount with at most 2 decimals",
            )
            return None
        if amount < 0 or fen > MAX_MONEY_FEN:
            self.add(
                name, UserErrorCode.OUT_OF_RANGE, f"{camel(name)} must be between 0 and 10^15 CNY"
            )
            return None
        return int(fen)

    def required(self, name: str) -> Any:
        """Any value that must be present."""
        value = self.data.get(name)
        if value is None:
            self.add(name, UserErrorCode.REQUIRED, f"{camel(name)} is required")
        return value

    def ordered(self, first: str, then: str, low: Any, high: Any, strict: bool = False) -> None:
        """`low` must not come after `high` (nor equal it when strict)."""
        if low is None or high is None:
            return
        if low > high or (strict and low == high):
            self.add(
                then, UserErrorCode.OUT_OF_RANGE, f"{camel(then)} must not be before {camel(first)}"
            )

    def unique(self, name: str, values: Iterable[Any] | None) -> list[Any]:
        """A list without repeats."""
        items = list(values or [])
        if len(set(items)) != len(items):
            self.add(name, UserErrorCode.DUPLICATE, f"{camel(name)} lists a value twice")
        return items

    def day(self, name: str, required: bool = True) -> date | None:
        """A date between 1990 and 2100."""
        value = self.data.get(name)
        if value is None:
            if required:
                self.add(name, UserErrorCode.REQUIRED, f"{camel(name)} is required")
            return None
        if not date(1990, 1, 1) <= value <= date(2100, 12, 31):
            self.add(
                name, UserErrorCode.OUT_OF_RANGE, f"{camel(name)} must be between 1990 and 2100"
            )
            return None
        return value  # type: ignore[no-any-return]

    def done(self) -> None:
        """Raise every problem found, if any."""
        if self.problems:
            raise InputErrors(self.problems)
