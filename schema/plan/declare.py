"""Declaring where the data of each public type lives, once.

A public object type is a Strawberry class decorated with `@entity(table=...)` whose fields are
made by the helpers below: each says where its value comes from (a column, a bilingual text,
an SQL expression, a related row or rows, a page of them). The declaration is read by
- the planner (`schema.plan.compile`), which turns a whole query into one SQL statement per
  nesting level and builds the response without per-field Python;
- the field-by-field fallback (`schema.plan.fallback`), which gives every field a generic
  resolver over DataLoaders (used for mutation payloads, and as the reference the planner is
  tested against);
- filters and orderings (declared on the filter inputs with `condition`), and visibility.
A new domain adds declarations, not code paths.
"""

from __future__ import annotations

import inspect
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from enum import Enum
from typing import Annotated, Any

import strawberry
from strawberry.types.field import StrawberryField

from resolvers.keyset import SortKey
from resolvers.select import Condition, Scope
from resolvers.sql import Sql
from schema.plan.values import Conv

PLAN = "kilometer.plan"
"""Key of a field's plan specification in its Strawberry metadata."""
PERMISSION = "kilometer.permission"
"""Key of the guarded action (`portal.auth.rules.ALLOWED`) a field requires, if any."""


# ---------------------------------------------------------------------------- specifications


@dataclass(frozen=True, eq=False)
class Spec:
    """Where one field's value comes from."""


@dataclass(frozen=True, eq=False)
class Column(Spec):
    """A column of the row; `conv` None means inferred from the field's GraphQL type."""

    column: str
    conv: Conv | None = None


@dataclass(frozen=True, eq=False)
class Text(Spec):
    """A bilingual text: `column` in Chinese, `en` in English (falling back to Chinese)."""

    column: str
    en: str | None


@dataclass(frozen=True, eq=False)
class Derived(Spec):
    """A value computed in Python from several columns of the row: `make(*values)`."""

    columns: tuple[str, ...]
    make: Callable[..., Any]


@dataclass(frozen=True, eq=False)
class TermName(Spec):
    """The name, in the response's language, of the vocabulary member in column `column`."""

    column: str
    vocabulary: type[Enum]

    def name(self, raw: Any, language: str) -> str | None:
        """The member's name in `language` ("zh" or "en")."""
        from portal.vocabulary import term

        if raw is None:
            return None
        names = term(self.vocabulary(raw))  # type: ignore[arg-type]
        return names.en if language == "en" else names.zh


@dataclass(frozen=True, eq=False)
class Const(Spec):
    """The same value for every row."""

    value: Any


@dataclass(frozen=True, eq=False)
class Expr(Spec):
    """An SQL expression over the row aliased `alias`, with the field's arguments."""

    build: Callable[[Scope, str, Mapping[str, Any]], Sql]
    conv: Conv | None = None
    key: str = ""


@dataclass(frozen=True, eq=False)
class Embedded(Spec):
    """An object made of the same row's columns; null when column `present` is NULL."""

    present: str | None = None


@dataclass(frozen=True, eq=False)
class ToOne(Spec):
    """The row of the field's type whose id is in column `fk` of this row."""

    fk: str


@dataclass(frozen=True, eq=False)
class ToMany(Spec):
    """Rows of the field's (list) type whose column `fk` equals this row's column `key`."""

    fk: str
    key: str = "id"
    order: tuple[str, ...] = ("id",)
    where: Condition | None = None


@dataclass(frozen=True, eq=False)
class Values(Spec):
    """A list of scalars: column `column` of the rows of `table` whose `fk` is this row's id."""

    table: str
    fk: str
    column: str
    order: tuple[str, ...]
    conv: Conv | None = None


@dataclass(frozen=True, eq=False)
class Page(Spec):
    """A keyset-paged connection of rows whose `fk` equals this row's `key`."""

    fk: str
    ordering: tuple[str, bool]
    key: str = "id"
    where: Condition | None = None


@dataclass(frozen=True, eq=False)
class Value(Spec):
    """A key of a plain value object (made by a root field that is not a table read)."""

    key: str
    conv: Conv | None = None


@dataclass(frozen=True, eq=False)
class RootPage(Spec):
    """A root connection over an entity, with a filter and an ordering argument."""

    filters: Callable[[Scope, str, Any, str], Awaitable[list[Sql]]] | None
    ordering: tuple[str, bool]
    base: Callable[[Scope, str, Any], Sql | None] | None = None


@dataclass(frozen=True, eq=False)
class RootList(Spec):
    """Every visible row of an entity meeting `filters(scope, alias, args)`, in `order`."""

    order: tuple[str, ...]
    filters: Callable[[Scope, str, Mapping[str, Any]], list[Sql]] | None = None


@dataclass(frozen=True, eq=False)
class RootOne(Spec):
    """The visible row of an entity whose `column` equals the argument `argument`."""

    column: str
    argument: str


@dataclass(frozen=True, eq=False)
class NodeSpec(Spec):
    """Relay `node(id)` (`many`: `nodes(ids)`)."""

    many: bool = False


