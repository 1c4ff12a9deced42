"""Field-by-field resolution of the declared types: a generic resolver per specification.

This is GraphQL's plain execution model over the declarations: every field resolves on its
own, relations through per-request DataLoaders. It serves mutation payloads and anything the
planner does not take, and it is the reference the planner's differential test compares with.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

import strawberry
from graphql import (
    GraphQLEnumType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLScalarType,
    get_named_type,
)
from strawberry.dataloader import DataLoader

from resolvers.errors import InvalidArgument
from resolvers.keyset import PageRequest, Window, encode_cursor, make_ordering
from resolvers.reader import database
from resolvers.select import Scope, Select
from resolvers.sql import Sql
from schema.plan import declare as d
from schema.plan import values as v


class Row(dict[str, Any]):
    """A row of an entity's table, keyed by column name, knowing its GraphQL type."""

    __slots__ = ("typename",)

    def __init__(self, typename: str, data: dict[str, Any]) -> None:
        super().__init__(data)
        self.typename = typename


# ---------------------------------------------------------------------------- conversions


def infer_conv(graphql_type: Any, column_name: str = "") -> v.Conv:
    """How a column becomes a value of `graphql_type` when the declaration does not say."""
    inner = graphql_type.of_type if isinstance(graphql_type, GraphQLNonNull) else graphql_type
    named = get_named_type(graphql_type)
    if isinstance(inner, GraphQLList):
        if isinstance(named, GraphQLEnumType):
            return v.enum_list(_python_enum(named))
        return v.JSON
    if isinstance(named, GraphQLEnumType):
        return v.enum(_python_enum(named))
    if isinstance(named, GraphQLScalarType):
        return {
            "Date": v.DATE,
            "DateTime": v.DATETIME,
            "Decimal": v.MONEY,
            "Boolean": v.BOOL,
            "ID": v.UUID_TEXT,
        }.get(named.name, v.RAW)
    return v.RAW


def item_conv(graphql_type: Any) -> v.Conv:
    """The conversion of one item of a list type."""
    named = get_named_type(graphql_type)
    if isinstance(named, GraphQLEnumType):
        return v.enum(_python_enum(named))
    return infer_conv(named)


def _python_enum(graphql_enum: GraphQLEnumType) -> type[Enum]:
    definition = graphql_enum.extensions["strawberry-definition"]
    return definition.wrapped_cls  # type: ignore[no-any-return]


def field_args(kwargs: dict[str, Any]) -> dict[str, Any]:
    """A resolver's keyword arguments as graphql-core would have coerced them."""
    return {_camel(k): graphql_args(a) for k, a in kwargs.items()}


def graphql_args(value: Any) -> Any:
    """Strawberry's converted arguments back in graphql-core's shape (dicts by GraphQL name,
    enum values), so both execution paths hand filters the same thing."""
    if isinstance(value, Enum):
        return value.value
    definition = getattr(value, "__strawberry_definition__", None)
    if definition is not None and not isinstance(value, type) and hasattr(definition, "fields"):
        return {
            f.graphql_name or _camel(f.python_name): graphql_args(getattr(value, f.python_name))
            for f in definition.fields
        }
    if isinstance(value, list):
        return [graphql_args(item) for item in value]
    if isinstance(value, dict):
        return {k: graphql_args(item) for k, item in value.items()}
    return value


def _camel(name: str) -> str:
    head, *rest = name.rstrip("_").split("_")
    return head + "".join(part.title() for part in rest)


# ---------------------------------------------------------------------------- loaders


def scope_of(info: Any) -> Scope:
    """The request's scope, kept on its context."""
    return info.context.scope  # type: ignore[no-any-return]


def order_sql(alias: str, order: Sequence[str]) -> list[str]:
    """`("-version", "id")` as `["t0.version DESC NULLS FIRST", "t0.id ASC NULLS LAST"]`:
    NULLs sort as PostgreSQL puts them by default, on SQLite too."""
    return [
        f"{alias}.{o[1:]} DESC NULLS FIRST" if o.startswith("-") else f"{alias}.{o} ASC NULLS LAST"
        for o in order
    ]


async def fetch_rows(scope: Scope, select: Select, typename: str) -> list[Row]:
    """Run a SELECT of whole rows (`t0.*`) and wrap them."""
    async with database().reader() as reader:
        rows = await reader.fetch_dicts(select.render(scope))
    return [Row(typename, r) for r in rows]


def _all_columns(entity: d.Entity) -> Select:
    select = Select(entity.table)
    select.columns.append(Sql("t0.*"))
    return select


