"""Maturity scales and levels."""

from __future__ import annotations

from portal.database.models import MaturityLevel
from resolvers.conditions import Filter

PROVINCIAL_SCALE = "HEBEI-13"
"""Code of the scale evaluations rate maturity on."""


async def top_level(code: str = PROVINCIAL_SCALE) -> int:
    """The highest level number of a scale (13 for the provincial scale)."""
    top = await MaturityLevel.filter(scale__code=code).order_by("-number").first()
    return top.number if top else 0


def mentions_levels(spec: Filter | None) -> bool:
    """True when a filter (or one nested in its and/or) restricts the maturity level."""
    if not spec:
        return False
    nested = list(spec.get("and") or []) + list(spec.get("or") or [])
    return bool(spec.get("maturityLevel")) or any(mentions_levels(s) for s in nested)


async def top_level_for(spec: Filter | None) -> int:
    """The scale's top level when `spec` needs it to check a level range, else 0 (no query)."""
    return await top_level() if mentions_levels(spec) else 0