@dataclass(frozen=True, eq=False)
class Custom(Spec):
    """A root field whose value is computed by `load(context, reader, args)` into a plain
    value object (dicts and lists) described by `Value` fields; `permission` names the rule
    (`portal.auth.rules.ALLOWED`) the caller must pass."""

    load: Callable[..., Awaitable[Any]]
    permission: str | None = None


# ---------------------------------------------------------------------------- entities


@dataclass(eq=False)
class Entity:
    """A public object type backed by a table."""

    name: str
    table: str
    cls: type
    visible: Condition | None = None
    orderings: dict[str, SortKey | None] = field(default_factory=dict)

    def visibility(self, scope: Scope, alias: str) -> Sql | None:
        """The condition a row must meet for the caller to see it (None: all rows)."""
        return self.visible(scope, alias) if self.visible is not None else None


ENTITIES: dict[str, Entity] = {}
"""Every entity, by GraphQL type name."""

_BY_CLASS: dict[type, Entity] = {}


def entity(
    table: str,
    *,
    visible: Condition | None = None,
    orderings: dict[str, SortKey | None] | None = None,
    name: str | None = None,
) -> Callable[[type], type]:
    """Declare that a Strawberry type's rows live in `table` (apply above @strawberry.type)."""

    def register(cls: type) -> type:
        definition = cls.__strawberry_definition__  # type: ignore[attr-defined]
        type_name = name or definition.name
        item = Entity(type_name, table, cls, visible, dict(orderings or {"ID": None}))
        ENTITIES[type_name] = item
        _BY_CLASS[cls] = item
        definition.is_type_of = lambda obj, _info: getattr(obj, "typename", None) == type_name
        cls.from_model = classmethod(  # type: ignore[attr-defined]
            lambda _cls, model: _row_of(type_name, model)
        )
        return cls

    return register


def _row_of(type_name: str, model: Any) -> Any:
    """A written ORM instance as the row the field-by-field resolvers read (mutation payloads)."""
    from schema.plan.fallback import Row

    projection = model._meta.fields_db_projection
    return Row(type_name, {column: getattr(model, attr) for attr, column in projection.items()})


def entity_of(cls: type) -> Entity:
    """The entity a Strawberry class was declared as."""
    return _BY_CLASS[cls]


def spec_of(field_: Any) -> Spec | None:
    """The plan specification of a Strawberry field (or a GraphQL field built from one)."""
    if not isinstance(field_, StrawberryField):
        extensions = getattr(field_, "extensions", None) or {}
        field_ = extensions.get("strawberry-definition")
    if field_ is None or field_.metadata is None:
        return None
    spec = field_.metadata.get(PLAN)
    return spec if isinstance(spec, Spec) else None


# ---------------------------------------------------------------------------- field helpers

Resolver = Callable[..., Any]
Arguments = Mapping[str, tuple[Any, str]]
"""Extra GraphQL arguments of a field: python name -> (annotation, description)."""


def _field(
    spec: Spec,
    description: str,
    arguments: Arguments | None = None,
    permission: str | None = None,
    name: str | None = None,
) -> Any:
    from schema.permissions import requires
    from schema.plan import fallback  # the generic resolvers read the same spec

    resolve = fallback.resolver_for(spec)
    takes_arguments = any(
        p.kind is inspect.Parameter.VAR_KEYWORD
        for p in inspect.signature(resolve).parameters.values()
    )
    if takes_arguments:
        resolve = _with_arguments(resolve, arguments or {})
    return strawberry.field(
        resolver=resolve,
        description=description,
        metadata={PLAN: spec, PERMISSION: permission},
        permission_classes=[requires(permission)] if permission else [],
        name=name,
    )


def permission_of(field_: Any) -> str | None:
    """The guarded action a field requires, if any."""
    if not isinstance(field_, StrawberryField):
        field_ = (getattr(field_, "extensions", None) or {}).get("strawberry-definition")
    if field_ is None or field_.metadata is None:
        return None
    action = field_.metadata.get(PERMISSION)
    return action if isinstance(action, str) else None


def _with_arguments(resolve: Resolver, arguments: Arguments) -> Resolver:
    """A copy of a generic `resolve(root, info, **kwargs)` that Strawberry sees with arguments."""

    async def with_args(root: Any, info: strawberry.Info, **kwargs: Any):  # type: ignore[no-untyped-def]
        return await resolve(root, info, **kwargs)

    parameters = [
        inspect.Parameter("root", inspect.Parameter.POSITIONAL_OR_KEYWORD),
        inspect.Parameter(
            "info", inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=strawberry.Info
        ),
    ]
    for python_name, (annotation, description) in arguments.items():
        default = None if _is_optional(annotation) else inspect.Parameter.empty
        parameters.append(
            inspect.Parameter(
                python_name,
                inspect.Parameter.KEYWORD_ONLY,
                default=default,
                annotation=Annotated[annotation, strawberry.argument(description=description)],
            )
        )
    with_args.__signature__ = inspect.Signature(parameters)  # type: ignore[attr-defined]
    return with_args


def _is_optional(annotation: Any) -> bool:
    return type(None) in getattr(annotation, "__args__", ())


