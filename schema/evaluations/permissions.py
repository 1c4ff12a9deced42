"""Object-level rule: an institution touches only its own evaluations."""

from __future__ import annotations

from typing import Any

from portal.auth import rules
from resolvers.errors import InvalidArgument
from schema.context import Info
from schema.permissions import Guard
from schema.plan.declare import ENTITIES
from schema.relay import pk_of


class OwnsEvaluation(Guard):
    """Lets an INSTITUTION caller through only for its own institution's evaluations.

    An evaluation the caller cannot see is left to the mutation, which answers NOT_FOUND.
    """

    async def has_permission(self, source: Any, info: Info, **kwargs: Any) -> bool:
        try:
            pk = pk_of(kwargs["input"].id, "Evaluation")
        except InvalidArgument:
            return True
        row = await info.context.fetcher.by_id(ENTITIES["Evaluation"]).load(pk)
        identity = info.context.identity
        return (
            row is None
            or rules.owns_evaluation(identity, row["institution_id"])  # type: ignore[attr-defined]
            or self.refuse(identity, "change another institution's evaluation")
        )
