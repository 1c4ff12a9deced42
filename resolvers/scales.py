"""Maturity scales and levels."""

from __future__ import annotations

from portal.database.models import MaturityLevel, MaturityScale

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
