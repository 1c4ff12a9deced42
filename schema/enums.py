"""The domain vocabularies of `portal.vocabulary`, exposed as GraphQL enums."""

from __future__ import annotations

from enum import Enum

import strawberry

from portal import vocabulary as v

City = strawberry.enum(
    v.City, description="Hebei's eleven prefecture-level cities and the Xiongan New Area."
)
TechnologyField = strawberry.enum(
    v.TechnologyField, description="Technology field of a project or of a credential's scope."
)
ChainStage = strawberry.enum(
    v.ChainStage, description="Stage on the chain from concept proposal to application, in order."
)
ProjectKind = strawberry.enum(
    v.ProjectKind, description="Whether a record is an R&D project or a scientific achievement."
)
OrganizationKind = strawberry.enum(
    v.OrganizationKind, description="Kind of organization that owns projects."
)
OrganizationLabel = strawberry.enum(
    v.OrganizationLabel, description="Recognition held by an organization."
)
InstitutionKind = strawberry.enum(
    v.InstitutionKind,
    description="Kind of evaluation institution: the provincial pilot, a university technology-transfer office, or a third party.",
)
CredentialStatus = strawberry.enum(
    v.CredentialStatus, description="Status of an evaluation credential."
)
EvaluationPurpose = strawberry.enum(
    v.EvaluationPurpose, description="Purpose an evaluation may be made for under a credential."
)
EvaluationStatus = strawberry.enum(
    v.EvaluationStatus,
    description="Lifecycle status of an evaluation. Only PUBLISHED, SUPERSEDED and REVOKED evaluations are public.",
)
AdvancementGrade = strawberry.enum(
    v.AdvancementGrade, description="Grade of technological advancement, best first."
)
ValuationMethod = strawberry.enum(
    v.ValuationMethod, description="Method behind a market valuation."
)
RiskRating = strawberry.enum(
    v.RiskRating, description="Transformation risk, from least (LOW) to most severe (VERY_HIGH)."
)
RiskFactorKind = strawberry.enum(v.RiskFactorKind, description="Dimension of transformation risk.")
PanelRole = strawberry.enum(v.PanelRole, description="Role of a person on an evaluation panel.")
PolicyInstrument = strawberry.enum(
    v.PolicyInstrument, description="Instrument of the support-policy toolkit."
)
PolicyStatus = strawberry.enum(
    v.PolicyStatus,
    description="Lifecycle status of a support policy. Only PUBLISHED and CLOSED policies are public.",
)


Role = strawberry.enum(
    v.Role,
    description="Role an API token is bound to; callers without a token are the public.",
)


@strawberry.enum(description="Direction of an ordering.")
class OrderDirection(Enum):
    """Direction of an ordering."""

    ASC = "ASC"
    DESC = "DESC"
