"""Keyset pagination shared by every connection.

A cursor holds the ordering it was made under, the sort value and the id of a row, so a
client paging while rows are inserted neither skips nor repeats one. NULL sort values come
last in both directions on every database.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Generic, TypeVar

import orjson
from tortoise.expressions import Q
from tortoise.models import Model
from tortoise.queryset import QuerySet

from resolvers.errors import InvalidArgument
from resolvers.filters import cond

M = TypeVar("M", bound=Model)
DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 100


@dataclass(frozen=True)
class SortKey:
    """A column a connection may be ordered by, before the id that breaks ties."""

    column: str
    value_type: type = int
    nullable: bool = False

    def encode(self, value: Any) -> Any:
        """Turn a column value into JSON for a cursor."""
        if isinstance(value, (date, datetime)):
            return value.isoformat()
        return value.value if hasattr(value, "value") else value

    def decode(self, raw: Any) -> Any:
        """Turn a cursor's JSON value back into a column value."""
        if raw is None:
            if not self.nullable:
                raise ValueError("null sort value")
            return None
        if self.value_type is datetime:
            return datetime.fromisoformat(raw)
        if self.value_type is date:
            return date.fromisoformat(raw)
        if not isinstance(raw, self.value_type):
            raise ValueError("sort value of the wrong type")
        return raw


ID_KEY = SortKey("id")


@dataclass(frozen=True)
class Ordering:
    """A named ordering: one sort key (or none, for id order) and a direction."""

    name: str
    key: SortKey | None
    descending: bool


@dataclass(frozen=True)
class PageRequest:
    """The Relay arguments of a connection field."""

    first: int | None = None
    after: str | None = None
    last: int | None = None
    before: str | None = None


@dataclass
class Page(Generic[M]):
    """One page of rows with their cursors, and a lazily computed total."""

    rows: list[M]
    cursors: list[str]
    has_next_page: bool
    has_previous_page: bool
    count: Callable[[], Awaitable[int]]


def encode_cursor(ordering: Ordering, row: Model) -> str:
    """Make the opaque cursor of `row` under `ordering`."""
    value = ordering.key.encode(getattr(row, ordering.key.column)) if ordering.key else None
    payload = orjson.dumps({"o": ordering.name, "v": value, "i": row.pk})
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
        value = ordering.key.decode(payload["v"]) if ordering.key else None
        return value, row_id
    except InvalidArgument:
        raise
    except (ValueError, TypeError, KeyError, binascii.Error, orjson.JSONDecodeError):
        raise InvalidArgument(argument, "not a cursor this API issued") from None


def _beyond(key: SortKey | None, value: Any, row_id: int, descending: bool) -> Q:
    """Rows strictly after (value, id) in the order (nulls last, key, id), `descending` or not."""
    op = "lt" if descending else "gt"
    after_id = cond(f"id__{op}", row_id)
    if key is None:
        return after_id
    col = key.column
    if value is None:
        return Q(cond(f"{col}__isnull", True), after_id)
    later = cond(f"{col}__{op}", value) | Q(cond(col, value), after_id)
    return later | cond(f"{col}__isnull", True) if key.nullable else later


def _before(key: SortKey | None, value: Any, row_id: int, descending: bool) -> Q:
    """Rows strictly before (value, id) in the order (nulls last, key, id)."""
    op = "gt" if descending else "lt"
    before_id = cond(f"id__{op}", row_id)
    if key is None:
        return before_id
    col = key.column
    if value is None:
        return cond(f"{col}__isnull", False) | Q(cond(f"{col}__isnull", True), before_id)
    return cond(f"{col}__{op}", value) | Q(cond(col, value), before_id)


def _page_size(req: PageRequest) -> tuple[int, bool]:
    if req.first is not None and req.last is not None:
        raise InvalidArgument("last", "pass either first or last, not both")
    for name in ("first", "last"):
        size = getattr(req, name)
        if size is not None and not 0 <= size <= MAX_PAGE_SIZE:
            raise InvalidArgument(name, f"must be between 0 and {MAX_PAGE_SIZE}, got {size}")
    if req.last is not None:
        return req.last, False
    return (req.first if req.first is not None else DEFAULT_PAGE_SIZE), True


def _segments(ordering: Ordering, forward: bool) -> list[tuple[Q, list[str]]]:
    """The parts of the list to read in turn, each with an index-friendly ORDER BY.

    A nullable key splits the list into its non-null rows, then its null rows (by id), so
    that each part can walk the (column, id) index; reading backwards reverses both.
    """
    descending = ordering.descending != (not forward)
    sign = "-" if descending else ""
    if ordering.key is None:
        return [(Q(), [f"{sign}id"])]
    column = ordering.key.column
    segments = [(cond(f"{column}__isnull", False), [f"{sign}{column}", f"{sign}id"])]
    if ordering.key.nullable:
        segments.append((cond(f"{column}__isnull", True), [f"{sign}id"]))
    return segments if forward else segments[::-1]


async def paginate(qs: QuerySet[M], ordering: Ordering, req: PageRequest) -> Page[M]:
    """Fetch one page of `qs` under `ordering` for the Relay arguments `req`.

    Raises:
        InvalidArgument: for a page size out of range or a malformed cursor.
    """
    size, forward = _page_size(req)
    filtered = qs
    if req.after is not None:
        value, row_id = decode_cursor(ordering, req.after, "after")
        filtered = filtered.filter(_beyond(ordering.key, value, row_id, ordering.descending))
    if req.before is not None:
        value, row_id = decode_cursor(ordering, req.before, "before")
        filtered = filtered.filter(_before(ordering.key, value, row_id, ordering.descending))
    rows: list[M] = []
    for segment, order in _segments(ordering, forward):
        if len(rows) > size:
            break
        rows += await filtered.filter(segment).order_by(*order).limit(size + 1 - len(rows))
    more = len(rows) > size
    rows = rows[:size]
    if not forward:
        rows.reverse()
    return Page(
        rows=rows,
        cursors=[encode_cursor(ordering, row) for row in rows],
        has_next_page=more if forward else req.before is not None,
        has_previous_page=req.after is not None if forward else more,
        count=qs.count,
    )


def make_ordering(keys: dict[str, SortKey | None], order: str, descending: bool) -> Ordering:
    """The ordering named `order` among `keys`, in the given direction."""
    return Ordering(f"{order}_{'DESC' if descending else 'ASC'}", keys[order], descending)