def column(
    name: str,
    *,
    description: str,
    conv: Conv | None = None,
    visible: Condition | None = None,
) -> Any:
    """A field read from column `name`.

    `visible(scope, alias)` makes the field's value depend on the caller (per-field visibility,
    beside the row's): an SQL condition on the row under which the value is shown, null
    otherwise (the field must be nullable); the condition returning None shows it to the caller.
    """
    if visible is None:
        return _field(Column(name, conv), description)
    rule = visible

    def guarded(scope: Scope, alias: str, _: Mapping[str, Any]) -> Sql:
        condition = rule(scope, alias)
        if condition is None:
            return Sql(f"{alias}.{name}")
        return Sql("CASE WHEN ", condition, f" THEN {alias}.{name} END")

    key = f"visible:{name}:{rule.__module__}.{rule.__qualname__}"
    return _field(Expr(guarded, conv, key), description)


def text(name: str, *, description: str, en: str | None = "") -> Any:
    """A bilingual text field: `name` holds Chinese, `name_en` (or `en`) English."""
    return _field(Text(name, f"{name}_en" if en == "" else en), description)


def derived(columns: tuple[str, ...], make: Callable[..., Any], *, description: str) -> Any:
    """A field computed from several columns of the row by `make(*values)`."""
    return _field(Derived(columns, make), description)


def term_name(name: str, vocabulary: type[Enum], *, description: str) -> Any:
    """The name of the member of `vocabulary` held in column `name`, in the response's
    language (Accept-Language): a person reads this, a program reads the code beside it."""
    return _field(TermName(name, vocabulary), description)


def const(value: Any, *, description: str) -> Any:
    """A field with the same value on every row."""
    return _field(Const(value), description)


def expr(
    build: Callable[[Scope, str, Mapping[str, Any]], Sql],
    *,
    description: str,
    conv: Conv | None = None,
    arguments: Arguments | None = None,
) -> Any:
    """A field computed in SQL by `build(scope, alias, args)` over the row aliased `alias`."""
    key = f"{build.__module__}.{build.__qualname__}"
    return _field(Expr(build, conv, key), description, arguments)


def embedded(*, description: str, present: str | None = None) -> Any:
    """An object field made of the same row's columns (null when `present` is NULL)."""
    return _field(Embedded(present), description)


def to_one(fk: str, *, description: str) -> Any:
    """The related row whose id is in column `fk` (null when absent or not visible)."""
    return _field(ToOne(fk), description)


def to_many(
    fk: str,
    *,
    description: str,
    key: str = "id",
    order: tuple[str, ...] = ("id",),
    where: Condition | None = None,
) -> Any:
    """The visible related rows whose column `fk` equals this row's `key`, in `order`."""
    return _field(ToMany(fk, key, order, where), description)


def values(
    table: str, fk: str, value_column: str, *, description: str, order: tuple[str, ...]
) -> Any:
    """A list of the values of `value_column` in the rows of `table` pointing here by `fk`."""
    return _field(Values(table, fk, value_column, order), description)


def page(
    fk: str,
    *,
    description: str,
    ordering: tuple[str, bool],
    key: str = "id",
    where: Condition | None = None,
) -> Any:
    """A keyset-paged connection of related rows (first/after/last/before)."""
    from schema.relay import PAGE_ARGUMENTS

    return _field(Page(fk, ordering, key, where), description, PAGE_ARGUMENTS)


def value(key: str, *, description: str, conv: Conv | None = None) -> Any:
    """A field of a plain value object, read from its key `key`."""
    return _field(Value(key, conv), description)


def root_page(
    *,
    description: str,
    ordering: tuple[str, bool],
    arguments: Arguments,
    filters: Callable[[Scope, str, Any, str], Awaitable[list[Sql]]] | None = None,
    base: Callable[[Scope, str, Any], Sql | None] | None = None,
    permission: str | None = None,
) -> Any:
    """A root connection over the entity of the field's connection type."""
    from schema.relay import PAGE_ARGUMENTS

    return _field(
        RootPage(filters, ordering, base),
        description,
        {**arguments, **PAGE_ARGUMENTS},
        permission,
    )


def root_list(
    *,
    description: str,
    order: tuple[str, ...],
    filters: Callable[[Scope, str, Mapping[str, Any]], list[Sql]] | None = None,
    arguments: Arguments | None = None,
) -> Any:
    """Every visible row of the field's entity meeting `filters`, in `order`."""
    return _field(RootList(order, filters), description, arguments)


def root_one(column_name: str, *, description: str, arguments: Arguments) -> Any:
    """The visible row whose `column_name` equals the single argument."""
    (argument,) = arguments
    return _field(RootOne(column_name, argument), description, arguments)


def node_field(*, description: str, arguments: Arguments, many: bool = False) -> Any:
    """Relay `node` / `nodes`."""
    return _field(NodeSpec(many), description, arguments)


def custom(
    load: Callable[..., Awaitable[Any]],
    *,
    description: str,
    arguments: Arguments | None = None,
    permission: str | None = None,
) -> Any:
    """A root field computed by `load` into a plain value object."""
    return _field(Custom(load, permission), description, arguments, permission)
