"""Relay `node` and `nodes`: fetching any object by its global ID through the loaders."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Annotated, Any

import strawberry

from schema.context import Info
from schema.evaluations.types import Evaluation
from schema.institutions.types import Credential, Evaluator, Institution
from schema.policies.types import Department, Policy
from schema.projects.types import Organization, Project
from schema.relay import Node, check_ids, from_global_id
from schema.scales.types import MaturityLevel, MaturityScale

NODE_TYPES: dict[str, tuple[str, Callable[[Any], Node]]] = {
    "Project": ("project_by_id", Project.from_model),
    "Organization": ("organization_by_id", Organization.from_model),
    "Evaluation": ("evaluation_by_id", Evaluation.from_model),
    "Institution": ("institution_by_id", Institution.from_model),
    "Credential": ("credential_by_id", Credential.from_model),
    "Evaluator": ("evaluator_by_id", Evaluator.from_model),
    "Policy": ("policy_by_id", Policy.from_model),
    "Department": ("department_by_id", Department.from_model),
    "MaturityScale": ("maturity_scale_by_id", MaturityScale.from_model),
    "MaturityLevel": ("maturity_level_by_id", MaturityLevel.from_model),
}


async def resolve_node(info: Info, global_id: str, argument: str) -> Node | None:
    """Load the object a global ID names, or None if it does not exist or is not public."""
    type_name, pk = from_global_id(global_id, argument)
    if type_name not in NODE_TYPES:
        return None
    loader_name, wrap = NODE_TYPES[type_name]
    row = await getattr(info.context.loaders, loader_name).load(pk)
    return wrap(row) if row is not None else None


@strawberry.type
class NodeQuery:
    """Relay object identification."""

    @strawberry.field(
        description="Fetch any object by its global ID; null when it does not exist or is not public."
    )
    async def node(
        self,
        info: Info,
        id: Annotated[strawberry.ID, strawberry.argument(description="Global ID of the object.")],
    ) -> Node | None:
        """One object."""
        return await resolve_node(info, id, "id")

    @strawberry.field(
        description="Fetch up to 100 objects by global ID, in the order given; null for each that does not exist or is not public."
    )
    async def nodes(
        self,
        info: Info,
        ids: Annotated[
            list[strawberry.ID], strawberry.argument(description="Global IDs of the objects.")
        ],
    ) -> list[Node | None]:
        """Several objects."""
        check_ids(ids)
        for n, i in enumerate(ids):
            from_global_id(i, f"ids[{n}]")
        return list(await asyncio.gather(*(resolve_node(info, i, "ids") for i in ids)))
