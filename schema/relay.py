"""Relay plumbing: the Node interface, opaque global IDs and keyset-paged connections."""

from __future__ import annotations

import base64
import binascii
import dataclasses
from collections.abc import Awaitable, Callable, Sequence
from enum import Enum
from typing import Annotated, Any, Generic, TypeVar

import strawberry

from resolvers.errors import InvalidArgument
from resolvers.keyset import MAX_PAGE_SIZE, PageRequest
from schema.plan.values import global_id

T = TypeVar("T")


@strawberry.interface(
    description="An object with a globally unique, opaque ID (Relay Global Object Identification)."
)
class Node:
    """An object that can be fetched again by its global ID."""

    id: strawberry.ID = strawberry.field(
        resolver=lambda root: strawberry.ID(global_id(root.typename, root["id"])),
        description="Opaque global ID of the object; `node(id:)` fetches it again.",
    )


def to_global_id(type_name: str, pk: int) -> strawberry.ID:
    """Encode a type name and primary key as an opaque global ID."""
    return strawberry.ID(global_id(type_name, pk))


def from_global_id(global_id: str, argument: str = "id") -> tuple[str, int]:
    """Decode a global ID into (type name, primary key).

    Raises:
        InvalidArgument: naming `argument` if the ID is not one this API issued.
    """
    try:
        type_name, _, pk = base64.b64decode(global_id, validate=True).decode("utf-8").partition(":")
        if not type_name or not pk.isdigit() or len(pk) > 18:
            raise ValueError(global_id)
        return type_name, int(pk)
    except (ValueError, binascii.Error, UnicodeDecodeError):
        raise InvalidArgument(argument, f"{global_id!r} is not a valid global ID") from None


def pk_of(global_id: str, type_name: str, argument: str = "id") -> int:
    """Primary key of a global ID that must be of `type_name`."""
    actual, pk = from_global_id(global_id, argument)
    if actual != type_name:
        raise InvalidArgument(argument, f"expected the ID of a {type_name}, got one of a {actual}")
    return pk


@strawberry.type(
    description="Where a page of a connection sits in the whole list (Relay Cursor Connections)."
)
class PageInfo:
    """Relay page information."""

    has_next_page: bool = strawberry.field(description="True when more items follow this page.")
    has_previous_page: bool = strawberry.field(description="True when items precede this page.")
    start_cursor: str | None = strawberry.field(
        description="Cursor of the first item of the page, null when the page is empty."
    )
    end_cursor: str | None = strawberry.field(
        description="Cursor of the last item of the page, null when the page is empty."
    )


@strawberry.type(description="An item of a connection with its cursor.")
class Edge(Generic[T]):
    """One item of a connection."""

    node: T = strawberry.field(description="The item.")
    cursor: str = strawberry.field(
        description="Opaque keyset cursor of the item; pass it as `after` or `before`."
    )


@strawberry.type(
    description="A page of items, paged with keyset cursors (Relay Cursor Connections)."
)
class Connection(Generic[T]):
    """A page of items with Relay paging information."""

    edges: list[Edge[T]] = strawberry.field(description="The items of the page with their cursors.")
    page_info: PageInfo = strawberry.field(description="Paging information.")
    _count: strawberry.Private[Callable[[], Awaitable[int]]]

    @strawberry.field(
        description="Number of items in the whole list across all pages, computed in SQL when asked for."
    )
    async def total_count(self) -> int:
        """Count every item matching the filter."""
        return await self._count()

    @strawberry.field(description="The items of the page, without cursors.")
    def nodes(self) -> list[T]:
        """Items of the page."""
        return [edge.node for edge in self.edges]


def connection(page: Any, wrap: Callable[[Any], T]) -> Connection[T]:
    """Build a connection from a page of ORM rows, wrapping each row as its GraphQL type."""
    edges = [Edge(node=wrap(row), cursor=c) for row, c in zip(page.rows, page.cursors, strict=True)]
    info = PageInfo(
        has_next_page=page.has_next_page,
        has_previous_page=page.has_previous_page,
        start_cursor=page.cursors[0] if page.cursors else None,
        end_cursor=page.cursors[-1] if page.cursors else None,
    )
    return Connection(edges=edges, page_info=info, _count=page.count)


def connection_of(page: Any) -> Connection[Any]:
    """Build a connection from a page of rows (`schema.plan.fallback.Loaded`)."""
    edges = [Edge(node=row, cursor=c) for row, c in zip(page.rows, page.cursors, strict=True)]
    info = PageInfo(
        has_next_page=page.has_next_page,
        has_previous_page=page.has_previous_page,
        start_cursor=page.cursors[0] if page.cursors else None,
        end_cursor=page.cursors[-1] if page.cursors else None,
    )
    return Connection(edges=edges, page_info=info, _count=page.count)


First = Annotated[
    int | None,
    strawberry.argument(
        description=f"Return the first N items after `after` (0 to {MAX_PAGE_SIZE}; default 20)."
    ),
]
After = Annotated[str | None, strawberry.argument(description="Return items after this cursor.")]
Last = Annotated[
    int | None,
    strawberry.argument(
        description=f"Return the last N items before `before` (0 to {MAX_PAGE_SIZE})."
    ),
]
Before = Annotated[str | None, strawberry.argument(description="Return items before this cursor.")]


PAGE_ARGUMENTS: dict[str, tuple[Any, str]] = {
    "first": (
        int | None,
        f"Return the first N items after `after` (0 to {MAX_PAGE_SIZE}; default 20).",
    ),
    "after": (str | None, "Return items after this cursor."),
    "last": (int | None, f"Return the last N items before `before` (0 to {MAX_PAGE_SIZE})."),
    "before": (str | None, "Return items before this cursor."),
}
"""The Relay arguments of every connection field, for declared fields."""


def page_request(
    first: int | None, after: str | None, last: int | None, before: str | None
) -> PageRequest:
    """Bundle the Relay arguments."""
    return PageRequest(first=first, after=after, last=last, before=before)


def as_filter(value: Any) -> Any:
    """Turn a filter input object into plain dictionaries and lists for `resolvers`."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: as_filter(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, list):
        return [as_filter(v) for v in value]
    return value


def check_ids(ids: Sequence[str]) -> None:
    """Refuse `nodes(ids:)` lists longer than a page."""
    if len(ids) > MAX_PAGE_SIZE:
        raise InvalidArgument("ids", f"at most {MAX_PAGE_SIZE} IDs at once, got {len(ids)}")


def enum_name(value: Enum) -> str:
    """The name of an ordering enum member, as the resolvers key their orderings."""
    return value.name


def decode_input(data: dict[str, Any], ids: dict[str, str]) -> dict[str, Any]:
    """Replace the global IDs of an input (field name -> expected type) by primary keys."""
    out = dict(data)
    for name, type_name in ids.items():
        if out.get(name) is not None:
            out[name] = pk_of(out[name], type_name, f"input.{name}")
    return out
