"""Compiling a query operation into a read plan, once per document.

The plan mirrors the response: for each root field, the SELECTs to run (one per nesting level
of lists and pages; related single rows are LEFT JOINed into their parent's SELECT) and, for
each of them, the shapes that turn one row into the JSON the client asked for: aliases as keys,
`__typename`, fragments merged, `@skip`/`@include` applied (graphql-core's own field collection
does the merging, so the planner merges exactly as the specification says). Everything that
depends on variables besides `@skip`/`@include` (arguments, filters, cursors, visibility for the
caller) is bound per request by `schema.plan.run`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from graphql import (
    FieldNode,
    GraphQLAbstractType,
    GraphQLEnumType,
    GraphQLField,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLSchema,
    OperationDefinitionNode,
    get_named_type,
)
from graphql.execution.collect_fields import FieldDetails, FragmentDetails, collect_subfields
from graphql.execution.values import VariableValues

from schema.plan import declare as d
from schema.plan import values as v
from schema.plan.fallback import infer_conv, item_conv


class Unplannable(Exception):
    """The operation has a field the planner does not serve (it runs field by field)."""


# ---------------------------------------------------------------------------- shapes


@dataclass(eq=False)
class Entry:
    """One response key of an object shape."""

    key: str
    nullable: bool


@dataclass(eq=False)
class Scalar(Entry):
    """A value read from a column of the row (or, when empty, from column `fallback`)."""

    position: int
    out: Callable[[Any], Any]
    fallback: int | None = None
    extra: list[int] = field(default_factory=list)
    """More columns passed to `out` after the first (derived values)."""


@dataclass(eq=False)
class Fixed(Entry):
    """The same value for every row (`__typename`, constants)."""

    value: Any


@dataclass(eq=False)
class Nested(Entry):
    """An object from the same row: an embedded object or a LEFT JOINed related row.

    `present` is the position of a column whose NULL means the object is absent.
    """

    shape: Shape
    present: int | None
    missing: str = ""


@dataclass(eq=False)
class Child(Entry):
    """A value read by a later SELECT: a list, a page, or a related row of a value object."""

    level: Level
    key_position: int | None
    key_of: str | None = None


@dataclass(eq=False)
class Inline(Entry):
    """A list read in its parent's SELECT, as a JSON array (a correlated subquery) of rows:
    each row an array of the child level's columns (or one scalar for a list of values)."""

    level: Level
    position: int


@dataclass(eq=False)
class ValueField(Entry):
    """A field of a plain value object (a dict) made by a custom root field."""

    source: str
    out: Callable[[Any], Any] | None
    shape: Shape | None = None
    shapes: dict[str, Shape] | None = None
    many: bool = False


@dataclass(eq=False)
class Shape:
    """How one row (or value object) becomes one response object."""

    typename: str
    entries: list[Entry] = field(default_factory=list)
    built: Any = None
    """The shape's generated builder (`schema.plan.codegen`), made on first use."""


# ---------------------------------------------------------------------------- levels


@dataclass(eq=False)
class Join:
    """A related row LEFT JOINed into a level: `alias` is the row whose id is `parent.fk`."""

    entity: d.Entity
    alias: str
    parent: str
    fk: str


@dataclass(eq=False)
class ColumnSpec:
    """A selected column: a plain expression or an SQL expression with arguments."""

    key: str
    sql: str | None = None
    expr: d.Expr | None = None
    alias: str = "t0"
    field_def: GraphQLField | None = None
    nodes: list[FieldNode] | None = None
    inline: Level | None = None
    """A child level read as a JSON array by a correlated subquery on `alias`."""


