"""Filter arguments as SQL conditions.

Filters arrive as graphql-core coerced them: dictionaries keyed by the GraphQL field names
(`maturityLevel`, `and`, `or`), absent or None meaning "not given". Argument paths in errors are
the client's own (`filter.or[1].maturityLevel.max`).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping, Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from resolvers.errors import InvalidArgument
from resolvers.select import Scope
from resolvers.sql import Sql, all_of, any_of, param

Filter = Mapping[str, Any]
FEN_PER_YUAN = 100
MAX_NESTING = 5

Leaf = Callable[[Filter, str], Awaitable[list[Sql]]]


async def combine(spec: Filter | None, path: str, leaf: Leaf, depth: int = 0) -> list[Sql]:
    """A filter's own conditions, AND its `and` list, AND the OR of its `or` list."""
    if not spec:
        return []
    if depth > MAX_NESTING:
        raise InvalidArgument(path, f"and/or may nest at most {MAX_NESTING} levels deep")
    parts = await leaf(spec, path)
    for i, sub in enumerate(spec.get("and") or []):
        nested = all_of(await combine(sub, f"{path}.and[{i}]", leaf, depth + 1))
        if nested is not None:
            parts.append(nested)
    alternatives = []
    for i, sub in enumerate(spec.get("or") or []):
        nested = all_of(await combine(sub, f"{path}.or[{i}]", leaf, depth + 1))
        alternatives.append(nested if nested is not None else Sql("(1 = 1)"))
    if alternatives:
        parts.append(any_of(alternatives))
    return parts


def checked_range(spec: Filter, name: str, path: str) -> tuple[Any, Any] | None:
    """(min, max) of a range argument after checking min <= max."""
    rng = spec.get(name)
    if not rng:
        return None
    low, high = rng.get("min"), rng.get("max")
    if low is not None and high is not None and low > high:
        raise InvalidArgument(f"{path}.{name}", f"min ({low}) is greater than max ({high})")
    return low, high


def in_range(expression: str, bounds: tuple[Any, Any] | None) -> list[Sql]:
    """`expression >= min` and `expression <= max` for the ends given."""
    if bounds is None:
        return []
    low, high = bounds
    out = []
    if low is not None:
        out.append(Sql(f"{expression} >= ", param(low)))
    if high is not None:
        out.append(Sql(f"{expression} <= ", param(high)))
    return out


def level_bounds(spec: Filter, name: str, path: str, top: int) -> tuple[Any, Any] | None:
    """A maturity-level range whose ends must exist on a scale with levels 1..top."""
    bounds = checked_range(spec, name, path)
    for end, value in zip(("min", "max"), bounds or (), strict=False):
        if value is not None and not 1 <= value <= top:
            raise InvalidArgument(
                f"{path}.{name}.{end}", f"level {value} does not exist on the scale (1-{top})"
            )
    return bounds


def money_bounds(spec: Filter, name: str, path: str) -> tuple[int | None, int | None] | None:
    """A CNY range, non-negative with at most two decimals, in fen."""
    bounds = checked_range(spec, name, path)
    if bounds is None:
        return None
    out: list[int | None] = []
    for end, value in zip(("min", "max"), bounds, strict=True):
        if value is None:
            out.append(None)
            continue
        try:
            amount = Decimal(value)
            ok = amount.is_finite() and amount >= 0 and amount == amount.quantize(Decimal("0.01"))
        except (InvalidOperation, ValueError):
            ok = False
        if not ok or amount > 10**15:
            raise InvalidArgument(
                f"{path}.{name}.{end}", "must be a non-negative amount with at most 2 decimals"
            )
        out.append(int(amount * FEN_PER_YUAN))
    return out[0], out[1]


def one_of(scope: Scope, expression: str, values: Sequence[Any] | None) -> list[Sql]:
    """`expression` is one of `values`, when values were given."""
    return [scope.dialect.in_list(expression, list(values))] if values else []


def search(scope: Scope, text: str | None, expressions: Sequence[str], path: str) -> list[Sql]:
    """Every word of `text` appears, case-insensitively, in one of `expressions`."""
    if text is None:
        return []
    words = text.split()
    if not words or len(text) > 200:
        raise InvalidArgument(f"{path}.search", "give 1 to 200 characters of search text")
    return [any_of([scope.dialect.like(e, w) for e in expressions]) for w in words]
