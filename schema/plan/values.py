"""Turning raw database values into API values, the same way on both databases.

A raw value is what the driver returns: asyncpg gives dates, datetimes and booleans as Python
objects; SQLite gives text and integers as Tortoise stored them. Each `Conv` knows two ways out:
`py` gives the Python value Strawberry serializes on the field-by-field path, `out` gives the
JSON-ready value the planner writes into the response directly. They must agree; the planner's
differential test checks that they do.
"""

from __future__ import annotations

import base64
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from enum import Enum
from functools import lru_cache
from typing import Any

import orjson


def to_date(raw: Any) -> date | None:
    """A date from a driver value."""
    if raw is None or isinstance(raw, date):
        return raw
    return date.fromisoformat(str(raw)[:10])


def to_datetime(raw: Any) -> datetime | None:
    """An aware UTC datetime from a driver value."""
    if raw is None:
        return None
    if isinstance(raw, datetime):
        return raw if raw.tzinfo else raw.replace(tzinfo=UTC)
    value = datetime.fromisoformat(str(raw))
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def to_bool(raw: Any) -> bool | None:
    """A boolean from a driver value (SQLite stores 0/1)."""
    return None if raw is None else bool(raw)


def to_json(raw: Any) -> Any:
    """A decoded JSON column (asyncpg and SQLite both hand over text)."""
    if raw is None or isinstance(raw, (list, dict)):
        return raw
    return orjson.loads(raw)


def to_yuan(raw: Any) -> Decimal | None:
    """A CNY amount with two decimals from integer fen."""
    return None if raw is None else Decimal(int(raw)).scaleb(-2)


@lru_cache(maxsize=1 << 16)
def global_id(type_name: str, pk: int) -> str:
    """The opaque global ID of a row (base64 of 'Type:pk'); the busiest are remembered."""
    return base64.b64encode(f"{type_name}:{pk}".encode()).decode("ascii")


def _iso(value: date | datetime | None) -> str | None:
    return None if value is None else value.isoformat()


def _date_out(raw: Any) -> str | None:
    if raw is None:
        return None
    if isinstance(raw, date):
        return raw.isoformat()
    return str(raw)[:10]


def _yuan_out(raw: Any) -> str | None:
    """str(to_yuan(raw)) without building a Decimal: the same digits for every integer."""
    if raw is None:
        return None
    fen = int(raw)
    sign, fen = ("-", -fen) if fen < 0 else ("", fen)
    return f"{sign}{fen // 100}.{fen % 100:02d}"


@dataclass(frozen=True, slots=True)
class Conv:
    """How one kind of column becomes an API value.

    Attributes:
        py: raw -> Python value for Strawberry's serializer.
        out: raw -> JSON-ready value written by the planner.
        name: For messages and plan dumps.
    """

    py: Callable[[Any], Any]
    out: Callable[[Any], Any]
    name: str


def _same(raw: Any) -> Any:
    return raw


RAW = Conv(_same, _same, "raw")
INT = Conv(_same, _same, "int")
STR = Conv(_same, _same, "str")
BOOL = Conv(to_bool, to_bool, "bool")
DATE = Conv(to_date, _date_out, "date")
DATETIME = Conv(to_datetime, lambda raw: _iso(to_datetime(raw)), "datetime")
MONEY = Conv(to_yuan, _yuan_out, "money")
JSON = Conv(to_json, to_json, "json")
UUID_TEXT = Conv(
    lambda raw: None if raw is None else str(raw),
    lambda raw: None if raw is None else str(raw),
    "uuid",
)


def enum(enum_type: type[Enum]) -> Conv:
    """A column holding the value of a member of `enum_type` (GraphQL enum names equal values)."""

    def py(raw: Any) -> Any:
        return None if raw is None else enum_type(raw)

    # The database holds the member's value, which is also its GraphQL name.
    return Conv(py, _same, f"enum:{enum_type.__name__}")


def enum_list(enum_type: type[Enum]) -> Conv:
    """A JSON array column of member values of `enum_type`."""

    def py(raw: Any) -> Any:
        return [enum_type(v) for v in to_json(raw) or []]

    def out(raw: Any) -> Any:
        return list(to_json(raw) or [])

    return Conv(py, out, f"enum_list:{enum_type.__name__}")


def split_list() -> Conv:
    """A comma-separated text column as a list of trimmed, non-empty items."""

    def split(raw: Any) -> list[str]:
        return [k.strip() for k in (raw or "").split(",") if k.strip()]

    return Conv(split, split, "split_list")


def node_id(type_name: str) -> Conv:
    """The primary key as the row's global ID."""

    def make(raw: Any) -> Any:
        return None if raw is None else global_id(type_name, int(raw))

    return Conv(make, make, f"id:{type_name}")
