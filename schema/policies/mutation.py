"""Policy mutations, for GOVERNMENT tokens on their own department's policies."""

from __future__ import annotations

from typing import Annotated, Any

import strawberry

from resolvers import policy_writes as writes
from schema.context import Info
from schema.mutations import run
from schema.permissions import requires
from schema.policies import inputs_write as i
from schema.policies.permissions import OwnsPolicy
from schema.policies.types import Policy
from schema.relay import as_filter, decode_input


def _data(value: Any) -> dict[str, Any]:
    return decode_input(as_filter(value), {"id": "Policy"})


@strawberry.type
class PolicyMutation:
    """Government writes."""

    @strawberry.mutation(
        description="Create a DRAFT policy for the caller's department.",
        permission_classes=[requires("policyCreate")],
    )
    async def policy_create(
        self,
        info: Info,
        input: Annotated[
            i.PolicyCreateInput, strawberry.argument(description="The policy's content.")
        ],
    ) -> i.PolicyCreatePayload:  # type: ignore[valid-type]
        """Create a draft."""
        return await run(
            info,
            i.PolicyCreatePayload,
            Policy.from_model,
            lambda: writes.create_policy(info.context.identity, _data(input)),
        )

    @strawberry.mutation(
        description="Edit a draft in place, or amend a published policy as a new published version.",
        permission_classes=[requires("policyUpdate"), OwnsPolicy],
    )
    async def policy_update(
        self,
        info: Info,
        input: Annotated[
            i.PolicyUpdateInput,
            strawberry.argument(description="The policy, its revision and its new content."),
        ],
    ) -> i.PolicyUpdatePayload:  # type: ignore[valid-type]
        """Update a policy."""
        return await run(
            info,
            i.PolicyUpdatePayload,
            Policy.from_model,
            lambda: writes.update_policy(info.context.identity, _data(input)),
        )

    @strawberry.mutation(
        description="Publish a DRAFT policy.",
        permission_classes=[requires("policyPublish"), OwnsPolicy],
    )
    async def policy_publish(
        self,
        info: Info,
        input: Annotated[
            i.PolicyTransitionInput, strawberry.argument(description="The policy and its revision.")
        ],
    ) -> i.PolicyPublishPayload:  # type: ignore[valid-type]
        """Publish a policy."""
        return await run(
            info,
            i.PolicyPublishPayload,
            Policy.from_model,
            lambda: writes.publish_policy(info.context.identity, _data(input)),
        )

    @strawberry.mutation(
        description="Close a PUBLISHED policy to new applications.",
        permission_classes=[requires("policyClose"), OwnsPolicy],
    )
    async def policy_close(
        self,
        info: Info,
        input: Annotated[
            i.PolicyTransitionInput, strawberry.argument(description="The policy and its revision.")
        ],
    ) -> i.PolicyClosePayload:  # type: ignore[valid-type]
        """Close a policy."""
        return await run(
            info,
            i.PolicyClosePayload,
            Policy.from_model,
            lambda: writes.close_policy(info.context.identity, _data(input)),
        )

    @strawberry.mutation(
        description="Withdraw a DRAFT or PUBLISHED policy, with a reason.",
        permission_classes=[requires("policyWithdraw"), OwnsPolicy],
    )
    async def policy_withdraw(
        self,
        info: Info,
        input: Annotated[
            i.PolicyWithdrawInput,
            strawberry.argument(description="The policy, its revision and the reason."),
        ],
    ) -> i.PolicyWithdrawPayload:  # type: ignore[valid-type]
        """Withdraw a policy."""
        return await run(
            info,
            i.PolicyWithdrawPayload,
            Policy.from_model,
            lambda: writes.withdraw_policy(info.context.identity, _data(input)),
        )
