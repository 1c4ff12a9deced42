"""Government departments and support policies."""

from __future__ import annotations

import datetime
from decimal import Decimal

import strawberry

from portal.database.models import Department as DepartmentRow
from portal.database.models import Policy as PolicyRow
from schema.context import Info
from schema.enums import (
    ChainStage,
    City,
    OrganizationLabel,
    PolicyInstrument,
    PolicyStatus,
    RiskRating,
    TechnologyField,
)
from schema.money import yuan
from schema.relay import Node, to_global_id


@strawberry.type(description="A government department that publishes support policies.")
class Department(Node):
    """A department."""

    code: str = strawberry.field(description="Short code of the department, e.g. HBST.")
    name: str = strawberry.field(description="Name.")

    @classmethod
    def from_model(cls, row: DepartmentRow) -> Department:
        """Wrap a department row."""
        return cls(id=to_global_id("Department", row.id), code=row.code, name=row.name)


@strawberry.type(description="The period during which applications are accepted.")
class ApplicationWindow:
    """An application window."""

    opens_on: datetime.date = strawberry.field(description="First day applications are accepted.")
    closes_on: datetime.date | None = strawberry.field(
        description="Last day applications are accepted; null when open-ended."
    )


@strawberry.type(description="An inclusive range of maturity levels; a null end is unbounded.")
class LevelBounds:
    """Level bounds."""

    min: int | None = strawberry.field(description="Lowest level admitted.")
    max: int | None = strawberry.field(description="Highest level admitted.")


@strawberry.type(
    description="Who may apply: rules over the latest published evaluation and the project. An empty list admits every value."
)
class Eligibility:
    """Eligibility rules."""

    maturity_level: LevelBounds = strawberry.field(
        description="Maturity levels admitted (provincial scale)."
    )
    worst_acceptable_risk: RiskRating | None = strawberry.field(
        description="Worst transformation risk admitted; null admits any."
    )
    fields: list[TechnologyField] = strawberry.field(description="Technology fields admitted.")
    cities: list[City] = strawberry.field(description="Cities admitted.")
    stages: list[ChainStage] = strawberry.field(description="Chain stages admitted.")
    organization_labels: list[OrganizationLabel] = strawberry.field(
        description="Labels of which the owner must hold at least one."
    )


@strawberry.type(
    description="One version of a government support policy: grant, loan-interest subsidy, risk-compensation pool, guidance fund, voucher, tax incentive or award."
)
class Policy(Node):
    """A support policy version."""

    series: strawberry.ID = strawberry.field(
        description="Identifier shared by every version of the policy."
    )
    version: int = strawberry.field(description="Version number within the series, from 1.")
    is_current_version: bool = strawberry.field(
        description="False once an amendment replaced this version."
    )
    title: str = strawberry.field(description="Title.")
    summary: str = strawberry.field(description="Summary.")
    instrument: PolicyInstrument = strawberry.field(description="Support instrument.")
    budget: Decimal = strawberry.field(description="Total budget in CNY.")
    max_award: Decimal | None = strawberry.field(
        description="Largest award to one applicant in CNY, if capped."
    )
    currency: str = strawberry.field(description="ISO 4217 currency of the amounts (CNY).")
    application_window: ApplicationWindow = strawberry.field(
        description="When applications are accepted."
    )
    eligibility: Eligibility = strawberry.field(description="Eligibility rules.")
    status: PolicyStatus = strawberry.field(description="Lifecycle status.")
    published_at: datetime.datetime | None = strawberry.field(
        description="When the version was published."
    )
    withdrawal_reason: str | None = strawberry.field(
        description="Why the policy was withdrawn, if it was."
    )
    revision: int = strawberry.field(
        description="Concurrency token: send it back as `revision` in a mutation that changes this object; it grows with every change, and a stale one is refused with STALE_VERSION."
    )
    _row: strawberry.Private[PolicyRow]

    @classmethod
    def from_model(cls, row: PolicyRow) -> Policy:
        """Wrap a policy row."""
        return cls(
            id=to_global_id("Policy", row.id),
            series=strawberry.ID(str(row.series)),
            version=row.version,
            is_current_version=row.is_current,
            title=row.title,
            summary=row.summary,
            instrument=row.instrument,
            budget=yuan(row.budget_fen),  # type: ignore[arg-type]
            max_award=yuan(row.max_award_fen),
            currency="CNY",
            application_window=ApplicationWindow(opens_on=row.opens_on, closes_on=row.closes_on),
            eligibility=Eligibility(
                maturity_level=LevelBounds(min=row.min_maturity, max=row.max_maturity),
                worst_acceptable_risk=row.worst_acceptable_risk,
                fields=[TechnologyField(v) for v in row.eligible_fields],
                cities=[City(v) for v in row.eligible_cities],
                stages=[ChainStage(v) for v in row.eligible_stages],
                organization_labels=[OrganizationLabel(v) for v in row.eligible_labels],
            ),
            status=row.status,
            published_at=row.published_at,
            withdrawal_reason=row.withdrawal_reason,
            revision=row.revision,
            _row=row,
        )

    @strawberry.field(description="The department that publishes the policy.")
    async def department(self, info: Info) -> Department:
        """Issuing department."""
        row = await info.context.loaders.department_by_id.load(self._row.department_id)  # type: ignore[attr-defined]
        assert row is not None
        return Department.from_model(row)

    @strawberry.field(description="Every public version of this policy, newest first.")
    async def versions(self, info: Info) -> list[Policy]:
        """Version history."""
        rows = await info.context.loaders.policy_versions_by_series.load(self._row.series)
        return [Policy.from_model(r) for r in rows]
