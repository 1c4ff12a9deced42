"""Inputs and payloads of the policy mutations."""

from __future__ import annotations

import datetime
from decimal import Decimal

import strawberry

from schema.enums import (
    ChainStage,
    City,
    OrganizationLabel,
    PolicyInstrument,
    RiskRating,
    TechnologyField,
)
from schema.inputs import LevelRange
from schema.mutations import payload_type, user_error_type
from schema.policies.types import Policy


@strawberry.input(description="Who may apply. Omitted lists admit every value.")
class EligibilityInput:
    """Eligibility rules of a policy."""

    maturity_level: LevelRange | None = strawberry.field(
        default=None, description="Maturity levels admitted (provincial scale)."
    )
    worst_acceptable_risk: RiskRating | None = strawberry.field(
        default=None, description="Worst transformation risk admitted."
    )
    fields: list[TechnologyField] | None = strawberry.field(
        default=None, description="Technology fields admitted."
    )
    cities: list[City] | None = strawberry.field(default=None, description="Cities admitted.")
    stages: list[ChainStage] | None = strawberry.field(
        default=None, description="Chain stages admitted."
    )
    organization_labels: list[OrganizationLabel] | None = strawberry.field(
        default=None, description="Labels of which the owner must hold one."
    )


@strawberry.input(description="The whole content of a policy.")
class PolicyCreateInput:
    """A new draft policy for the caller's department."""

    title: str = strawberry.field(description="Title in Chinese, 1 to 300 characters.")
    title_en: str | None = strawberry.field(
        default=None, description="Title in English, up to 300 characters; empty when omitted."
    )
    summary: str | None = strawberry.field(
        default=None, description="Summary, up to 5,000 characters."
    )
    summary_en: str | None = strawberry.field(
        default=None, description="Summary in English, up to 5,000 characters; empty when omitted."
    )
    instrument: PolicyInstrument = strawberry.field(description="Support instrument.")
    budget: Decimal = strawberry.field(
        description="Total budget in CNY, not negative, at most 2 decimals."
    )
    max_award: Decimal | None = strawberry.field(
        default=None, description="Largest award to one applicant in CNY; not above the budget."
    )
    opens_on: datetime.date = strawberry.field(description="First day applications are accepted.")
    closes_on: datetime.date | None = strawberry.field(
        default=None, description="Last day applications are accepted; not before opensOn."
    )
    eligibility: EligibilityInput | None = strawberry.field(
        default=None, description="Who may apply."
    )


@strawberry.input(
    description="The new whole content of a policy. A draft is edited in place; a published policy gets a new published version and the old one stays queryable."
)
class PolicyUpdateInput(PolicyCreateInput):
    """A policy update."""

    id: strawberry.ID = strawberry.field(description="Global ID of the policy version to change.")
    revision: int = strawberry.field(description="The revision you read; a stale one is refused.")


@strawberry.input(description="A policy and the revision the caller read.")
class PolicyTransitionInput:
    """A lifecycle step of a policy."""

    id: strawberry.ID = strawberry.field(description="Global ID of the policy.")
    revision: int = strawberry.field(description="The revision you read; a stale one is refused.")


@strawberry.input(description="A policy to withdraw, with the reason.")
class PolicyWithdrawInput(PolicyTransitionInput):
    """A withdrawal."""

    reason: str = strawberry.field(
        description="Why the policy is withdrawn (1 to 2,000 characters)."
    )
    reason_en: str | None = strawberry.field(
        default=None, description="Why in English, up to 2,000 characters; empty when omitted."
    )


PolicyUserError = user_error_type("PolicyUserError", "policy")
PolicyCreatePayload = payload_type(
    "PolicyCreatePayload", "policy", Policy, PolicyUserError, "Result of policyCreate."
)
PolicyUpdatePayload = payload_type(
    "PolicyUpdatePayload",
    "policy",
    Policy,
    PolicyUserError,
    "Result of policyUpdate: the edited draft or the new published version.",
)
PolicyPublishPayload = payload_type(
    "PolicyPublishPayload", "policy", Policy, PolicyUserError, "Result of policyPublish."
)
PolicyClosePayload = payload_type(
    "PolicyClosePayload", "policy", Policy, PolicyUserError, "Result of policyClose."
)
PolicyWithdrawPayload = payload_type(
    "PolicyWithdrawPayload", "policy", Policy, PolicyUserError, "Result of policyWithdraw."
)
