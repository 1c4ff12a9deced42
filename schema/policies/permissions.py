"""Object-level rule: a department touches only its own policies."""

from __future__ import annotations

from typing import Any

from portal.auth import rules
from resolvers.errors import InvalidArgument
from schema.context import Info
from schema.permissions import Guard
from schema.plan.declare import ENTITIES
from schema.relay import pk_of


class OwnsPolicy(Guard):
    """Lets a GOVERNMENT caller through only for policies of its own department.

    A policy the caller cannot see at all is left to the mutation, which answers NOT_FOUND
    without revealing that it exists.
    """

    async def has_permission(self, source: Any, info: Info, **kwargs: Any) -> bool:
        try:
            pk = pk_of(kwargs["input"].id, "Policy")
        except InvalidArgument:
            return True
        row = await info.context.fetcher.by_id(ENTITIES["Policy"]).load(pk)
        identity = info.context.identity
        return (
            row is None
            or rules.owns_policy(identity, row["department_id"])
            or self.refuse(identity, "change another department's policy")
        )  # type: ignore[attr-defined]
