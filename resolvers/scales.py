"""Maturity scales and levels."""

from __future__ import annotations

from tortoise.functions import Max

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
    row = await MaturityLevel.filter(scale__code=code).annotate(top=Max("number")).first().values("top")
    return int(row["top"]) if row and row["top"] is not None else 0
