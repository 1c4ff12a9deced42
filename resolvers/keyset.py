"""Keyset pagination in SQL, shared by every connection of the read path.

A cursor holds the ordering it was made under, the sort value and the id of a row, so a
client paging while rows are inserted neither skips nor repeats one. NULL sort values come
last in both directions on every database; the id breaks ties.
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import orjson

from resolvers.errors import InvalidArgument
from resolvers.sql import Sql, param

DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 100


@dataclass(frozen=True)
class SortKey:
    """A column a connection may be ordered by, before the id that breaks ties."""

    column: str
    value_type: type = int
    nullable: bool = False
    bits: int = 32
    """Width of an integer column: a cursor value beyond it is not one this API issued."""

    def encode(self, raw: Any) -> Any:
        """A driver value as the JSON a cursor carries."""
        if raw is None:
            return None
        if self.value_type is datetime:
            from schema.plan.values import to_datetime  # a plain function; no GraphQL

            return to_datetime(raw).isoformat()  # type: ignore[union-attr]
        if self.value_type is date:
            return (raw if isinstance(raw, date) else date.fromisoformat(str(raw))).isoformat()
        return raw.value if hasattr(raw, "value") and not isinstance(raw, (int, str)) else raw

    def decode(self, value: Any) -> Any:
        """A cursor's JSON value back as a comparable parameter."""
        if value is None:
            if not self.nullable:
                raise ValueError("null sort value")
            return None
        if self.value_type is datetime:
            return datetime.fromisoformat(value)
        if self.value_type is date:
            return date.fromisoformat(value)
        if not isinstance(value, self.value_type) or isinstance(value, bool):
            raise ValueError("sort value of the wrong type")
        if isinstance(value, int) and not -(2 ** (self.bits - 1)) <= value < 2 ** (self.bits - 1):
            raise ValueError("sort value out of range")
        return value


@dataclass(frozen=True)
class Ordering:
    """A named ordering: one sort key (None: id order) and a direction."""

    name: str
    key: SortKey | None
    descending: bool


def make_ordering(keys: dict[str, SortKey | None], order: str, descending: bool) -> Ordering:
    """The ordering named `order` among `keys`, in the given direction."""
    return Ordering(f"{order}_{'DESC' if descending else 'ASC'}", keys[order], descending)


@dataclass(frozen=True)
class PageRequest:
    """The Relay arguments of a connection field."""

    first: int | None = None
    after: str | None = None
    last: int | None = None
    before: str | None = None

    @classmethod
    def of(cls, args: dict[str, Any]) -> PageRequest:
        """From coerced field arguments."""
        return cls(args.get("first"), args.get("after"), args.get("last"), args.get("before"))


def page_size(req: PageRequest) -> tuple[int, bool]:
    """The number of rows asked for and whether the page reads forwards.

    Raises:
        InvalidArgument: for first and last together, or a size outside 0..100.
    """
    if req.first is not None and req.last is not None:
        raise InvalidArgument("last", "pass either first or last, not both")
    for name in ("first", "last"):
        size = getattr(req, name)
        if size is not None and not 0 <= size <= MAX_PAGE_SIZE:
            raise InvalidArgument(name, f"must be between 0 and {MAX_PAGE_SIZE}, got {size}")
    if req.last is not None:
        return req.last, False
    return (req.first if req.first is not None else DEFAULT_PAGE_SIZE), True


def encode_cursor(ordering: Ordering, raw_value: Any, row_id: int) -> str:
    """The opaque cursor of a row under `ordering`."""
    value = ordering.key.encode(raw_value) if ordering.key else None
    payload = orjson.dumps({"o": ordering.name, "v": value, "i": row_id})
    return base64.urlsafe_b64encode(payload).decode("ascii")


def decode_cursor(ordering: Ordering, cursor: str, argument: str) -> tuple[Any, int]:
    """Read (sort value, id) from a cursor made under `ordering`.

    Raises:
        InvalidArgument: if the cursor is malformed or was made under another ordering.
    """
    try:
        payload = orjson.loads(base64.urlsafe_b64decode(cursor.encode("ascii")))
        name, row_id = payload["o"], payload["i"]
        if not isinstance(name, str) or not isinstance(row_id, int) or isinstance(row_id, bool):
            raise ValueError("cursor shape")
        if name != ordering.name:
            raise InvalidArgument(
                argument, f"cursor was made for ordering {name}, not {ordering.name}"
            )
        if not -(2**31) <= row_id < 2**31:
            raise ValueError("cursor id out of range")
        value = ordering.key.decode(payload["v"]) if ordering.key else None
        return value, row_id
    except InvalidArgument:
        raise
    except (ValueError, TypeError, KeyError, binascii.Error, orjson.JSONDecodeError, UnicodeError):
        raise InvalidArgument(argument, "not a cursor this API issued") from None


