"""Turning a row shape into a specialised Python function, once per plan.

Walking a shape's entries for every row would cost a type dispatch and attribute lookups per
field. The function written for a shape instead reads each column by position, calls only the
conversions that change something, and inlines the objects made from the same row (embedded
objects and LEFT JOINed related rows), so one row costs one call. Response paths and nullable
anchors are only built where they are needed: when a field fails or a later level is left for.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from graphql.pyutils import Path

from schema.plan.compile import Child, Fixed, Nested, Scalar, Shape
from schema.plan.values import RAW

Built = Callable[[Any, Any, Path, Any], dict[str, Any]]


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

    def variable(self) -> str:
        self.count += 1
        return f"o{self.count}"

    def emit(self, indent: str, line: str) -> None:
        self.lines.append(indent + line)

    def shape(self, shape: Shape, target: str, path: str, anchor: str, indent: str) -> None:
        """Code filling the new dict `target` for `shape`; `path` and `anchor` are expressions
        giving the object's response path and its nearest nullable anchor."""
        self.emit(indent, f"{target} = {{}}")
        for entry in shape.entries:
            key = repr(entry.key)
            if isinstance(entry, Scalar):
                read = f"row[{entry.position}]"
                if entry.fallback is not None:
                    read = f"({read} or row[{entry.fallback}])"
                self.emit(indent, f"v = {read}")
                if entry.extra:
                    more = ", ".join(f"row[{p}]" for p in entry.extra)
                    self.emit(indent, f"v = {self.constant(entry.out)}(v, {more})")
                elif entry.out is not RAW.out:
                    self.emit(indent, f"if v is not None: v = {self.constant(entry.out)}(v)")
                if not entry.nullable:
                    typename = self.constant(shape.typename)
                    self.emit(
                        indent, f"if v is None: raise run.null_scalar({typename}, {key}, {path})"
                    )
                self.emit(indent, f"{target}[{key}] = v")
            elif isinstance(entry, Fixed):
                self.emit(indent, f"{target}[{key}] = {self.constant(entry.value)}")
            elif isinstance(entry, Nested):
                self.nested(entry, target, key, path, anchor, indent)
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
    writer.shape(shape, "o", "path", "anchor", "    ")
    writer.lines.append("    return o")
    namespace = dict(writer.names)
    exec("\n".join(writer.lines), namespace)
    function: Built = namespace["build"]
    function.source = "\n".join(writer.lines)  # type: ignore[attr-defined]
    return function
