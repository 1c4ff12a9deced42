"""Queries over maturity scales."""

from __future__ import annotations

from typing import Annotated

import strawberry

from resolvers import scales
from schema.scales.types import MaturityScale


@strawberry.type
class ScaleQuery:
    """Maturity-scale queries."""

    @strawberry.field(description="Every maturity scale, by code.")
    async def maturity_scales(self) -> list[MaturityScale]:
        """All scales."""
        return [MaturityScale.from_model(r) for r in await scales.list_scales()]

    @strawberry.field(description="The maturity scale with this code, or null.")
    async def maturity_scale(
        self,
        code: Annotated[str, strawberry.argument(description="Code of the scale, e.g. HEBEI-13.")],
    ) -> MaturityScale | None:
        """One scale."""
        row = await scales.get_scale(code)
        return MaturityScale.from_model(row) if row else None
