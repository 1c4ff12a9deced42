"""Running a compiled plan for one request: bind the arguments, run one SELECT per level on
one connection, and build the response objects directly from the rows.

The result is what field-by-field execution gives, by the rules of the GraphQL specification:
errors carry their path and locations, and a null where the schema forbids one propagates to
the nearest nullable parent (the whole `data` for a non-null root field).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import orjson
from graphql import FieldNode, GraphQLError, GraphQLField
from graphql.execution.executor import CollectedErrors
from graphql.execution.values import VariableValues, get_argument_values
from graphql.pyutils import Path

from portal.auth import rules
from portal.middleware import database_unavailable
from resolvers.errors import InvalidArgument
from resolvers.keyset import (
    PageRequest,
    Window,
    encode_cursor,
    make_ordering,
    segments,
    window_order,
)
from resolvers.reader import Reader, Row
from resolvers.select import Scope, Select, bounded_int
from resolvers.sql import Sql, join, param
from schema.plan import declare as d
from schema.plan.codegen import compile_shape
from schema.plan.compile import (
    Child,
    Compiler,
    Fixed,
    Level,
    Plan,
    RootField,
    Shape,
    ValueField,
)
from schema.plan.fallback import graphql_args, order_sql

Anchor = tuple[Any, Any, Path] | None
"""The nearest nullable position above a value: (container, key, path); None: the whole data."""


class _Null(Exception):
    """A non-null position could not be filled: its nearest nullable parent becomes null."""

    def __init__(self, error: GraphQLError) -> None:
        super().__init__(error.message)
        self.error = error


@dataclass
class _Pending:
    """A field whose value a later SELECT provides."""

    key: Any
    obj: dict[str, Any]
    response_key: str
    path: Path
    nullable: bool
    anchor: Anchor


class Run:
    """One execution of a plan."""

    Null = _Null

    def __init__(
        self,
        compiler: Compiler,
        plan: Plan,
        variables: VariableValues,
        context: Any,
        reader: Reader,
    ) -> None:
        self.compiler = compiler
        self.plan = plan
        self.variables = variables
        self.context = context
        self.scope: Scope = context.scope
        self.reader = reader
        self.collected = CollectedErrors()
        self.data: dict[str, Any] | None = {}
        self.pending: dict[Level, list[_Pending]] = defaultdict(list)

    # -- errors

    @property
    def errors(self) -> list[GraphQLError]:
        """The errors to report, as graphql-core collects them."""
        return self.collected.errors

    @staticmethod
    def make_error(
        message: str,
        nodes: list[FieldNode],
        path: Path,
        original: Exception | None = None,
        extensions: dict[str, Any] | None = None,
    ) -> GraphQLError:
        """A located field error."""
        return GraphQLError(
            message,
            nodes=nodes,
            path=path.as_list(),
            original_error=original,
            extensions=extensions,
        )

    def error_from(self, exception: Exception, nodes: list[FieldNode], path: Path) -> GraphQLError:
        """The field error for an exception raised while answering a field."""
        if isinstance(exception, GraphQLError):
            return self.make_error(
                exception.message,
                nodes,
                path,
                exception.original_error,
                exception.extensions,  # type: ignore[arg-type]
            )
        return self.make_error(str(exception), nodes, path, exception)

    def null_anchor(self, anchor: Anchor) -> None:
        """Null the nearest nullable position (or the whole data)."""
        if anchor is None:
            self.data = None
        else:
            anchor[0][anchor[1]] = None

    def land(
        self, error: GraphQLError, nullable: bool, obj: Any, key: Any, path: Path, anchor: Anchor
    ) -> None:
        """A field failed: null it if it may be null, else its nearest nullable parent."""
        if nullable:
            self.collected.add(error, path)
            obj[key] = None
        else:
            self.collected.add(error, anchor[2] if anchor is not None else None)
            self.null_anchor(anchor)

    # -- arguments

    def arguments(self, field_def: GraphQLField, nodes: list[FieldNode]) -> dict[str, Any]:
        """A field's coerced arguments (enum members as their values, as both paths see them)."""
        return graphql_args(get_argument_values(field_def, nodes[0], self.variables))  # type: ignore[no-any-return]

    # -- root

    async def execute(self) -> dict[str, Any] | None:
        """Answer every root field; returns the data (None when a non-null root failed)."""
        data = self.data
        assert data is not None
        for root in self.plan.fields:
            if root.level is None:
                data[root.key] = root.typename
                continue
            data[root.key] = None
            path = Path(None, root.key, None)
            anchor: Anchor = (data, root.key, path) if root.nullable else None
            try:
                value = await self.root_value(root, path, anchor)
            except _Null as null:
                self.land(null.error, root.nullable, data, root.key, path, anchor)
                continue
            except Exception as problem:  # an argument error or an unexpected one: the field fails
                if database_unavailable(problem):
                    raise  # the whole request is a 503; the connection must be dropped
                self.land(
                    self.error_from(problem, root.nodes, path),
                    root.nullable,
                    data,
                    root.key,
                    path,
                    anchor,
                )
                continue
            if self.data is None:
                continue
            data[root.key] = value
        await self.drain()
        return self.data

    async def root_value(self, root: RootField, path: Path, anchor: Anchor) -> Any:
        """The value of one root field."""
        level = root.level
        assert level is not None
        permission = d.permission_of(root.field_def)
        if permission is not None and not rules.may(self.scope.identity, permission):
            from schema.permissions import refusal

            message, extensions = refusal(self.scope.identity, permission)
            raise GraphQLError(message, extensions=extensions)
        args = self.arguments(root.field_def, root.nodes)
        kind = level.kind
        if kind == "root_page":
            return await self.root_page(level, args, path, anchor)
        if kind == "root_list":
            spec = level.spec
            assert isinstance(spec, d.RootList)
            conditions = spec.filters(self.scope, "t0", args) if spec.filters else []
            rows = await self.select_rows(level, conditions, order=order_sql("t0", spec.order))
            return self.build_list(level, rows, path, anchor, nullable_items=False)
        if kind == "root_one":
            spec = level.spec
            assert isinstance(spec, d.RootOne)
            condition = Sql(f"t0.{spec.column} = ", param(args[spec.argument]))
            rows = await self.select_rows(level, [condition])
            return (
                self.build(level.shapes[level.entity.name], rows[0], path, anchor) if rows else None
            )  # type: ignore[union-attr]
        if kind == "node":
            return await self.nodes(level, args, path, anchor)
        if kind == "custom":
            spec = level.spec
            assert isinstance(spec, d.Custom)
            value = await spec.load(self.context, self.reader, args)
            return self.build_value(level.shapes["value"], value, path, anchor)
        raise AssertionError(kind)

    # -- SQL

    def select(self, level: Level) -> Select:
        """The SELECT of a level: its columns, its table and its LEFT JOINs."""
        entity = level.entity
        assert entity is not None
        select = Select(entity.table, alias=level.alias)
        for column in level.columns:
            if column.inline is not None:
                select.columns.append(self.inline(column.inline, column.alias))
            elif column.expr is not None:
                args = self.arguments(column.field_def, column.nodes) if column.nodes else {}  # type: ignore[arg-type]
                select.columns.append(column.expr.build(self.scope, column.alias, args))
            else:
                select.columns.append(Sql(column.sql or column.key))
        for joined in level.joins:
            on = Sql(f"LEFT JOIN {self.scope.table(joined.entity.table)} AS {joined.alias} ")
            on.add(f"ON {joined.alias}.id = {joined.parent}.{joined.fk}")
            visible = joined.entity.visibility(self.scope, joined.alias)
            if visible is not None:
                on.add(" AND ").add(visible)
            select.joins.append(on)
        visible = entity.visibility(self.scope, level.alias)
        if visible is not None:
            select.where.append(visible)
        return select

    def inline(self, child: Level, parent: str) -> Sql:
        """A correlated subquery giving a child level's rows under the row aliased `parent` as a
        JSON array (each row an array of the level's columns; a list of values, each value)."""
        spec, alias, postgres = child.spec, child.alias, self.scope.dialect.postgres
        if isinstance(spec, d.Values):
            select = Select(spec.table, alias=alias)
            select.columns.append(Sql(f"{alias}.{spec.column}"))
            select.where.append(Sql(f"{alias}.{spec.fk} = {parent}.id"))
        else:
            assert isinstance(spec, d.ToMany)
            select = self.select(child)
            select.where.append(Sql(f"{alias}.{spec.fk} = {parent}.{spec.key}"))
            if spec.where is not None:
                extra = spec.where(self.scope, alias)
                if extra is not None:
                    select.where.append(extra)
        order = ", ".join(order_sql(alias, spec.order))
        if isinstance(spec, d.Values):
            item = select.columns[0]
        elif postgres:
            item = Sql("json_build_array(", join(select.columns, ", "), ")")
        else:  # a nested array is JSON text on SQLite: json() keeps it from being quoted
            wrapped = [
                Sql("json(", c, ")") if isinstance(col.inline, Level) else c
                for c, col in zip(select.columns, child.columns, strict=True)
            ]
            item = Sql("json_array(", join(wrapped, ", "), ")")
        if postgres:
            sql = Sql("(SELECT coalesce(json_agg(", item, f" ORDER BY {order}), '[]'::json)")
            return sql.add(select.source(self.scope)).add(")")
        inner = Sql("SELECT ", item, " AS x").add(select.source(self.scope))
        inner.add(f" ORDER BY {order}")
        value = "x" if isinstance(spec, d.Values) else "json(x)"
        return Sql(f"(SELECT json_group_array({value}) FROM (", inner, "))")

    def inline_rows(
        self,
        level: Level,
        raw: Any,
        path: Path,
        nullable: bool,
        obj: dict[str, Any],
        key: str,
        anchor: Anchor,
    ) -> list[Any] | None:
        """The value of a list read inline (called by the generated builders)."""
        items = orjson.loads(raw) if isinstance(raw, (str, bytes)) else (raw or [])
        if isinstance(level.spec, d.Values):
            out = level.item_out or _same
            return [out(x) for x in items]
        shape = level.shapes[level.entity.name]  # type: ignore[union-attr]
        inner = (obj, key, path) if nullable else anchor
        if not nullable:
            return [self.build(shape, r, Path(path, i, None), inner) for i, r in enumerate(items)]
        try:
            return [self.build(shape, r, Path(path, i, None), inner) for i, r in enumerate(items)]
        except _Null as null:
            self.collected.add(null.error, path)
            return None

    async def select_rows(
        self,
        level: Level,
        conditions: list[Sql],
        order: list[str] | None = None,
        limit: int | None = None,
    ) -> list[Row]:
        """Run the level's SELECT with extra conditions."""
        select = self.select(level)
        select.where.extend(conditions)
        select.order = order or []
        if limit is not None:
            select.limit = param(limit)
        return await self.reader.fetch(select.render(self.scope))

    # -- pages

    def window(self, level: Level, args: dict[str, Any], default: tuple[str, bool]) -> Window:
        """The checked page request of a connection field."""
        entity = level.entity
        assert entity is not None
        name, descending = default
        order = args.get("orderBy")
        if order:
            name, descending = order["field"], order.get("direction", "ASC") == "DESC"
        return Window.of(make_ordering(entity.orderings, name, descending), PageRequest.of(args))

    async def root_page(
        self, level: Level, args: dict[str, Any], path: Path, anchor: Anchor
    ) -> Any:
        """A root connection: filter, keyset and segments, as `fallback.read_page` does."""
        spec = level.spec
        assert isinstance(spec, d.RootPage)
        conditions: list[Sql] = []
        if spec.filters is not None:
            conditions += await spec.filters(self.scope, "t0", args.get("filter"), "filter")
        if spec.base is not None:
            extra = spec.base(self.scope, "t0", args.get("filter"))
            if extra is not None:
                conditions.append(extra)
        window = self.window(level, args, spec.ordering)
        rows: list[Row] = []
        keyset = window.conditions("t0")
        for segment in segments("t0", window.ordering, window.forward):
            if len(rows) > window.size:
                break
            extra = [Sql(segment.condition)] if segment.condition else []
            rows += await self.select_rows(
                level, [*conditions, *keyset, *extra], segment.order, window.size + 1 - len(rows)
            )
        more = len(rows) > window.size
        rows = rows[: window.size]
        if not window.forward:
            rows.reverse()
        count = None
        if level.connection and level.connection.wants_count:
            count = await self.count(level, conditions)
        return self.build_connection(level, rows, window, more, count, path, anchor)

    async def count(self, level: Level, conditions: list[Sql]) -> int:
        """How many visible rows meet `conditions`."""
        entity = level.entity
        assert entity is not None
        select = Select(entity.table)
        select.columns.append(Sql("count(*)"))
        visible = entity.visibility(self.scope, "t0")
        select.where = [*([visible] if visible is not None else []), *conditions]
        rows = await self.reader.fetch(select.render(self.scope))
        return int(rows[0][0])

    def build_connection(
        self,
        level: Level,
        rows: list[Row],
        window: Window,
        more: bool,
        count: int | None,
        path: Path,
        anchor: Anchor,
    ) -> dict[str, Any]:
        """A connection object from a page of rows."""
        shape = level.connection
        assert shape is not None
        cursors: list[str] = []
        if shape.wants_cursor:
            key = window.ordering.key
            position = level.sort_positions.get(key.column) if key else None
            cursors = [
                encode_cursor(
                    window.ordering,
                    r[position] if position is not None else None,
                    r[level.id_position],
                )
                for r in rows
            ]
        has_next, has_previous = window.page_info(more)
        obj: dict[str, Any] = {}
        for key, what, detail in shape.entries:
            if what == "typename":
                obj[key] = detail
            elif what == "totalCount":
                obj[key] = count
            elif what == "nodes":
                items_path = Path(path, key, None)
                obj[key] = [
                    self.build(detail, r, Path(items_path, i, None), anchor)
                    for i, r in enumerate(rows)
                ]
            elif what == "edges":
                edges_path = Path(path, key, None)
                obj[key] = [
                    self.edge(
                        detail,
                        r,
                        cursors[i] if cursors else None,
                        Path(edges_path, i, None),
                        anchor,
                    )
                    for i, r in enumerate(rows)
                ]
            elif what == "pageInfo":
                typename, items = detail
                info: dict[str, Any] = {}
                for info_key, name in items:
                    info[info_key] = {
                        "__typename": typename,
                        "hasNextPage": has_next,
                        "hasPreviousPage": has_previous,
                        "startCursor": cursors[0] if cursors else None,
                        "endCursor": cursors[-1] if cursors else None,
                    }[name]
                obj[key] = info
        return obj

    def edge(
        self,
        entries: list[tuple[str, str, Any]],
        row: Row,
        cursor: str | None,
        path: Path,
        anchor: Anchor,
    ) -> dict[str, Any]:
        """One edge of a connection."""
        obj: dict[str, Any] = {}
        for key, what, detail in entries:
            if what == "typename":
                obj[key] = detail
            elif what == "cursor":
                obj[key] = cursor
            else:
                obj[key] = self.build(detail, row, Path(path, key, None), anchor)
        return obj

    # -- nodes

    async def nodes(self, level: Level, args: dict[str, Any], path: Path, anchor: Anchor) -> Any:
        """`node(id)` and `nodes(ids)`: rows by global ID, null for what is not visible."""
        from schema.relay import check_ids, from_global_id

        spec = level.spec
        assert isinstance(spec, d.NodeSpec)
        if spec.many:
            ids = list(args["ids"])
            check_ids(ids)
            wanted = [from_global_id(i, f"ids[{n}]") for n, i in enumerate(ids)]
        else:
            wanted = [from_global_id(args["id"], "id")]
        by_type: dict[str, list[int]] = defaultdict(list)
        for type_name, pk in wanted:
            if type_name in d.ENTITIES and bounded_int(pk):
                by_type[type_name].append(pk)
        found: dict[tuple[str, int], tuple[Level, Row]] = {}
        for type_name, pks in by_type.items():
            sub = self.compiler.node_level(level, type_name)
            rows = await self.select_rows(
                sub, [self.scope.dialect.in_list("t0.id", sorted(set(pks)))]
            )
            for row in rows:
                found[(type_name, row[sub.id_position])] = (sub, row)

        def one(item: tuple[str, int], item_path: Path, item_anchor: Anchor) -> Any:
            hit = found.get(item)
            if hit is None:
                return None
            sub, row = hit
            try:
                return self.build(sub.shapes[item[0]], row, item_path, item_anchor)
            except _Null as null:
                self.collected.add(null.error, item_path)
                return None

        if not spec.many:
            return one(wanted[0], path, anchor)
        out: list[Any] = [None] * len(wanted)
        for n, item in enumerate(wanted):
            item_path = Path(path, n, None)
            out[n] = one(item, item_path, (out, n, item_path))
        return out

    # -- building objects

    def build(self, shape: Shape, row: Row, path: Path, anchor: Anchor) -> dict[str, Any]:
        """The response object of one row (by the shape's generated function)."""
        built = shape.built
        if built is None:
            built = shape.built = compile_shape(shape)
        return built(self, row, path, anchor)

    # Called by the generated functions (`schema.plan.codegen`):

    def null_scalar(self, typename: str, key: str, path: Path) -> _Null:
        """A non-null column was NULL."""
        message = f"Cannot return null for non-nullable field {typename}.{key}."
        return _Null(self.make_error(message, [], Path(path, key, None)))

    def missing(self, message: str, key: str, path: Path) -> _Null:
        """A required related row is absent."""
        problem = RuntimeError(message)
        return _Null(self.make_error(message, [], Path(path, key, None), problem))

    def nullable(self, obj: dict[str, Any], key: str, path: Path, built: Any, row: Row) -> Any:
        """Build a nullable object; a failure inside nulls just it."""
        try:
            return built(self, row, path, (obj, key, path))
        except _Null as null:
            self.collected.add(null.error, path)
            return None

    def later(
        self,
        level: Level,
        key: Any,
        obj: dict[str, Any],
        response_key: str,
        path: Path,
        nullable: bool,
        anchor: Anchor,
    ) -> None:
        """Leave a field for the SELECT of a later level."""
        self.pending[level].append(_Pending(key, obj, response_key, path, nullable, anchor))

    def build_list(
        self, level: Level, rows: list[Row], path: Path, anchor: Anchor, nullable_items: bool
    ) -> list[Any]:
        """A list of row objects (items non-null)."""
        shape = level.shapes[level.entity.name]  # type: ignore[union-attr]
        return [self.build(shape, r, Path(path, i, None), anchor) for i, r in enumerate(rows)]

    def build_value(self, shape: Shape, value: Any, path: Path, anchor: Anchor) -> Any:
        """The response object of a plain value object."""
        if value is None:
            return None
        obj: dict[str, Any] = {}
        for entry in shape.entries:
            key = entry.key
            if isinstance(entry, Fixed):
                obj[key] = entry.value
            elif isinstance(entry, Child):
                obj[key] = None
                self.pending[entry.level].append(
                    _Pending(
                        value.get(entry.key_of),
                        obj,
                        key,
                        Path(path, key, None),
                        entry.nullable,
                        anchor,
                    )
                )
            elif isinstance(entry, ValueField):
                raw = value.get(entry.source)
                obj[key] = self.value_field(entry, raw, Path(path, key, None), anchor)
        return obj

    def value_field(self, entry: ValueField, raw: Any, path: Path, anchor: Anchor) -> Any:
        """One field of a value object."""
        if raw is None:
            return None
        if entry.many:
            return [
                self.value_item(entry, x, Path(path, i, None), anchor) for i, x in enumerate(raw)
            ]
        return self.value_item(entry, raw, path, anchor)

    def value_item(self, entry: ValueField, raw: Any, path: Path, anchor: Anchor) -> Any:
        """A scalar or object value of a value object's field."""
        if entry.shape is not None:
            return self.build_value(entry.shape, raw, path, anchor)
        if entry.shapes is not None:
            return self.build_value(entry.shapes[raw["__typename"]], raw, path, anchor)
        return entry.out(raw) if entry.out is not None else raw

    # -- later levels

    async def drain(self) -> None:
        """Run the SELECTs of lists and pages, level after level, until none is left."""
        while self.pending:
            level, waiting = next(iter(self.pending.items()))
            del self.pending[level]
            await self.fill(level, waiting)

    async def fill(self, level: Level, waiting: list[_Pending]) -> None:
        """Give each waiting field its value from one SELECT (a page per parent, or related
        rows of value objects by id; lists are read inline with their parents)."""
        keys = sorted({w.key for w in waiting if w.key is not None}, key=_sort_key)
        if level.kind == "page":
            await self.fill_pages(level, waiting, keys)
            return
        assert level.kind == "by_id", level.kind
        rows = (
            await self.select_rows(level, [self.scope.dialect.in_list("t0.id", keys)])
            if keys
            else []
        )
        by_id = {r[level.id_position]: r for r in rows}
        shape = level.shapes[level.entity.name]  # type: ignore[union-attr]
        for w in waiting:
            row = by_id.get(w.key)
            if row is None:
                continue
            anchor = (w.obj, w.response_key, w.path) if w.nullable else w.anchor
            try:
                w.obj[w.response_key] = self.build(shape, row, w.path, anchor)
            except _Null as null:
                self.land(null.error, w.nullable, w.obj, w.response_key, w.path, w.anchor)

    async def fill_pages(self, level: Level, waiting: list[_Pending], keys: list[Any]) -> None:
        """A page per parent, in one SELECT with a window function."""
        spec = level.spec
        assert isinstance(spec, d.Page)
        try:
            args = self.arguments(level.field_def, level.nodes)  # type: ignore[arg-type]
            window = self.window(level, args, spec.ordering)
        except (InvalidArgument, GraphQLError) as problem:
            for w in waiting:
                error = self.error_from(problem, level.nodes, w.path)
                self.land(error, w.nullable, w.obj, w.response_key, w.path, w.anchor)
            return
        groups: dict[Any, list[Row]] = defaultdict(list)
        counts: dict[Any, int] = {}
        if keys:
            conditions = [
                self.scope.dialect.in_list(f"t0.{spec.fk}", keys),
                *window.conditions("t0"),
            ]
            if spec.where is not None:
                extra = spec.where(self.scope, "t0")
                if extra is not None:
                    conditions.append(extra)
            select = self.select(level)
            select.where.extend(conditions)
            rank = len(select.columns)
            order = window_order("t0", window.ordering, window.forward)
            select.columns.append(
                Sql(f"row_number() OVER (PARTITION BY t0.{spec.fk} ORDER BY {order})")
            )
            outer = Sql("SELECT * FROM (", select.render(self.scope, numbered=True), ") AS w ")
            outer.add(f"WHERE w.c{rank} <= ").add(param(window.size + 1))
            outer.add(f" ORDER BY w.c{level.fk_position}, w.c{rank}")
            for row in await self.reader.fetch(outer):
                groups[_group_key(row[level.fk_position])].append(row)  # type: ignore[index]
            if level.connection and level.connection.wants_count:
                counts = await self.page_counts(level, spec, keys)
        for w in waiting:
            rows = groups.get(_group_key(w.key), [])
            more = len(rows) > window.size
            rows = rows[: window.size]
            if not window.forward:
                rows.reverse()
            count = counts.get(_group_key(w.key), 0) if counts or keys else 0
            anchor = (w.obj, w.response_key, w.path) if w.nullable else w.anchor
            try:
                w.obj[w.response_key] = self.build_connection(
                    level, rows, window, more, count, w.path, anchor
                )
            except _Null as null:
                self.land(null.error, w.nullable, w.obj, w.response_key, w.path, w.anchor)

    async def page_counts(self, level: Level, spec: d.Page, keys: list[Any]) -> dict[Any, int]:
        """totalCount of each parent's connection."""
        entity = level.entity
        assert entity is not None
        select = Select(entity.table)
        select.columns = [Sql(f"t0.{spec.fk}"), Sql("count(*)")]
        select.where.append(self.scope.dialect.in_list(f"t0.{spec.fk}", keys))
        visible = entity.visibility(self.scope, "t0")
        if visible is not None:
            select.where.append(visible)
        if spec.where is not None:
            extra = spec.where(self.scope, "t0")
            if extra is not None:
                select.where.append(extra)
        sql = select.render(self.scope).add(f" GROUP BY t0.{spec.fk}")
        return {_group_key(k): int(n) for k, n in await self.reader.fetch(sql)}


def _same(raw: Any) -> Any:
    return raw


def _group_key(value: Any) -> Any:
    return value if isinstance(value, (int, str)) else str(value)


def _sort_key(value: Any) -> Any:
    return (str(type(value)), value if isinstance(value, (int, str)) else str(value))


Builder = Callable[..., Any]
