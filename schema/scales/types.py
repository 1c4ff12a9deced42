"""Maturity scales and their levels."""

from __future__ import annotations

import strawberry

from portal import vocabulary as v
from schema.plan.declare import column, entity, term_name, text, to_many, to_one
from schema.relay import Node


@entity("maturity_level")
@strawberry.type(description="One ordered level of a maturity scale.")
class MaturityLevel(Node):
    """A level of a maturity scale."""

    number: int = column("number", description="Position of the level on its scale, from 1.")
    name: str = text("name", description="Working name of the level.")
    description: str = text("description", description="What must be shown to reach the level.")
    phase: str = column(
        "phase",
        description="Phase of the chain the level belongs to (CONCEPT, LABORATORY, PILOT, ENGINEERING, APPLICATION, PRODUCTION, MARKET).",
    )
    phase_name: str = term_name(
        "phase",
        v.MaturityPhase,
        description="Name of `phase` in the response's language (Accept-Language: Chinese first, English second).",
    )
    trl_equivalent: int | None = column(
        "trl_equivalent",
        description="The equivalent level on the nine-level TRL; null for provincial levels past TRL 9.",
    )
    scale: MaturityScale = to_one("scale_id", description="The scale this level belongs to.")


@entity("maturity_scale")
@strawberry.type(
    description="A maturity scale with ordered levels, such as the provincial 13 levels or the nine-level TRL. Scales are data: standards are revised."
)
class MaturityScale(Node):
    """A maturity scale."""

    code: str = column("code", description="Stable code of the scale, e.g. HEBEI-13 or TRL-9.")
    name: str = text("name", description="Name of the scale.")
    edition: str = column("edition", description="Edition of the standard the scale follows.")
    description: str = text(
        "description", description="What the scale measures and how it relates to others."
    )
    levels: list[MaturityLevel] = to_many(
        "scale_id", order=("number",), description="Levels of the scale, lowest first."
    )
