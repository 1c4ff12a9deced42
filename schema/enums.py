"""The domain vocabularies of `portal.vocabulary`, exposed as GraphQL enums.

Values stay the stable codes clients send (`SHIJIAZHUANG`); each value's description gives
its Chinese and English names from `portal.vocabulary.term` ("石家庄市 · Shijiazhuang").
"""

from __future__ import annotations

from enum import Enum, StrEnum
from typing import TypeVar

import strawberry

from portal import vocabulary as v

E = TypeVar("E", bound=type[StrEnum])


def bilingual_enum(vocabulary: E, description: str) -> E:
    """Wrap a vocabulary as a GraphQL enum whose every value is described in both languages."""
    wrapped = strawberry.enum(vocabulary, description=description)
    for value in wrapped.__strawberry_definition__.values:  # type: ignore[attr-defined]
        names = v.term(vocabulary(value.value))
        value.description = f"{names.zh} · {names.en}"
    return wrapped


City = bilingual_enum(
    v.City, description="Hebei's eleven prefecture-level cities and the Xiong'an New Area."
)
TechnologyField = bilingual_enum(
    v.TechnologyField, description="Technology field of a project or of a credential's scope."
)
ChainStage = bilingual_enum(
    v.ChainStage, description="Stage on the chain from concept proposal to application, in order."
)
MaturityPhase = bilingual_enum(
    v.MaturityPhase,
    description="Phase of development a maturity level belongs to, from concept to market.",
)
ProjectKind = bilingual_enum(
    v.ProjectKind, description="Whether a record is an R&D project or a scientific achievement."
)
OrganizationKind = bilingual_enum(
    v.OrganizationKind, description="Kind of organization that owns projects."
)
OrganizationLabel = bilingual_enum(
    v.OrganizationLabel, description="Recognition held by an organization."
)
InstitutionKind = bilingual_enum(
    v.InstitutionKind,
    description="Kind of evaluation institution: the provincial pilot, a university technology-transfer office, or a third party.",
)
CredentialStatus = bilingual_enum(
    v.CredentialStatus, description="Status of an evaluation credential."
)
EvaluationPurpose = bilingual_enum(
    v.EvaluationPurpose, description="Purpose an evaluation may be made for under a credential."
)
EvaluationStatus = bilingual_enum(
    v.EvaluationStatus,
    description="Lifecycle status of an evaluation. Only PUBLISHED, SUPERSEDED and REVOKED evaluations are public.",
)
AdvancementGrade = bilingual_enum(
    v.AdvancementGrade, description="Grade of technological advancement, best first."
)
ValuationMethod = bilingual_enum(v.ValuationMethod, description="Method behind a market valuation.")
RiskRating = bilingual_enum(
    v.RiskRating, description="Transformation risk, from least (LOW) to most severe (VERY_HIGH)."
)
RiskFactorKind = bilingual_enum(v.RiskFactorKind, description="Dimension of transformation risk.")
PanelRole = bilingual_enum(v.PanelRole, description="Role of a person on an evaluation panel.")
PolicyInstrument = bilingual_enum(
    v.PolicyInstrument, description="Instrument of the support-policy toolkit."
)
PolicyStatus = bilingual_enum(
    v.PolicyStatus,
    description="Lifecycle status of a support policy. Only PUBLISHED and CLOSED policies are public.",
)
Role = bilingual_enum(
    v.Role,
    description="Role an API token is bound to; callers without a token are the public.",
)


@strawberry.enum(description="Direction of an ordering.")
class OrderDirection(Enum):
    """Direction of an ordering."""

    ASC = strawberry.enum_value("ASC", description="Ascending: smallest first.")
    DESC = strawberry.enum_value("DESC", description="Descending: largest first.")