@dataclass
class Fetcher:
    """The DataLoaders of one request, made on first use, keyed by what they load."""

    scope: Scope
    _loaders: dict[Hashable, DataLoader[Any, Any]] = field(default_factory=dict)

    def loader(self, key: Hashable, load: Callable[[list[Any]], Any]) -> DataLoader[Any, Any]:
        """The loader for `key`, made with the batch function `load` the first time."""
        found = self._loaders.get(key)
        if found is None:
            found = self._loaders[key] = DataLoader(load_fn=load)
        return found

    def by_id(self, entity: d.Entity) -> DataLoader[int, Row | None]:
        """Visible rows of `entity` by id."""

        async def load(ids: list[int]) -> list[Row | None]:
            select = _all_columns(entity)
            select.where.append(self.scope.dialect.in_list("t0.id", ids))
            _visible(self.scope, entity, select)
            found = {r["id"]: r for r in await fetch_rows(self.scope, select, entity.name)}
            return [found.get(i) for i in ids]

        return self.loader(("id", entity.name), load)

    def children(self, entity: d.Entity, spec: d.ToMany) -> DataLoader[Any, list[Row]]:
        """Visible rows of `entity` grouped by column `spec.fk`."""

        async def load(keys: list[Any]) -> list[list[Row]]:
            select = _all_columns(entity)
            select.where.append(self.scope.dialect.in_list(f"t0.{spec.fk}", keys))
            _visible(self.scope, entity, select)
            if spec.where is not None:
                _add(select, spec.where(self.scope, "t0"))
            select.order = order_sql("t0", spec.order)
            groups: dict[Any, list[Row]] = defaultdict(list)
            for row in await fetch_rows(self.scope, select, entity.name):
                groups[_key(row[spec.fk])].append(row)
            return [groups.get(_key(k), []) for k in keys]

        return self.loader(("children", entity.name, id(spec)), load)

    def values(self, spec: d.Values) -> DataLoader[int, list[Any]]:
        """Scalars of a child table grouped by parent id."""

        async def load(keys: list[int]) -> list[list[Any]]:
            select = Select(spec.table)
            select.column(f"t0.{spec.fk}")
            select.column(f"t0.{spec.column}")
            select.where.append(self.scope.dialect.in_list(f"t0.{spec.fk}", keys))
            select.order = order_sql("t0", spec.order)
            groups: dict[Any, list[Any]] = defaultdict(list)
            async with database().reader() as reader:
                for parent, item in await reader.fetch(select.render(self.scope)):
                    groups[parent].append(item)
            return [groups.get(k, []) for k in keys]

        return self.loader(("values", id(spec)), load)

    def computed(
        self, entity: d.Entity, spec: d.Expr, args: dict[str, Any]
    ) -> DataLoader[int, Any]:
        """An SQL expression's value by row id."""

        async def load(ids: list[int]) -> list[Any]:
            select = Select(entity.table)
            select.column("t0.id")
            select.computed("value", spec.build(self.scope, "t0", args))
            select.where.append(self.scope.dialect.in_list("t0.id", ids))
            async with database().reader() as reader:
                found = {r[0]: r[1] for r in await reader.fetch(select.render(self.scope))}
            return [found.get(i) for i in ids]

        key = ("expr", entity.name, spec.key, tuple(sorted((k, repr(a)) for k, a in args.items())))
        return self.loader(key, load)


def _key(value: Any) -> Any:
    return str(value) if not isinstance(value, (int, str)) else value


def _visible(scope: Scope, entity: d.Entity, select: Select) -> None:
    _add(select, entity.visibility(scope, select.alias))


def _add(select: Select, condition: Sql | None) -> None:
    if condition is not None:
        select.where.append(condition)


# ---------------------------------------------------------------------------- pages


@dataclass
class Loaded:
    """A page of rows for `schema.relay.Connection`."""

    rows: list[Row]
    cursors: list[str]
    has_next_page: bool
    has_previous_page: bool
    count: Callable[[], Any]


async def read_page(
    scope: Scope, entity: d.Entity, conditions: list[Sql], window: Window
) -> Loaded:
    """One page of the visible rows of `entity` meeting `conditions`, read segment by segment."""
    from resolvers.keyset import segments

    base = _all_columns(entity)
    base.where.extend(conditions)
    _visible(scope, entity, base)
    rows: list[Row] = []
    for segment in segments("t0", window.ordering, window.forward):
        if len(rows) > window.size:
            break
        select = _all_columns(entity)
        select.where = [*base.where, *window.conditions("t0")]
        if segment.condition:
            select.where.append(Sql(segment.condition))
        select.order = segment.order
        select.limit = Sql(str(window.size + 1 - len(rows)))
        rows += await fetch_rows(scope, select, entity.name)
    more = len(rows) > window.size
    rows = rows[: window.size]
    if not window.forward:
        rows.reverse()
    column = window.ordering.key.column if window.ordering.key else None
    cursors = [encode_cursor(window.ordering, r[column] if column else None, r["id"]) for r in rows]
    has_next, has_previous = window.page_info(more)

    async def count() -> int:
        select = Select(entity.table)
        select.columns.append(Sql("count(*)"))
        select.where = list(base.where)
        async with database().reader() as reader:
            return int((await reader.fetch(select.render(scope)))[0][0])

    return Loaded(rows, cursors, has_next, has_previous, count)


