"""Queries over maturity scales."""

from __future__ import annotations

import strawberry

from schema.plan.declare import root_list, root_one
from schema.scales.types import MaturityScale


@strawberry.type
class ScaleQuery:
    """Maturity-scale queries."""

    maturity_scales: list[MaturityScale] = root_list(
        description="Every maturity scale, by code.", order=("code",)
    )
    maturity_scale: MaturityScale | None = root_one(
        "code",
        description="The maturity scale with this code, or null.",
        arguments={"code": (str, "Code of the scale, e.g. HEBEI-13.")},
    )
