"""Evaluations and the dimensions they state."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Annotated

import strawberry

from portal import credentials as rules
from portal.database.models import Evaluation as EvaluationRow
from schema.context import Info
from schema.enums import (
    AdvancementGrade,
    EvaluationStatus,
    PanelRole,
    RiskFactorKind,
    RiskRating,
    ValuationMethod,
)
from schema.money import yuan
from schema.relay import Node, to_global_id
from schema.scales.types import MaturityLevel

if TYPE_CHECKING:
    from schema.institutions.types import Credential, Evaluator, Institution
    from schema.projects.types import Project

ProjectRef = Annotated["Project", strawberry.lazy("schema.projects.types")]
InstitutionRef = Annotated["Institution", strawberry.lazy("schema.institutions.types")]
CredentialRef = Annotated["Credential", strawberry.lazy("schema.institutions.types")]
EvaluatorRef = Annotated["Evaluator", strawberry.lazy("schema.institutions.types")]


@strawberry.type(description="Technological advancement: a grade and a score.")
class Advancement:
    """Technological advancement."""

    grade: AdvancementGrade = strawberry.field(
        description="Grade, from INTERNATIONAL_LEADING down to ORDINARY."
    )
    score: int = strawberry.field(description="Score from 0 to 100.")


@strawberry.type(description="Industrialization prospect: a score and a short statement.")
class Industrialization:
    """Industrialization prospect."""

    score: int = strawberry.field(description="Score from 0 to 100.")
    statement: str = strawberry.field(description="Short statement of the prospect.")


@strawberry.type(description="Market value as a valuation range.")
class MarketValue:
    """A valuation range."""

    low: Decimal = strawberry.field(description="Low end of the valuation, in `currency`.")
    high: Decimal = strawberry.field(description="High end of the valuation, in `currency`.")
    currency: str = strawberry.field(description="ISO 4217 currency code (CNY).")
    method: ValuationMethod = strawberry.field(description="Valuation method.")


@strawberry.type(description="One rated dimension of transformation risk.")
class RiskFactor:
    """A risk factor."""

    kind: RiskFactorKind = strawberry.field(description="Dimension of risk.")
    rating: RiskRating = strawberry.field(description="Rating of this dimension.")
    note: str = strawberry.field(description="Evaluator's note.")


@strawberry.type(
    description="A member of an evaluation panel with their conflict-of-interest declaration."
)
class PanelMember:
    """A panel member."""

    name: str = strawberry.field(description="Name.")
    affiliation: str = strawberry.field(
        description="Affiliation of an outside expert; empty for the institution's own evaluator."
    )
    role: PanelRole = strawberry.field(description="Role on the panel.")
    conflict_declared: bool = strawberry.field(
        description="True when the member declared a conflict of interest."
    )
    conflict_note: str = strawberry.field(
        description="What the conflict is and how it was handled."
    )


@strawberry.type(description="Why and when a published evaluation was revoked.")
class Revocation:
    """A revocation."""

    reason: str = strawberry.field(description="Reason given for the revocation.")
    revoked_at: datetime.datetime | None = strawberry.field(description="When it was revoked.")


@strawberry.type(
    description="One version of an evaluation of a project by an accredited institution, stating advancement, maturity, industrialization prospect, market value and transformation risk."
)
class Evaluation(Node):
    """An evaluation version."""

    version: int | None = strawberry.field(
        description="Public version number within the project's evaluations, from 1, given when the evaluation is published (1 + the project's highest); null until then, so drafts reveal nothing."
    )
    status: EvaluationStatus = strawberry.field(description="Lifecycle status.")
    evaluated_on: datetime.date = strawberry.field(description="Date the evaluation was made.")
    published_at: datetime.datetime | None = strawberry.field(
        description="When the evaluation was disclosed."
    )
    maturity_evidence: str = strawberry.field(description="Evidence for the maturity level.")
    advancement: Advancement = strawberry.field(description="Technological advancement.")
    industrialization: Industrialization = strawberry.field(
        description="Industrialization prospect."
    )
    market_value: MarketValue = strawberry.field(description="Market value range.")
    summary: str = strawberry.field(description="Summary of the evaluation.")
    revocation: Revocation | None = strawberry.field(
        description="Set when the evaluation was revoked."
    )
    revision: int = strawberry.field(
        description="Concurrency token: send it back as `revision` in a mutation that changes this object; it grows with every change, and a stale one is refused with STALE_VERSION."
    )
    _row: strawberry.Private[EvaluationRow]

    @classmethod
    def from_model(cls, row: EvaluationRow) -> Evaluation:
        """Wrap an evaluation row."""
        return cls(
            id=to_global_id("Evaluation", row.id),
            version=row.version,
            status=row.status,
            evaluated_on=row.evaluated_on,
            published_at=row.published_at,
            maturity_evidence=row.maturity_evidence,
            advancement=Advancement(grade=row.advancement_grade, score=row.advancement_score),
            industrialization=Industrialization(
                score=row.industrialization_score, statement=row.industrialization_statement
            ),
            market_value=MarketValue(
                low=yuan(row.value_low_fen),
                high=yuan(row.value_high_fen),  # type: ignore[arg-type]
                currency=row.currency,
                method=row.valuation_method,
            ),
            summary=row.summary,
            revocation=(
                Revocation(reason=row.revocation_reason, revoked_at=row.revoked_at)
                if row.revocation_reason is not None
                else None
            ),
            revision=row.revision,
            _row=row,
        )

    @strawberry.field(description="The project evaluated.")
    async def project(self, info: Info) -> ProjectRef:
        """Project evaluated."""
        from schema.projects.types import Project

        row = await info.context.loaders.project_by_id.load(self._row.project_id)  # type: ignore[attr-defined]
        assert row is not None
        return Project.from_model(row)

    @strawberry.field(description="The institution that made the evaluation.")
    async def institution(self, info: Info) -> InstitutionRef:
        """Evaluating institution."""
        from schema.institutions.types import Institution

        row = await info.context.loaders.institution_by_id.load(self._row.institution_id)  # type: ignore[attr-defined]
        assert row is not None
        return Institution.from_model(row)

    @strawberry.field(description="The credential the evaluation was made under.")
    async def credential(self, info: Info) -> CredentialRef:
        """Credential used."""
        from schema.institutions.types import Credential

        row = await info.context.loaders.credential_by_id.load(self._row.credential_id)  # type: ignore[attr-defined]
        assert row is not None
        return Credential.from_model(row)

    @strawberry.field(
        description="True when the credential was within its validity period and ACTIVE (per its status history) on the evaluation date."
    )
    async def credential_valid_on_evaluation_date(self, info: Info) -> bool:
        """Credential validity on the evaluation date."""
        loaders = info.context.loaders
        credential = await loaders.credential_by_id.load(self._row.credential_id)  # type: ignore[attr-defined]
        changes = await loaders.status_changes_by_credential_id.load(self._row.credential_id)  # type: ignore[attr-defined]
        assert credential is not None
        return rules.valid_on(
            credential.valid_from, credential.valid_until, changes, self._row.evaluated_on
        )

    @strawberry.field(
        description="True when the credential's scope includes the project's technology field."
    )
    async def credential_covers_project_field(self, info: Info) -> bool:
        """Credential scope check."""
        loaders = info.context.loaders
        scope = await loaders.fields_by_credential_id.load(self._row.credential_id)  # type: ignore[attr-defined]
        project = await loaders.project_by_id.load(self._row.project_id)  # type: ignore[attr-defined]
        return project is not None and project.field in {f.field for f in scope}

    @strawberry.field(
        description="The level of technological maturity on the provincial 13-level scale."
    )
    async def maturity_level(self, info: Info) -> MaturityLevel:
        """Maturity level."""
        row = await info.context.loaders.maturity_level_by_id.load(self._row.maturity_level_id)  # type: ignore[attr-defined]
        assert row is not None
        return MaturityLevel.from_model(row)

    @strawberry.field(description="Transformation risk: an overall rating and rated factors.")
    async def risk(self, info: Info) -> Risk:
        """Transformation risk."""
        rows = await info.context.loaders.risk_factors_by_evaluation_id.load(self._row.id)
        factors = [RiskFactor(kind=r.kind, rating=r.rating, note=r.note) for r in rows]
        return Risk(rating=self._row.risk_rating, factors=factors)

    @strawberry.field(description="The evaluator who led the evaluation, if recorded.")
    async def lead_evaluator(self, info: Info) -> EvaluatorRef | None:
        """Lead evaluator."""
        from schema.institutions.types import Evaluator

        if self._row.lead_evaluator_id is None:  # type: ignore[attr-defined]
            return None
        row = await info.context.loaders.evaluator_by_id.load(self._row.lead_evaluator_id)  # type: ignore[attr-defined]
        return Evaluator.from_model(row) if row else None

    @strawberry.field(description="The expert panel, lead evaluator first.")
    async def panel(self, info: Info) -> list[PanelMember]:
        """Panel members."""
        rows = await info.context.loaders.panel_by_evaluation_id.load(self._row.id)
        return [
            PanelMember(
                name=r.name,
                affiliation=r.affiliation,
                role=r.role,
                conflict_declared=r.conflict_declared,
                conflict_note=r.conflict_note,
            )
            for r in rows
        ]


@strawberry.type(description="Transformation risk of an evaluation.")
class Risk:
    """Transformation risk."""

    rating: RiskRating = strawberry.field(description="Overall rating.")
    factors: list[RiskFactor] = strawberry.field(
        description="Rated factors (technical, market, financial, policy, team)."
    )