def window_of(entity: d.Entity, args: dict[str, Any], default: tuple[str, bool]) -> Window:
    """The checked page request of a connection field's arguments."""
    order = args.get("orderBy")
    name, descending = default
    if order:
        name, descending = order["field"], order.get("direction", "ASC") == "DESC"
    return Window.of(make_ordering(entity.orderings, name, descending), PageRequest.of(args))


# ---------------------------------------------------------------------------- resolvers


def _raw(info: Any) -> Any:
    """graphql-core's resolve info under Strawberry's `Info`."""
    return getattr(info, "_raw_info", info)


def _return_type(info: Any) -> Any:
    return _raw(info).return_type


def _target(info: Any) -> d.Entity:
    return d.ENTITIES[get_named_type(_return_type(info)).name]


def _connection_entity(info: Any) -> d.Entity:
    connection = get_named_type(_return_type(info))
    node = get_named_type(connection.fields["nodes"].type)
    return d.ENTITIES[node.name]


def _conv(info: Any, spec_conv: v.Conv | None, column_name: str = "") -> v.Conv:
    return spec_conv or infer_conv(_return_type(info), column_name)


def _missing(info: Any, what: str) -> Exception:
    return RuntimeError(f"{_raw(info).parent_type.name}.{info.field_name}: {what} not found")


def resolver_for(spec: d.Spec) -> Callable[..., Any]:
    """The generic resolver of a field declared by `spec`.

    The resolvers below carry no return annotation on purpose: Strawberry would take it as the
    field's type, which the declaring class's annotation gives.
    """
    maker = _MAKERS.get(type(spec))
    if maker is None:
        raise TypeError(f"no field-by-field resolver for {type(spec).__name__}")
    return maker(spec)


def _column(spec: d.Column) -> Callable[..., Any]:
    def resolve(root: Any, info: strawberry.Info):
        return _conv(info, spec.conv, spec.column).py(root[spec.column])

    return resolve


def _text(spec: d.Text) -> Callable[..., Any]:
    def resolve(root: Any, info: strawberry.Info):
        if spec.en and scope_of(info).language == "en" and root[spec.en]:
            return root[spec.en]
        return root[spec.column]

    return resolve


def _derived(spec: d.Derived) -> Callable[..., Any]:
    def resolve(root: Any, info: strawberry.Info):
        return spec.make(*(root[c] for c in spec.columns))

    return resolve


def _term_name(spec: d.TermName) -> Callable[..., Any]:
    def resolve(root: Any, info: strawberry.Info):
        raw = root[spec.column]
        return spec.name(raw.value if isinstance(raw, Enum) else raw, scope_of(info).language)

    return resolve


def _const(spec: d.Const) -> Callable[..., Any]:
    def resolve(root: Any, info: strawberry.Info):
        return spec.value

    return resolve


def _expr(spec: d.Expr) -> Callable[..., Any]:
    async def resolve(root: Any, info: strawberry.Info, **kwargs: Any):
        entity = d.ENTITIES[root.typename]
        args = field_args(kwargs)
        raw = await info.context.fetcher.computed(entity, spec, args).load(root["id"])
        return _conv(info, spec.conv).py(raw)

    return resolve


def _embedded(spec: d.Embedded) -> Callable[..., Any]:
    def resolve(root: Any, info: strawberry.Info):
        if spec.present is not None and root[spec.present] is None:
            return None
        return root

    return resolve


def _to_one(spec: d.ToOne) -> Callable[..., Any]:
    async def resolve(root: Any, info: strawberry.Info):
        key = root.get(spec.fk)
        row = None
        if key is not None:
            row = await info.context.fetcher.by_id(_target(info)).load(key)
        if row is None and isinstance(_return_type(info), GraphQLNonNull):
            raise _missing(info, f"row {key}")
        return row

    return resolve


def _to_many(spec: d.ToMany) -> Callable[..., Any]:
    async def resolve(root: Any, info: strawberry.Info):
        return await info.context.fetcher.children(_target(info), spec).load(root[spec.key])

    return resolve


def _values(spec: d.Values) -> Callable[..., Any]:
    async def resolve(root: Any, info: strawberry.Info):
        conv = spec.conv or item_conv(_return_type(info))
        return [conv.py(x) for x in await info.context.fetcher.values(spec).load(root["id"])]

    return resolve


