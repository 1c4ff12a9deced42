"""Policy mutations, for GOVERNMENT tokens on their own department's policies."""

from __future__ import annotations

import strawberry

from resolvers import policy_writes as writes
from schema.mutations import write_field
from schema.policies import inputs_write as i
from schema.policies.permissions import OwnsPolicy
from schema.policies.types import Policy

IDS = {"id": "Policy"}
STEP = "The policy and its revision."


@strawberry.type
class PolicyMutation:
    """Government writes."""

    policy_create = write_field(
        action="policyCreate",
        input_type=i.PolicyCreateInput,
        payload=i.PolicyCreatePayload,
        wrap=Policy.from_model,
        writer=writes.create_policy,
        ids=IDS,
        description="Create a DRAFT policy for the caller's department.",
        input_description="The policy's content.",
    )
    policy_update = write_field(
        action="policyUpdate",
        input_type=i.PolicyUpdateInput,
        payload=i.PolicyUpdatePayload,
        wrap=Policy.from_model,
        writer=writes.update_policy,
        ids=IDS,
        guards=[OwnsPolicy],
        description="Edit a draft in place, or amend a published policy as a new published version.",
        input_description="The policy, its revision and its new content.",
    )
    policy_publish = write_field(
        action="policyPublish",
        input_type=i.PolicyTransitionInput,
        payload=i.PolicyPublishPayload,
        wrap=Policy.from_model,
        writer=writes.publish_policy,
        ids=IDS,
        guards=[OwnsPolicy],
        description="Publish a DRAFT policy.",
        input_description=STEP,
    )
    policy_close = write_field(
        action="policyClose",
        input_type=i.PolicyTransitionInput,
        payload=i.PolicyClosePayload,
        wrap=Policy.from_model,
        writer=writes.close_policy,
        ids=IDS,
        guards=[OwnsPolicy],
        description="Close a PUBLISHED policy to new applications.",
        input_description=STEP,
    )
    policy_withdraw = write_field(
        action="policyWithdraw",
        input_type=i.PolicyWithdrawInput,
        payload=i.PolicyWithdrawPayload,
        wrap=Policy.from_model,
        writer=writes.withdraw_policy,
        ids=IDS,
        guards=[OwnsPolicy],
        description="Withdraw a DRAFT or PUBLISHED policy, with a reason.",
        input_description="The policy, its revision and the reason.",
    )
