"""Turning a row shape into a specialised Python function, once per plan.

Walking a shape's entries for every row would cost a type dispatch and attribute lookups per
field. The function written for a shape instead reads each column by position, calls only the
conversions that change something, and inlines the objects made from the same row (embedded
objects and LEFT JOINed related rows), so one row costs one call. An object whose subtree has
no later level to wait for is built as one dict literal; response paths and nullable anchors
are only built where they are needed: when a field fails or a later level is left for.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from graphql.pyutils import Path

from schema.plan.compile import Child, Fixed, Inline, Nested, Scalar, Shape
from schema.plan.values import RAW

Built = Callable[[Any, Any, Path, Any], dict[str, Any]]


def _has_children(shape: Shape) -> bool:
    """True when a later level fills part of the object (it needs the dict as it is built)."""
    return any(
        isinstance(e, Child)
        or (isinstance(e, Nested) and _has_children(e.shape))
        or (isinstance(e, Inline) and any(_has_children(s) for s in e.level.shapes.values()))
        for e in shape.entries
    )


class _Writer:
    """Writes the source of one shape's function."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.names: dict[str, Any] = {"Path": Path}
        self.count = 0

    def constant(self, value: Any) -> str:
        self.count += 1
        name = f"k{self.count}"
        self.names[name] = value
        return name

    def variable(self, prefix: str = "o") -> str:
        self.count += 1
        return f"{prefix}{self.count}"

    def emit(self, indent: str, line: str) -> None:
        self.lines.append(indent + line)

    def scalar(self, entry: Scalar, typename: str, path: str, indent: str) -> str:
        """Code computing a scalar into a new local; returns the local's name."""
        value = self.variable("v")
        read = f"row[{entry.position}]"
        if entry.fallback is not None:
            read = f"({read} or row[{entry.fallback}])"
        if entry.extra:
            more = ", ".join(f"row[{p}]" for p in entry.extra)
            self.emit(indent, f"{value} = {self.constant(entry.out)}({read}, {more})")
        elif entry.out is RAW.out:
            self.emit(indent, f"{value} = {read}")
        else:
            # Every conversion returns None for None.
            self.emit(indent, f"{value} = {self.constant(entry.out)}({read})")
        if not entry.nullable:
            key = repr(entry.key)
            self.emit(
                indent,
                f"if {value} is None: raise run.null_scalar({self.constant(typename)}, {key}, {path})",
            )
        return value

    def literal(self, shape: Shape, path: str, indent: str) -> str:
        """Code building a subtree with no later levels as one dict literal; returns the
        expression (a local holding it)."""
        items = []
        for entry in shape.entries:
            key = repr(entry.key)
            if isinstance(entry, Scalar):
                items.append(f"{key}: {self.scalar(entry, shape.typename, path, indent)}")
            elif isinstance(entry, Fixed):
                items.append(f"{key}: {self.constant(entry.value)}")
            elif isinstance(entry, Nested):
                items.append(f"{key}: {self.nested_literal(entry, key, path, indent)}")
            elif isinstance(entry, Inline):
                # no later level below: a nullable list's anchor is never used, so None
                value = self.variable("v")
                level = self.constant(entry.level)
                self.emit(
                    indent,
                    f"{value} = run.inline_rows({level}, row[{entry.position}], "
                    f"Path({path}, {key}, None), {entry.nullable}, None, {key}, anchor)",
                )
                items.append(f"{key}: {value}")
            else:
                raise TypeError(type(entry).__name__)
        target = self.variable()
        self.emit(indent, f"{target} = {{{', '.join(items)}}}")
        return target

    def nested_literal(self, entry: Nested, key: str, path: str, indent: str) -> str:
        inner_path = f"Path({path}, {key}, None)"
        target = self.variable()
        body = indent
        if entry.present is not None:
            self.emit(indent, f"if row[{entry.present}] is None:")
            if entry.nullable:
                self.emit(indent + "    ", f"{target} = None")
            else:
                missing = self.constant(entry.missing)
                self.emit(indent + "    ", f"raise run.missing({missing}, {key}, {path})")
            self.emit(indent, "else:")
            body = indent + "    "
        if not entry.nullable:
            built = self.literal(entry.shape, inner_path, body)
            self.emit(body, f"{target} = {built}")
            return target
        self.emit(body, "try:")
        built = self.literal(entry.shape, inner_path, body + "    ")
        self.emit(body + "    ", f"{target} = {built}")
        self.emit(body, "except run.Null as null:")
        self.emit(body + "    ", f"run.collected.add(null.error, {inner_path})")
        self.emit(body + "    ", f"{target} = None")
        return target

    def shape(self, shape: Shape, target: str, path: str, anchor: str, indent: str) -> None:
        """Code filling the new dict `target` for `shape` key by key (a later level keeps a
        reference to it); `path` and `anchor` are expressions giving the object's response
        path and its nearest nullable anchor."""
        self.emit(indent, f"{target} = {{}}")
        for entry in shape.entries:
            key = repr(entry.key)
            if isinstance(entry, Scalar):
                value = self.scalar(entry, shape.typename, path, indent)
                self.emit(indent, f"{target}[{key}] = {value}")
            elif isinstance(entry, Fixed):
                self.emit(indent, f"{target}[{key}] = {self.constant(entry.value)}")
            elif isinstance(entry, Nested) and not _has_children(entry.shape):
                value = self.nested_literal(entry, key, path, indent)
                self.emit(indent, f"{target}[{key}] = {value}")
            elif isinstance(entry, Nested):
                self.nested(entry, target, key, path, anchor, indent)
            elif isinstance(entry, Inline):
                level = self.constant(entry.level)
                self.emit(indent, f"{target}[{key}] = None")
                self.emit(
                    indent,
                    f"{target}[{key}] = run.inline_rows({level}, row[{entry.position}], "
                    f"Path({path}, {key}, None), {entry.nullable}, {target}, {key}, {anchor})",
                )
            elif isinstance(entry, Child):
                level = self.constant(entry.level)
                self.emit(indent, f"{target}[{key}] = None")
                self.emit(
                    indent,
                    f"run.later({level}, row[{entry.key_position}], {target}, {key}, "
                    f"Path({path}, {key}, None), {entry.nullable}, {anchor})",
                )
            else:
                raise TypeError(type(entry).__name__)

    def nested(
        self, entry: Nested, target: str, key: str, path: str, anchor: str, indent: str
    ) -> None:
        inner = self.variable()
        inner_path = f"Path({path}, {key}, None)"
        body = indent
        if entry.present is not None:
            self.emit(indent, f"if row[{entry.present}] is None:")
            if entry.nullable:
                self.emit(indent + "    ", f"{target}[{key}] = None")
            else:
                missing = self.constant(entry.missing)
                self.emit(indent + "    ", f"raise run.missing({missing}, {key}, {path})")
            self.emit(indent, "else:")
            body = indent + "    "
        if not entry.nullable:
            self.shape(entry.shape, inner, inner_path, anchor, body)
            self.emit(body, f"{target}[{key}] = {inner}")
            return
        self.emit(body, f"{target}[{key}] = None")
        self.emit(body, "try:")
        inner_anchor = f"({target}, {key}, {inner_path})"
        self.shape(entry.shape, inner, inner_path, inner_anchor, body + "    ")
        self.emit(body + "    ", f"{target}[{key}] = {inner}")
        self.emit(body, "except run.Null as null:")
        self.emit(body + "    ", f"run.collected.add(null.error, {inner_path})")
        self.emit(body + "    ", f"{target}[{key}] = None")


def compile_shape(shape: Shape) -> Built:
    """A function `(run, row, path, anchor) -> dict` building one row's response object."""
    writer = _Writer()
    writer.lines.append("def build(run, row, path, anchor):")
    if _has_children(shape):
        writer.shape(shape, "o", "path", "anchor", "    ")
        writer.lines.append("    return o")
    else:
        built = writer.literal(shape, "path", "    ")
        writer.lines.append(f"    return {built}")
    namespace = dict(writer.names)
    exec("\n".join(writer.lines), namespace)
    function: Built = namespace["build"]
    function.source = "\n".join(writer.lines)  # type: ignore[attr-defined]
    return function