def _page(spec: d.Page) -> Callable[..., Any]:
    async def resolve(root: Any, info: strawberry.Info, **kwargs: Any):
        from schema.relay import connection_of

        entity = _connection_entity(info)
        window = window_of(entity, field_args(kwargs), spec.ordering)
        scope = scope_of(info)
        conditions = [Sql(f"t0.{spec.fk} = ").add(_param(root[spec.key]))]
        if spec.where is not None:
            extra = spec.where(scope, "t0")
            if extra is not None:
                conditions.append(extra)
        return connection_of(await read_page(scope, entity, conditions, window))

    return resolve


def _param(value: Any) -> Sql:
    from resolvers.sql import param

    return param(value)


def _value(spec: d.Value) -> Callable[..., Any]:
    def resolve(root: Any, info: strawberry.Info):
        raw = root.get(spec.key) if isinstance(root, dict) else getattr(root, spec.key)
        named = get_named_type(_return_type(info))
        if not isinstance(named, (GraphQLScalarType, GraphQLEnumType)):
            return raw
        return _conv(info, spec.conv).py(raw)

    return resolve


def _root_page(spec: d.RootPage) -> Callable[..., Any]:
    async def resolve(root: Any, info: strawberry.Info, **kwargs: Any):
        from schema.relay import connection_of

        entity = _connection_entity(info)
        args = field_args(kwargs)
        scope = scope_of(info)
        conditions: list[Sql] = []
        if spec.filters is not None:
            conditions += await spec.filters(scope, "t0", args.get("filter"), "filter")
        if spec.base is not None:
            extra = spec.base(scope, "t0", args.get("filter"))
            if extra is not None:
                conditions.append(extra)
        window = window_of(entity, args, spec.ordering)
        return connection_of(await read_page(scope, entity, conditions, window))

    return resolve


def _root_list(spec: d.RootList) -> Callable[..., Any]:
    async def resolve(root: Any, info: strawberry.Info, **kwargs: Any):
        entity = _target(info)
        select = _all_columns(entity)
        scope = scope_of(info)
        _visible(scope, entity, select)
        if spec.filters is not None:
            select.where.extend(spec.filters(scope, "t0", field_args(kwargs)))
        select.order = order_sql("t0", spec.order)
        return await fetch_rows(scope, select, entity.name)

    return resolve


def _root_one(spec: d.RootOne) -> Callable[..., Any]:
    async def resolve(root: Any, info: strawberry.Info, **kwargs: Any):
        entity = _target(info)
        select = _all_columns(entity)
        scope = scope_of(info)
        select.where.append(Sql(f"t0.{spec.column} = ").add(_param(kwargs[spec.argument])))
        _visible(scope, entity, select)
        rows = await fetch_rows(scope, select, entity.name)
        return rows[0] if rows else None

    return resolve


def _node(spec: d.NodeSpec) -> Callable[..., Any]:
    from schema.relay import check_ids, from_global_id

    async def one(info: Any, global_id: str, argument: str) -> Any:
        type_name, pk = from_global_id(global_id, argument)
        entity = d.ENTITIES.get(type_name)
        if entity is None or not -(2**31) <= pk < 2**31:
            return None
        return await info.context.fetcher.by_id(entity).load(pk)

    async def resolve(root: Any, info: strawberry.Info, **kwargs: Any):
        if not spec.many:
            return await one(info, kwargs["id"], "id")
        ids = kwargs["ids"]
        check_ids(ids)
        for n, i in enumerate(ids):
            from_global_id(i, f"ids[{n}]")
        import asyncio

        return list(await asyncio.gather(*(one(info, i, "ids") for i in ids)))

    return resolve


def _custom(spec: d.Custom) -> Callable[..., Any]:
    async def resolve(root: Any, info: strawberry.Info, **kwargs: Any):
        async with database().reader() as reader:
            return await spec.load(info.context, reader, field_args(kwargs))

    return resolve


_MAKERS: dict[type, Callable[[Any], Callable[..., Any]]] = {
    d.Column: _column,
    d.Text: _text,
    d.Const: _const,
    d.TermName: _term_name,
    d.Derived: _derived,
    d.Expr: _expr,
    d.Embedded: _embedded,
    d.ToOne: _to_one,
    d.ToMany: _to_many,
    d.Values: _values,
    d.Page: _page,
    d.Value: _value,
    d.RootPage: _root_page,
    d.RootList: _root_list,
    d.RootOne: _root_one,
    d.NodeSpec: _node,
    d.Custom: _custom,
}

__all__ = ["Fetcher", "InvalidArgument", "Row", "infer_conv", "resolver_for"]
