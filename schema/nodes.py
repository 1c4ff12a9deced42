"""Relay `node` and `nodes`: fetching any object by its global ID."""

from __future__ import annotations

import strawberry

from schema.plan.declare import node_field
from schema.relay import Node


@strawberry.type
class NodeQuery:
    """Relay object identification."""

    node: Node | None = node_field(
        description="Fetch any object by its global ID; null when it does not exist or is not public.",
        arguments={"id": (strawberry.ID, "Global ID of the object.")},
    )
    nodes: list[Node | None] = node_field(
        description="Fetch up to 100 objects by global ID, in the order given; null for each that does not exist or is not public.",
        arguments={"ids": (list[strawberry.ID], "Global IDs of the objects.")},
        many=True,
    )
