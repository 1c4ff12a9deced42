"""Maturity scales and their levels."""

from __future__ import annotations

import strawberry

from portal.database.models import MaturityLevel as LevelRow
from portal.database.models import MaturityScale as ScaleRow
from schema.context import Info
from schema.relay import Node, to_global_id


@strawberry.type(description="One ordered level of a maturity scale.")
class MaturityLevel(Node):
    """A level of a maturity scale."""

    number: int = strawberry.field(description="Position of the level on its scale, from 1.")
    name: str = strawberry.field(description="Working name of the level.")
    description: str = strawberry.field(description="What must be shown to reach the level.")
    phase: str = strawberry.field(
        description="Phase of the chain the level belongs to (CONCEPT, LABORATORY, PILOT, ENGINEERING, APPLICATION, PRODUCTION, MARKET)."
    )
    trl_equivalent: int | None = strawberry.field(
        description="The equivalent level on the nine-level TRL; null for provincial levels past TRL 9."
    )
    _row: strawberry.Private[LevelRow]

    @classmethod
    def from_model(cls, row: LevelRow) -> MaturityLevel:
        """Wrap a level row."""
        return cls(
            id=to_global_id("MaturityLevel", row.id),
            number=row.number,
            name=row.name,
            description=row.description,
            phase=row.phase,
            trl_equivalent=row.trl_equivalent,
            _row=row,
        )

    @strawberry.field(description="The scale this level belongs to.")
    async def scale(self, info: Info) -> MaturityScale:
        """Scale of the level."""
        row = await info.context.loaders.maturity_scale_by_id.load(self._row.scale_id)  # type: ignore[attr-defined]
        assert row is not None
        return MaturityScale.from_model(row)


@strawberry.type(
    description="A maturity scale with ordered levels, such as the provincial 13 levels or the nine-level TRL. Scales are data: standards are revised."
)
class MaturityScale(Node):
    """A maturity scale."""

    code: str = strawberry.field(description="Stable code of the scale, e.g. HEBEI-13 or TRL-9.")
    name: str = strawberry.field(description="Name of the scale.")
    edition: str = strawberry.field(description="Edition of the standard the scale follows.")
    description: str = strawberry.field(
        description="What the scale measures and how it relates to others."
    )
    _row: strawberry.Private[ScaleRow]

    @classmethod
    def from_model(cls, row: ScaleRow) -> MaturityScale:
        """Wrap a scale row."""
        return cls(
            id=to_global_id("MaturityScale", row.id),
            code=row.code,
            name=row.name,
            edition=row.edition,
            description=row.description,
            _row=row,
        )

    @strawberry.field(description="Levels of the scale, lowest first.")
    async def levels(self, info: Info) -> list[MaturityLevel]:
        """Levels in order."""
        rows = await info.context.loaders.levels_by_scale_id.load(self._row.id)
        return [MaturityLevel.from_model(r) for r in rows]