def beyond(alias: str, key: SortKey | None, value: Any, row_id: int, descending: bool) -> Sql:
    """Rows strictly after (value, id) in the order (nulls last, key, id)."""
    op = "<" if descending else ">"
    after_id = Sql(f"{alias}.id {op} ", param(row_id))
    if key is None:
        return after_id
    col = f"{alias}.{key.column}"
    if value is None:
        return Sql(f"({col} IS NULL AND ", after_id, ")")
    later = Sql(
        f"({col} {op} ", param(value), f" OR ({col} = ", param(value), " AND ", after_id, ")"
    )
    if key.nullable:
        later.add(f" OR {col} IS NULL")
    return later.add(")")


def before(alias: str, key: SortKey | None, value: Any, row_id: int, descending: bool) -> Sql:
    """Rows strictly before (value, id) in the order (nulls last, key, id)."""
    op = ">" if descending else "<"
    before_id = Sql(f"{alias}.id {op} ", param(row_id))
    if key is None:
        return before_id
    col = f"{alias}.{key.column}"
    if value is None:
        return Sql(f"({col} IS NOT NULL OR ({col} IS NULL AND ", before_id, "))")
    return Sql(
        f"({col} {op} ", param(value), f" OR ({col} = ", param(value), " AND ", before_id, "))"
    )


@dataclass(frozen=True)
class Segment:
    """A part of the list read in turn, with an index-friendly ORDER BY."""

    condition: str | None
    order: list[str]


def segments(alias: str, ordering: Ordering, forward: bool) -> list[Segment]:
    """Non-null rows then null rows (for a nullable key), each walking its (column, id) index;
    reading backwards reverses both."""
    descending = ordering.descending != (not forward)
    sign = " DESC" if descending else ""
    if ordering.key is None:
        return [Segment(None, [f"{alias}.id{sign}"])]
    col = f"{alias}.{ordering.key.column}"
    parts = [Segment(f"{col} IS NOT NULL", [f"{col}{sign}", f"{alias}.id{sign}"])]
    if ordering.key.nullable:
        parts.append(Segment(f"{col} IS NULL", [f"{alias}.id{sign}"]))
    return parts if forward else parts[::-1]


def window_order(alias: str, ordering: Ordering, forward: bool) -> str:
    """One ORDER BY for a window over several parents' rows: (nulls last, key, id)."""
    descending = ordering.descending != (not forward)
    sign = " DESC" if descending else ""
    if ordering.key is None:
        return f"{alias}.id{sign}"
    col = f"{alias}.{ordering.key.column}"
    nulls = f"CASE WHEN {col} IS NULL THEN 1 ELSE 0 END{'' if forward else ' DESC'}"
    if not ordering.key.nullable:
        return f"{col}{sign}, {alias}.id{sign}"
    return f"{nulls}, {col}{sign}, {alias}.id{sign}"


@dataclass
class Window:
    """A page request checked and decoded: what every reader of one connection needs."""

    ordering: Ordering
    size: int
    forward: bool
    after: tuple[Any, int] | None
    before: tuple[Any, int] | None

    @classmethod
    def of(cls, ordering: Ordering, req: PageRequest) -> Window:
        """Check the request and decode its cursors.

        Raises:
            InvalidArgument: for a bad size or cursor.
        """
        size, forward = page_size(req)
        after = decode_cursor(ordering, req.after, "after") if req.after is not None else None
        before_ = decode_cursor(ordering, req.before, "before") if req.before is not None else None
        return cls(ordering, size, forward, after, before_)

    def conditions(self, alias: str) -> list[Sql]:
        """The keyset conditions of the cursors given."""
        out = []
        key, desc = self.ordering.key, self.ordering.descending
        if self.after is not None:
            out.append(beyond(alias, key, self.after[0], self.after[1], desc))
        if self.before is not None:
            out.append(before(alias, key, self.before[0], self.before[1], desc))
        return out

    def page_info(self, more: bool) -> tuple[bool, bool]:
        """(hasNextPage, hasPreviousPage) given whether rows beyond the page exist."""
        if self.forward:
            return more, self.after is not None
        return self.before is not None, more
