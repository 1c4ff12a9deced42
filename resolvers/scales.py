"""Maturity scales and levels."""

from __future__ import annotations

from portal.database.models import MaturityLevel, MaturityScale
from resolvers.filters import Filter

PROVINCIAL_SCALE = "HEBEI-13"
"""Code of the scale evaluations rate maturity on."""


async def list_scales() -> list[MaturityScale]:
    """Every maturity scale, by code."""
    return list(await MaturityScale.all().order_by("code"))


async def get_scale(code: str) -> MaturityScale | None:
    """The scale with `code`, if any."""
    return await MaturityScale.get_or_none(code=code)


async def top_level(code: str = PROVINCIAL_SCALE) -> int:
    """The highest level number of a scale (13 for the provincial scale)."""
    top = await MaturityLevel.filter(scale__code=code).order_by("-number").first()
    return top.number if top else 0


def mentions_levels(spec: Filter | None) -> bool:
    """True when a filter (or one nested in its and/or) restricts the maturity level."""
    if not spec:
        return False
    nested = list(spec.get("and_") or []) + list(spec.get("or_") or [])
    return bool(spec.get("maturity_level")) or any(mentions_levels(s) for s in nested)


async def top_level_for(spec: Filter | None) -> int:
    """The scale's top level when `spec` needs it to check a level range, else 0 (no query)."""
    return await top_level() if mentions_levels(spec) else 0
