"""Government departments and support policies."""

from __future__ import annotations

import datetime
from decimal import Decimal

import strawberry

from portal import vocabulary as v
from resolvers.policies import POLICY_SORT_KEYS
from resolvers.visibility import policy_rows
from schema.enums import (
    ChainStage,
    City,
    OrganizationLabel,
    PolicyInstrument,
    PolicyStatus,
    RiskRating,
    TechnologyField,
)
from schema.plan.declare import column, const, embedded, entity, term_name, text, to_many, to_one
from schema.relay import Node

REVISION = "Concurrency token: send it back as `revision` in a mutation that changes this object; it grows with every change, and a stale one is refused with STALE_VERSION."


@entity("department")
@strawberry.type(description="A government department that publishes support policies.")
class Department(Node):
    """A department."""

    code: str = column("code", description="Short code of the department, e.g. HBST.")
    name: str = text("name", description="Name.")


@strawberry.type(description="The period during which applications are accepted.")
class ApplicationWindow:
    """An application window."""

    opens_on: datetime.date = column("opens_on", description="First day applications are accepted.")
    closes_on: datetime.date | None = column(
        "closes_on", description="Last day applications are accepted; null when open-ended."
    )


@strawberry.type(description="An inclusive range of maturity levels; a null end is unbounded.")
class LevelBounds:
    """Level bounds."""

    min: int | None = column("min_maturity", description="Lowest level admitted.")
    max: int | None = column("max_maturity", description="Highest level admitted.")


@strawberry.type(
    description="Who may apply: rules over the latest published evaluation and the project. An empty list admits every value."
)
class Eligibility:
    """Eligibility rules."""

    maturity_level: LevelBounds = embedded(
        description="Maturity levels admitted (provincial scale)."
    )
    worst_acceptable_risk: RiskRating | None = column(
        "worst_acceptable_risk", description="Worst transformation risk admitted; null admits any."
    )
    fields: list[TechnologyField] = column(
        "eligible_fields", description="Technology fields admitted."
    )
    cities: list[City] = column("eligible_cities", description="Cities admitted.")
    stages: list[ChainStage] = column("eligible_stages", description="Chain stages admitted.")
    organization_labels: list[OrganizationLabel] = column(
        "eligible_labels", description="Labels of which the owner must hold at least one."
    )


@entity("policy", visible=policy_rows, orderings=POLICY_SORT_KEYS)
@strawberry.type(
    description="One version of a government support policy: grant, loan-interest subsidy, risk-compensation pool, guidance fund, voucher, tax incentive or award."
)
class Policy(Node):
    """A support policy version."""

    series: strawberry.ID = column(
        "series", description="Identifier shared by every version of the policy."
    )
    version: int = column("version", description="Version number within the series, from 1.")
    is_current_version: bool = column(
        "is_current", description="False once an amendment replaced this version."
    )
    title: str = text("title", description="Title.")
    summary: str = text("summary", description="Summary.")
    instrument: PolicyInstrument = column("instrument", description="Support instrument.")
    instrument_name: str = term_name(
        "instrument",
        v.PolicyInstrument,
        description="Name of `instrument` in the response's language (Accept-Language: Chinese first, English second).",
    )
    budget: Decimal = column("budget_fen", description="Total budget in CNY.")
    max_award: Decimal | None = column(
        "max_award_fen", description="Largest award to one applicant in CNY, if capped."
    )
    currency: str = const("CNY", description="ISO 4217 currency of the amounts (CNY).")
    application_window: ApplicationWindow = embedded(description="When applications are accepted.")
    eligibility: Eligibility = embedded(description="Eligibility rules.")
    status: PolicyStatus = column("status", description="Lifecycle status.")
    status_name: str = term_name(
        "status",
        v.PolicyStatus,
        description="Name of `status` in the response's language (Accept-Language: Chinese first, English second).",
    )
    published_at: datetime.datetime | None = column(
        "published_at", description="When the version was published."
    )
    withdrawal_reason: str | None = text(
        "withdrawal_reason", description="Why the policy was withdrawn, if it was."
    )
    revision: int = column("revision", description=REVISION)
    department: Department = to_one(
        "department_id", description="The department that publishes the policy."
    )
    versions: list[Policy] = to_many(
        "series",
        key="series",
        order=("-version",),
        description="Every public version of this policy, newest first.",
    )
