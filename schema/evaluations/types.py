"""Evaluations and the dimensions they state."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Annotated, Any

import strawberry

from portal import vocabulary as v
from resolvers.evaluations import EVALUATION_SORT_KEYS
from resolvers.select import Scope
from resolvers.sql import Sql
from resolvers.visibility import evaluation_rows
from schema.enums import (
    AdvancementGrade,
    EvaluationStatus,
    PanelRole,
    RiskFactorKind,
    RiskRating,
    ValuationMethod,
)
from schema.plan.declare import column, embedded, entity, expr, term_name, text, to_many, to_one
from schema.plan.values import BOOL
from schema.relay import Node
from schema.scales.types import MaturityLevel

if TYPE_CHECKING:
    from schema.institutions.types import Credential, Evaluator, Institution
    from schema.projects.types import Project

ProjectRef = Annotated["Project", strawberry.lazy("schema.projects.types")]
InstitutionRef = Annotated["Institution", strawberry.lazy("schema.institutions.types")]
CredentialRef = Annotated["Credential", strawberry.lazy("schema.institutions.types")]
EvaluatorRef = Annotated["Evaluator", strawberry.lazy("schema.institutions.types")]

REVISION = "Concurrency token: send it back as `revision` in a mutation that changes this object; it grows with every change, and a stale one is refused with STALE_VERSION."


def credential_valid_on_evaluation_date(scope: Scope, alias: str, _: Any) -> Sql:
    """The credential was in its validity period and ACTIVE (per its latest status change
    effective on or before the day) on the evaluation date."""
    return Sql(
        f"EXISTS (SELECT 1 FROM {scope.table('credential')} AS vc "
        f"WHERE vc.id = {alias}.credential_id "
        f"AND vc.valid_from <= {alias}.evaluated_on AND {alias}.evaluated_on <= vc.valid_until "
        f"AND (SELECT vs.status FROM {scope.table('credential_status_change')} AS vs "
        f"WHERE vs.credential_id = vc.id AND vs.effective_on <= {alias}.evaluated_on "
        "ORDER BY vs.effective_on DESC, vs.id DESC LIMIT 1) = 'ACTIVE')"
    )


def credential_covers_project_field(scope: Scope, alias: str, _: Any) -> Sql:
    """The credential's scope includes the project's technology field."""
    return Sql(
        f"EXISTS (SELECT 1 FROM {scope.table('credential_field')} AS cf "
        f"JOIN {scope.table('project')} AS cp ON cp.id = {alias}.project_id "
        f"WHERE cf.credential_id = {alias}.credential_id AND cf.field = cp.field)"
    )


@strawberry.type(description="Technological advancement: a grade and a score.")
class Advancement:
    """Technological advancement."""

    grade: AdvancementGrade = column(
        "advancement_grade", description="Grade, from INTERNATIONAL_LEADING down to ORDINARY."
    )
    score: int = column("advancement_score", description="Score from 0 to 100.")
    grade_name: str = term_name(
        "advancement_grade",
        v.AdvancementGrade,
        description="Name of `advancement_grade` in the response's language (Accept-Language: Chinese first, English second).",
    )


@strawberry.type(description="Industrialization prospect: a score and a short statement.")
class Industrialization:
    """Industrialization prospect."""

    score: int = column("industrialization_score", description="Score from 0 to 100.")
    statement: str = text(
        "industrialization_statement", description="Short statement of the prospect."
    )


@strawberry.type(description="Market value as a valuation range.")
class MarketValue:
    """A valuation range."""

    low: Decimal = column("value_low_fen", description="Low end of the valuation, in `currency`.")
    high: Decimal = column(
        "value_high_fen", description="High end of the valuation, in `currency`."
    )
    currency: str = column("currency", description="ISO 4217 currency code (CNY).")
    method: ValuationMethod = column("valuation_method", description="Valuation method.")
    method_name: str = term_name(
        "valuation_method",
        v.ValuationMethod,
        description="Name of `valuation_method` in the response's language (Accept-Language: Chinese first, English second).",
    )


@entity("risk_factor")
@strawberry.type(description="One rated dimension of transformation risk.")
class RiskFactor:
    """A risk factor."""

    kind: RiskFactorKind = column("kind", description="Dimension of risk.")
    rating: RiskRating = column("rating", description="Rating of this dimension.")
    kind_name: str = term_name(
        "kind",
        v.RiskFactorKind,
        description="Name of `kind` in the response's language (Accept-Language: Chinese first, English second).",
    )
    rating_name: str = term_name(
        "rating",
        v.RiskRating,
        description="Name of `rating` in the response's language (Accept-Language: Chinese first, English second).",
    )
    note: str = text("note", description="Evaluator's note.")


@entity("panel_member")
@strawberry.type(
    description="A member of an evaluation panel with their conflict-of-interest declaration."
)
class PanelMember:
    """A panel member."""

    name: str = text("name", description="Name.")
    affiliation: str = text(
        "affiliation",
        description="Affiliation of an outside expert; empty for the institution's own evaluator.",
    )
    role: PanelRole = column("role", description="Role on the panel.")
    role_name: str = term_name(
        "role",
        v.PanelRole,
        description="Name of `role` in the response's language (Accept-Language: Chinese first, English second).",
    )
    conflict_declared: bool = column(
        "conflict_declared", description="True when the member declared a conflict of interest."
    )
    conflict_note: str = text(
        "conflict_note", description="What the conflict is and how it was handled."
    )


@strawberry.type(description="Why and when a published evaluation was revoked.")
class Revocation:
    """A revocation."""

    reason: str = text("revocation_reason", description="Reason given for the revocation.")
    revoked_at: datetime.datetime | None = column("revoked_at", description="When it was revoked.")


@strawberry.type(description="Transformation risk of an evaluation.")
class Risk:
    """Transformation risk."""

    rating: RiskRating = column("risk_rating", description="Overall rating.")
    rating_name: str = term_name(
        "risk_rating",
        v.RiskRating,
        description="Name of `risk_rating` in the response's language (Accept-Language: Chinese first, English second).",
    )
    factors: list[RiskFactor] = to_many(
        "evaluation_id",
        order=("id",),
        description="Rated factors (technical, market, financial, policy, team).",
    )


@entity("evaluation", visible=evaluation_rows, orderings=EVALUATION_SORT_KEYS)
@strawberry.type(
    description="One version of an evaluation of a project by an accredited institution, stating advancement, maturity, industrialization prospect, market value and transformation risk."
)
class Evaluation(Node):
    """An evaluation version."""

    version: int | None = column(
        "version",
        description="Public version number within the project's evaluations, from 1, given when the evaluation is published (1 + the project's highest); null until then, so drafts reveal nothing.",
    )
    status: EvaluationStatus = column("status", description="Lifecycle status.")
    status_name: str = term_name(
        "status",
        v.EvaluationStatus,
        description="Name of `status` in the response's language (Accept-Language: Chinese first, English second).",
    )
    evaluated_on: datetime.date = column(
        "evaluated_on", description="Date the evaluation was made."
    )
    published_at: datetime.datetime | None = column(
        "published_at", description="When the evaluation was disclosed."
    )
    maturity_evidence: str = text(
        "maturity_evidence", description="Evidence for the maturity level."
    )
    advancement: Advancement = embedded(description="Technological advancement.")
    industrialization: Industrialization = embedded(description="Industrialization prospect.")
    market_value: MarketValue = embedded(description="Market value range.")
    summary: str = text("summary", description="Summary of the evaluation.")
    revocation: Revocation | None = embedded(
        present="revocation_reason", description="Set when the evaluation was revoked."
    )
    revision: int = column("revision", description=REVISION)
    project: ProjectRef = to_one("project_id", description="The project evaluated.")
    institution: InstitutionRef = to_one(
        "institution_id", description="The institution that made the evaluation."
    )
    credential: CredentialRef = to_one(
        "credential_id", description="The credential the evaluation was made under."
    )
    credential_valid_on_evaluation_date: bool = expr(
        credential_valid_on_evaluation_date,
        conv=BOOL,
        description="True when the credential was within its validity period and ACTIVE (per its status history) on the evaluation date.",
    )
    credential_covers_project_field: bool = expr(
        credential_covers_project_field,
        conv=BOOL,
        description="True when the credential's scope includes the project's technology field.",
    )
    maturity_level: MaturityLevel = to_one(
        "maturity_level_id",
        description="The level of technological maturity on the provincial 13-level scale.",
    )
    risk: Risk = embedded(description="Transformation risk: an overall rating and rated factors.")
    lead_evaluator: EvaluatorRef | None = to_one(
        "lead_evaluator_id", description="The evaluator who led the evaluation, if recorded."
    )
    panel: list[PanelMember] = to_many(
        "evaluation_id", order=("id",), description="The expert panel, lead evaluator first."
    )
