"""Helpers that turn plain filter dictionaries into Tortoise `Q` objects and check ranges.

Filters arrive as dictionaries with snake_case keys (absent or None means "not given");
`and`/`or` hold lists of nested filters. Argument paths in errors use the client's camelCase.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any

from tortoise.expressions import Q

from resolvers.errors import InvalidArgument

Filter = Mapping[str, Any]
FEN_PER_YUAN = 100


def cond(lookup: str, value: Any) -> Q:
    """`Q(lookup=value)` for a lookup computed at run time, e.g. cond("city__in", [...])."""
    kwargs: dict[str, Any] = {lookup: value}
    return Q(**kwargs)


def camel(name: str) -> str:
    """`maturity_level` -> `maturityLevel`."""
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


def combine(
    spec: Filter | None, path: str, leaf: Callable[[Filter, str], list[Q]], depth: int = 0
) -> Q:
    """AND together a filter's own conditions, its `and` list, and OR its `or` list."""
    if not spec:
        return Q()
    if depth > 5:
        raise InvalidArgument(path, "and/or may nest at most 5 levels deep")
    parts = leaf(spec, path)
    for i, sub in enumerate(spec.get("and_") or []):
        parts.append(combine(sub, f"{path}.and[{i}]", leaf, depth + 1))
    alternatives = [
        combine(sub, f"{path}.or[{i}]", leaf, depth + 1)
        for i, sub in enumerate(spec.get("or_") or [])
    ]
    if alternatives:
        parts.append(Q(*alternatives, join_type="OR"))
    return Q(*parts) if parts else Q()


def checked_range(spec: Filter, name: str, path: str) -> tuple[Any, Any] | None:
    """Return (min, max) of a range argument after checking min <= max."""
    rng = spec.get(name)
    if not rng:
        return None
    low, high = rng.get("min"), rng.get("max")
    if low is not None and high is not None and low > high:
        raise InvalidArgument(f"{path}.{camel(name)}", f"min ({low}) is greater than max ({high})")
    return low, high


def range_q(column: str, bounds: tuple[Any, Any] | None) -> list[Q]:
    """Conditions `column >= min` and `column <= max` for the bounds given."""
    if bounds is None:
        return []
    low, high = bounds
    out = []
    if low is not None:
        out.append(cond(f"{column}__gte", low))
    if high is not None:
        out.append(cond(f"{column}__lte", high))
    return out


def level_bounds(spec: Filter, name: str, path: str, top: int) -> tuple[Any, Any] | None:
    """A maturity-level range whose ends must exist on a scale with levels 1..top."""
    bounds = checked_range(spec, name, path)
    for end, value in zip(("min", "max"), bounds or (), strict=False):
        if value is not None and not 1 <= value <= top:
            raise InvalidArgument(
                f"{path}.{camel(name)}.{end}",
                f"level {value} does not exist on the scale (1-{top})",
            )
    return bounds


def money_bounds(spec: Filter, name: str, path: str) -> tuple[int | None, int | None] | None:
    """A CNY range, checked to be non-negative with at most two decimals, returned in fen."""
    bounds = checked_range(spec, name, path)
    if bounds is None:
        return None
    out: list[int | None] = []
    for end, value in zip(("min", "max"), bounds, strict=True):
        if value is None:
            out.append(None)
            continue
        amount = Decimal(value)
        if amount < 0 or amount != amount.quantize(Decimal("0.01")):
            raise InvalidArgument(
                f"{path}.{camel(name)}.{end}",
                "must be a non-negative amount with at most 2 decimals",
            )
        out.append(int(amount * FEN_PER_YUAN))
    return out[0], out[1]


def in_q(column: str, values: Any) -> list[Q]:
    """`column IN values` when values were given."""
    return [cond(f"{column}__in", list(values))] if values else []


def search_q(text: str | None, columns: tuple[str, ...], path: str) -> list[Q]:
    """Every word of `text` must appear (case-insensitively) in one of `columns` or in its
    English twin `<column>_en`, so Chinese and English text are both found.

    Words are separated by white space (ASCII or the ideographic space U+3000); Chinese is
    matched as a substring, so "氢能 重卡" finds text containing both.
    """
    if text is None:
        return []
    words = text.split()
    if not words or len(text) > 200:
        raise InvalidArgument(f"{path}.search", "give 1 to 200 characters of search text")
    searched = [name for column in columns for name in (column, f"{column}_en")]
    return [Q(*[cond(f"{c}__icontains", w) for c in searched], join_type="OR") for w in words]
