"""Inputs and payloads of the evaluation mutations."""

from __future__ import annotations

import datetime
from decimal import Decimal

import strawberry

from schema.enums import AdvancementGrade, PanelRole, RiskFactorKind, RiskRating, ValuationMethod
from schema.evaluations.types import Evaluation
from schema.mutations import payload_type, user_error_type


@strawberry.input(description="Technological advancement.")
class AdvancementInput:
    """Advancement."""

    grade: AdvancementGrade = strawberry.field(description="Grade.")
    score: int = strawberry.field(description="Score from 0 to 100.")


@strawberry.input(description="Industrialization prospect.")
class IndustrializationInput:
    """Industrialization."""

    score: int = strawberry.field(description="Score from 0 to 100.")
    statement: str | None = strawberry.field(
        default=None, description="Short statement, up to 2,000 characters."
    )
    statement_en: str | None = strawberry.field(
        default=None,
        description="Statement in English, up to 2,000 characters; empty when omitted.",
    )


@strawberry.input(description="Market value as a CNY range.")
class MarketValueInput:
    """Valuation."""

    low: Decimal = strawberry.field(description="Low end in CNY, not negative.")
    high: Decimal = strawberry.field(description="High end in CNY, not below low.")
    method: ValuationMethod = strawberry.field(description="Valuation method.")


@strawberry.input(description="One rated risk factor.")
class RiskFactorInput:
    """A risk factor."""

    kind: RiskFactorKind = strawberry.field(description="Dimension; each at most once.")
    rating: RiskRating = strawberry.field(description="Rating.")
    note: str | None = strawberry.field(default=None, description="Note, up to 1,000 characters.")
    note_en: str | None = strawberry.field(
        default=None, description="Note in English, up to 1,000 characters; empty when omitted."
    )


@strawberry.input(description="Transformation risk.")
class RiskInput:
    """Risk."""

    rating: RiskRating = strawberry.field(description="Overall rating.")
    factors: list[RiskFactorInput] | None = strawberry.field(
        default=None, description="Rated factors."
    )


@strawberry.input(description="A panel member with a conflict-of-interest declaration.")
class PanelMemberInput:
    """A panel member."""

    name: str = strawberry.field(description="Name, 1 to 100 characters.")
    name_en: str | None = strawberry.field(
        default=None, description="Name in English, up to 100 characters; empty when omitted."
    )
    affiliation: str | None = strawberry.field(default=None, description="Affiliation.")
    affiliation_en: str | None = strawberry.field(
        default=None,
        description="Affiliation in English, up to 200 characters; empty when omitted.",
    )
    role: PanelRole = strawberry.field(description="Role on the panel.")
    conflict_declared: bool = strawberry.field(
        default=False, description="True when a conflict of interest is declared."
    )
    conflict_note: str | None = strawberry.field(
        default=None, description="The conflict and how it was handled."
    )
    conflict_note_en: str | None = strawberry.field(
        default=None,
        description="The conflict note in English, up to 1,000 characters; empty when omitted.",
    )


@strawberry.input(
    description="The whole content of an evaluation, made under one of the caller's institution's credentials."
)
class EvaluationCreateInput:
    """A new draft evaluation."""

    project: strawberry.ID = strawberry.field(description="Global ID of the project evaluated.")
    credential: strawberry.ID = strawberry.field(
        description="Global ID of the caller's institution's credential used."
    )
    lead_evaluator: strawberry.ID | None = strawberry.field(
        default=None,
        description="Global ID of the leading evaluator (of the caller's institution).",
    )
    evaluated_on: datetime.date = strawberry.field(
        description="Date of the evaluation, not in the future."
    )
    maturity_level: int = strawberry.field(
        description="Level number on the provincial scale (1 to 13)."
    )
    maturity_evidence: str | None = strawberry.field(
        default=None, description="Evidence for the level."
    )
    maturity_evidence_en: str | None = strawberry.field(
        default=None, description="Evidence in English, up to 5,000 characters; empty when omitted."
    )
    advancement: AdvancementInput = strawberry.field(description="Technological advancement.")
    industrialization: IndustrializationInput = strawberry.field(
        description="Industrialization prospect."
    )
    market_value: MarketValueInput = strawberry.field(description="Market value.")
    risk: RiskInput = strawberry.field(description="Transformation risk.")
    panel: list[PanelMemberInput] | None = strawberry.field(
        default=None, description="Expert panel, at most 30 members."
    )
    summary: str | None = strawberry.field(
        default=None, description="Summary, up to 5,000 characters."
    )
    summary_en: str | None = strawberry.field(
        default=None, description="Summary in English, up to 5,000 characters; empty when omitted."
    )


@strawberry.input(description="The new whole content of a DRAFT evaluation.")
class EvaluationUpdateInput(EvaluationCreateInput):
    """An evaluation update."""

    id: strawberry.ID = strawberry.field(description="Global ID of the draft evaluation.")
    revision: int = strawberry.field(description="The revision you read; a stale one is refused.")


@strawberry.input(description="An evaluation and the revision the caller read.")
class EvaluationTransitionInput:
    """A lifecycle step."""

    id: strawberry.ID = strawberry.field(description="Global ID of the evaluation.")
    revision: int = strawberry.field(description="The revision you read; a stale one is refused.")


@strawberry.input(description="An evaluation to revoke, with the reason.")
class EvaluationRevokeInput(EvaluationTransitionInput):
    """A revocation."""

    reason: str = strawberry.field(description="Why it is revoked (1 to 2,000 characters).")
    reason_en: str | None = strawberry.field(
        default=None, description="Why in English, up to 2,000 characters; empty when omitted."
    )


EvaluationUserError = user_error_type("EvaluationUserError", "evaluation")
EvaluationCreatePayload = payload_type(
    "EvaluationCreatePayload",
    "evaluation",
    Evaluation,
    EvaluationUserError,
    "Result of evaluationCreate.",
)
EvaluationUpdatePayload = payload_type(
    "EvaluationUpdatePayload",
    "evaluation",
    Evaluation,
    EvaluationUserError,
    "Result of evaluationUpdate.",
)
EvaluationSubmitPayload = payload_type(
    "EvaluationSubmitPayload",
    "evaluation",
    Evaluation,
    EvaluationUserError,
    "Result of evaluationSubmit.",
)
EvaluationPublishPayload = payload_type(
    "EvaluationPublishPayload",
    "evaluation",
    Evaluation,
    EvaluationUserError,
    "Result of evaluationPublish.",
)
EvaluationRevokePayload = payload_type(
    "EvaluationRevokePayload",
    "evaluation",
    Evaluation,
    EvaluationUserError,
    "Result of evaluationRevoke.",
)