@dataclass(eq=False)
class Level:
    """One SELECT: rows of `entity` (joins included) read for a field at some depth.

    `kind` says how rows are found: `root_page`, `root_list`, `root_one`, `node` (ids),
    `to_many` (by a foreign key), `page` (a page per parent), `values` (scalars of a child table),
    `by_id` (rows by id for a value object's related field), `custom` (a value object).
    """

    kind: str
    entity: d.Entity | None
    spec: d.Spec | None
    field_def: GraphQLField | None
    nodes: list[FieldNode]
    alias: str = "t0"
    """The alias of the level's main table (an inline level's is unique in its statement)."""
    columns: list[ColumnSpec] = field(default_factory=list)
    joins: list[Join] = field(default_factory=list)
    shapes: dict[str, Shape] = field(default_factory=dict)
    """The shape of each possible row type (one unless the field is abstract)."""
    connection: ConnectionShape | None = None
    item_out: Callable[[Any], Any] | None = None
    sort_positions: dict[str, int] = field(default_factory=dict)
    id_position: int = 0
    fk_position: int | None = None
    details: list[FieldDetails] = field(default_factory=list)
    node_levels: dict[str, Level] = field(default_factory=dict)
    _positions: dict[str, int] = field(default_factory=dict)
    _aliases: int = 0

    def column(self, key: str, **spec: Any) -> int:
        """Select a column once; its position in the row."""
        if key not in self._positions:
            self._positions[key] = len(self.columns)
            self.columns.append(ColumnSpec(key=key, **spec))
        return self._positions[key]

    def plain(self, alias: str, name: str) -> int:
        """Select `alias.name`."""
        expression = f"{alias}.{name}"
        return self.column(expression, sql=expression, alias=alias)

    def new_alias(self) -> str:
        """A fresh alias for a joined table."""
        self._aliases += 1
        return f"{self.alias}_j{self._aliases}" if self.alias != "t0" else f"j{self._aliases}"


@dataclass(eq=False)
class ConnectionShape:
    """How a page of rows becomes a connection object (edges, nodes, pageInfo, totalCount)."""

    typename: str
    entries: list[tuple[str, str, Any]] = field(default_factory=list)
    """(response key, what, detail): what is `edges` (detail: list of edge entries), `nodes`
    (detail: row shape), `pageInfo` (detail: list of (key, field)), `totalCount`, `typename`."""
    wants_cursor: bool = False
    wants_count: bool = False


@dataclass(eq=False)
class RootField:
    """A root field of the operation and the plan that answers it."""

    key: str
    field_def: GraphQLField
    nodes: list[FieldNode]
    nullable: bool
    level: Level | None
    typename: str | None = None
    """Set for `__typename` at the root."""


@dataclass(eq=False)
class Plan:
    """The compiled plan of one query operation."""

    fields: list[RootField]


# ---------------------------------------------------------------------------- compiler


class Compiler:
    """Builds the plan of one operation for one set of @skip/@include variable values."""

    def __init__(
        self,
        schema: GraphQLSchema,
        fragments: dict[str, FragmentDetails],
        variables: VariableValues,
        operation: OperationDefinitionNode,
        language: str,
    ) -> None:
        self.schema = schema
        self.fragments = fragments
        self.variables = variables
        self.operation = operation
        self.language = language
        self.inlines = 0

    def inline_alias(self) -> str:
        """A table alias no other level of the operation uses."""
        self.inlines += 1
        return f"c{self.inlines}"

    def subfields(
        self, parent: GraphQLObjectType, details: list[FieldDetails]
    ) -> dict[str, list[FieldDetails]]:
        """The merged selections under `details` for runtime type `parent`."""
        collected = collect_subfields(
            self.schema, self.fragments, self.variables, self.operation, parent, details
        )
        return dict(collected.grouped_field_set)

    def root(self, grouped: dict[str, list[FieldDetails]]) -> Plan:
        """Plan every root field."""
        query = self.schema.query_type
        assert query is not None
        fields = []
        for key, details in grouped.items():
            node = details[0].node
            name = node.name.value
            nodes = [x.node for x in details]
            if name == "__typename":
                fields.append(RootField(key, None, nodes, False, None, query.name))  # type: ignore[arg-type]
                continue
            field_def = query.fields.get(name)
            spec = d.spec_of(field_def)
            if field_def is None or spec is None:
                raise Unplannable(name)
            nullable = not isinstance(field_def.type, GraphQLNonNull)
            level = self.root_level(spec, field_def, details)
            fields.append(RootField(key, field_def, nodes, nullable, level))
        return Plan(fields)

    def root_level(
        self, spec: d.Spec, field_def: GraphQLField, details: list[FieldDetails]
    ) -> Level:
        """The level answering a root field."""
        nodes = [x.node for x in details]
        if isinstance(spec, d.RootPage):
            entity = connection_entity(field_def.type)
            level = Level("root_page", entity, spec, field_def, nodes)
            self.connection(level, field_def.type, details)
            return level
        if isinstance(spec, (d.RootList, d.RootOne)):
            entity = d.ENTITIES[get_named_type(field_def.type).name]
            kind = "root_list" if isinstance(spec, d.RootList) else "root_one"
            level = Level(kind, entity, spec, field_def, nodes)
            self.rows(level, entity, details)
            return level
        if isinstance(spec, d.NodeSpec):
            # One level per runtime type, compiled on first use (`node_level`).
            return Level("node", None, spec, field_def, nodes, details=details)
        if isinstance(spec, d.Custom):
            level = Level("custom", None, spec, field_def, nodes)
            level.shapes["value"] = self.value_shape(get_named_type(field_def.type), details, level)
            return level
        raise Unplannable(field_def.ast_node.name.value if field_def.ast_node else "?")

    def node_level(self, level: Level, type_name: str) -> Level:
        """The level reading rows of one entity under `node`/`nodes`, compiled once."""
        sub = level.node_levels.get(type_name)
        if sub is None:
            entity = d.ENTITIES[type_name]
            sub = Level("node", entity, level.spec, level.field_def, level.nodes)
            self.rows(sub, entity, level.details)
            level.node_levels[type_name] = sub
        return sub

    # -- rows of an entity

    def rows(self, level: Level, entity: d.Entity, details: list[FieldDetails]) -> None:
        """Select what a row shape of `entity` needs in `level` (as its main table t0)."""
        level.entity = entity
        level.id_position = level.plain(level.alias, "id")
        gtype = self.schema.get_type(entity.name)
        assert isinstance(gtype, GraphQLObjectType)
        level.shapes[entity.name] = self.shape(level, gtype, level.alias, details)

    def shape(
        self, level: Level, gtype: GraphQLObjectType, alias: str, details: list[FieldDetails]
    ) -> Shape:
        """The shape of an object of type `gtype` whose columns are on table `alias`."""
        shape = Shape(gtype.name)
        for key, group in self.subfields(gtype, details).items():
            name = group[0].node.name.value
            if name == "__typename":
                shape.entries.append(Fixed(key, False, gtype.name))
                continue
            field_def = gtype.fields[name]
            shape.entries.append(self.entry(level, gtype, alias, key, field_def, group))
        return shape

    def entry(
        self,
        level: Level,
        gtype: GraphQLObjectType,
        alias: str,
        key: str,
        field_def: GraphQLField,
        group: list[FieldDetails],
    ) -> Entry:
        """How one field of an entity's row is answered."""
        spec = d.spec_of(field_def)
        nullable = not isinstance(field_def.type, GraphQLNonNull)
        nodes = [x.node for x in group]
        if spec is None:
            if field_def_name(group) == "id" and gtype.name in d.ENTITIES:
                position = level.plain(alias, "id")
                return Scalar(key, False, position, v.node_id(gtype.name).out)
            raise Unplannable(f"{gtype.name}.{field_def_name(group)}")
        if isinstance(spec, d.Column):
            conv = spec.conv or infer_conv(field_def.type, spec.column)
            return Scalar(key, nullable, level.plain(alias, spec.column), conv.out)
        if isinstance(spec, d.Text):
            zh = level.plain(alias, spec.column)
            if self.language == "en" and spec.en:
                return Scalar(key, nullable, level.plain(alias, spec.en), v.RAW.out, fallback=zh)
            return Scalar(key, nullable, zh, v.RAW.out)
        if isinstance(spec, d.Const):
            return Fixed(key, nullable, spec.value)
        if isinstance(spec, d.TermName):
            language = self.language

            def name(raw: Any, term: d.TermName = spec) -> Any:
                return term.name(raw, language)

            return Scalar(key, nullable, level.plain(alias, spec.column), name)
        if isinstance(spec, d.Derived):
            positions = [level.plain(alias, c) for c in spec.columns]
            return Scalar(key, nullable, positions[0], spec.make, extra=positions[1:])
        if isinstance(spec, d.Expr):
            conv = spec.conv or infer_conv(field_def.type)
            column_key = f"{alias}:{spec.key}:{_arguments_key(nodes)}"
            position = level.column(
                column_key, expr=spec, alias=alias, field_def=field_def, nodes=nodes
            )
            return Scalar(key, nullable, position, conv.out)
        if isinstance(spec, d.Embedded):
            target = get_named_type(field_def.type)
            assert isinstance(target, GraphQLObjectType)
            present = level.plain(alias, spec.present) if spec.present else None
            return Nested(key, nullable, self.shape(level, target, alias, group), present)
        if isinstance(spec, d.ToOne):
            target_entity = d.ENTITIES[get_named_type(field_def.type).name]
            joined = level.new_alias()
            level.joins.append(Join(target_entity, joined, alias, spec.fk))
            present = level.plain(joined, "id")
            target = self.schema.get_type(target_entity.name)
            assert isinstance(target, GraphQLObjectType)
            sub = self.shape(level, target, joined, group)
            missing = f"{gtype.name}.{field_def_name(group)}: row not found"
            return Nested(key, nullable, sub, present, missing)
        if isinstance(spec, d.ToMany):
            child = Level("to_many", None, spec, field_def, nodes, alias=self.inline_alias())
            target_entity = d.ENTITIES[get_named_type(field_def.type).name]
            self.rows(child, target_entity, group)
            position = level.column(
                f"{alias}:inline:{child.alias}", inline=child, alias=alias, field_def=field_def
            )
            return Inline(key, nullable, child, position)
        if isinstance(spec, d.Values):
            child = Level("values", None, spec, field_def, nodes, alias=self.inline_alias())
            child.item_out = (spec.conv or item_conv(field_def.type)).out
            position = level.column(
                f"{alias}:inline:{child.alias}", inline=child, alias=alias, field_def=field_def
            )
            return Inline(key, nullable, child, position)
        if isinstance(spec, d.Page):
            child = Level("page", connection_entity(field_def.type), spec, field_def, nodes)
            self.connection(child, field_def.type, group)
            child.fk_position = child.plain("t0", spec.fk)
            return Child(key, nullable, child, level.plain(alias, spec.key))
        raise Unplannable(f"{gtype.name}.{field_def_name(group)}")

    # -- connections

    def connection(self, level: Level, gtype: Any, details: list[FieldDetails]) -> None:
        """Plan a connection: the rows' shapes under edges/nodes and what the page reports."""
        connection_type = get_named_type(gtype)
        assert isinstance(connection_type, GraphQLObjectType)
        entity = level.entity
        assert entity is not None
        level.id_position = level.plain("t0", "id")
        shape = ConnectionShape(connection_type.name)
        row_type = self.schema.get_type(entity.name)
        assert isinstance(row_type, GraphQLObjectType)
        for key, group in self.subfields(connection_type, details).items():
            name = group[0].node.name.value
            if name == "__typename":
                shape.entries.append((key, "typename", connection_type.name))
            elif name == "totalCount":
                shape.entries.append((key, "totalCount", None))
                shape.wants_count = True
            elif name == "nodes":
                shape.entries.append((key, "nodes", self.shape(level, row_type, "t0", group)))
            elif name == "pageInfo":
                info_type = get_named_type(connection_type.fields["pageInfo"].type)
                assert isinstance(info_type, GraphQLObjectType)
                items = [
                    (k, g[0].node.name.value) for k, g in self.subfields(info_type, group).items()
                ]
                if any(n in ("startCursor", "endCursor") for _, n in items):
                    shape.wants_cursor = True
                shape.entries.append((key, "pageInfo", (info_type.name, items)))
            elif name == "edges":
                edge_type = get_named_type(connection_type.fields["edges"].type)
                assert isinstance(edge_type, GraphQLObjectType)
                edge_entries: list[tuple[str, str, Any]] = []
                for edge_key, edge_group in self.subfields(edge_type, group).items():
                    edge_name = edge_group[0].node.name.value
                    if edge_name == "__typename":
                        edge_entries.append((edge_key, "typename", edge_type.name))
                    elif edge_name == "cursor":
                        shape.wants_cursor = True
                        edge_entries.append((edge_key, "cursor", None))
                    else:
                        node_shape = self.shape(level, row_type, "t0", edge_group)
                        edge_entries.append((edge_key, "node", node_shape))
                shape.entries.append((key, "edges", edge_entries))
            else:
                raise Unplannable(f"{connection_type.name}.{name}")
        level.connection = shape
        if shape.wants_cursor:
            # The ordering is an argument: select every column the entity may be ordered by.
            for key in entity.orderings.values():
                if key is not None:
                    level.sort_positions[key.column] = level.plain("t0", key.column)

    # -- value objects

    def value_shape(self, gtype: Any, details: list[FieldDetails], level: Level) -> Shape:
        """The shape of a plain value object of type `gtype` (a dict from a custom field)."""
        assert isinstance(gtype, GraphQLObjectType)
        shape = Shape(gtype.name)
        for key, group in self.subfields(gtype, details).items():
            name = group[0].node.name.value
            if name == "__typename":
                shape.entries.append(Fixed(key, False, gtype.name))
                continue
            field_def = gtype.fields[name]
            spec = d.spec_of(field_def)
            nullable = not isinstance(field_def.type, GraphQLNonNull)
            if isinstance(spec, d.ToOne):
                child = Level("by_id", None, spec, field_def, [x.node for x in group])
                self.rows(child, d.ENTITIES[get_named_type(field_def.type).name], group)
                shape.entries.append(Child(key, nullable, child, None, key_of=spec.fk))
                continue
            if not isinstance(spec, d.Value):
                raise Unplannable(f"{gtype.name}.{name}")
            named = get_named_type(field_def.type)
            many = _is_list(field_def.type)
            if isinstance(named, GraphQLObjectType):
                sub = self.value_shape(named, group, level)
                shape.entries.append(ValueField(key, nullable, spec.key, None, sub, many=many))
            elif isinstance(named, GraphQLAbstractType):
                shapes = {
                    t.name: self.value_shape(t, group, level)
                    for t in self.schema.get_possible_types(named)
                }
                shape.entries.append(
                    ValueField(key, nullable, spec.key, None, None, shapes, many=many)
                )
            else:
                conv = spec.conv or (
                    item_conv(field_def.type) if many else infer_conv(field_def.type)
                )
                out = conv.out
                if many and not isinstance(named, GraphQLEnumType):
                    out = _same
                shape.entries.append(ValueField(key, nullable, spec.key, out, many=many))
        return shape


def _is_list(gtype: Any) -> bool:
    inner = gtype.of_type if isinstance(gtype, GraphQLNonNull) else gtype
    return isinstance(inner, GraphQLList)


def _same(raw: Any) -> Any:
    return raw


def _arguments_key(nodes: list[FieldNode]) -> str:
    from graphql import print_ast

    return "|".join(print_ast(a) for n in nodes[:1] for a in n.arguments or ())


def field_def_name(group: list[FieldDetails]) -> str:
    """The field name of a group of merged field nodes."""
    return group[0].node.name.value


def connection_entity(gtype: Any) -> d.Entity:
    """The entity a connection type pages over."""
    connection_type = get_named_type(gtype)
    assert isinstance(connection_type, GraphQLObjectType)
    return d.ENTITIES[get_named_type(connection_type.fields["nodes"].type).name]
