"""Inputs and payloads of the administrator mutations."""

from __future__ import annotations

import datetime

import strawberry

from schema.admin.types import ApiToken
from schema.enums import (
    ChainStage,
    City,
    EvaluationPurpose,
    InstitutionKind,
    OrganizationKind,
    OrganizationLabel,
    ProjectKind,
    Role,
    TechnologyField,
)
from schema.institutions.types import Credential, Institution
from schema.mutations import payload_type, user_error_type
from schema.projects.types import Organization, Project


@strawberry.input(description="A new evaluation institution.")
class InstitutionRegisterInput:
    """An institution."""

    name: str = strawberry.field(
        description="Unique name in Chinese (the primary language), 1 to 200 characters."
    )
    name_en: str | None = strawberry.field(
        default=None, description="Name in English, up to 200 characters; empty when omitted."
    )
    kind: InstitutionKind = strawberry.field(description="Kind of institution.")
    city: City = strawberry.field(description="City of its seat.")
    description: str | None = strawberry.field(default=None, description="Short description.")
    description_en: str | None = strawberry.field(
        default=None,
        description="Description in English, up to 5,000 characters; empty when omitted.",
    )
    website: str | None = strawberry.field(default=None, description="Website address.")


@strawberry.input(description="A new credential for an institution; it is ACTIVE from validFrom.")
class CredentialIssueInput:
    """A credential."""

    institution: strawberry.ID = strawberry.field(description="Global ID of the institution.")
    number: str = strawberry.field(description="Unique credential number.")
    issuing_authority: str = strawberry.field(description="Authority issuing it.")
    issuing_authority_en: str | None = strawberry.field(
        default=None,
        description="Issuing authority in English, up to 200 characters; empty when omitted.",
    )
    fields: list[TechnologyField] = strawberry.field(
        description="Technology fields in scope (at least one)."
    )
    purposes: list[EvaluationPurpose] = strawberry.field(
        description="Purposes evaluations may be made for."
    )
    valid_from: datetime.date = strawberry.field(description="First day of validity.")
    valid_until: datetime.date = strawberry.field(
        description="Last day of validity, after validFrom."
    )


@strawberry.input(description="A change of a credential's status, recorded in its history.")
class CredentialChangeInput:
    """A status change."""

    id: strawberry.ID = strawberry.field(description="Global ID of the credential.")
    revision: int = strawberry.field(description="The revision you read; a stale one is refused.")
    reason: str = strawberry.field(description="Why (1 to 2,000 characters).")
    reason_en: str | None = strawberry.field(
        default=None, description="Why in English, up to 2,000 characters; empty when omitted."
    )
    effective_on: datetime.date | None = strawberry.field(
        default=None, description="Day the change takes effect; today when omitted."
    )


@strawberry.input(description="Revocation of a credential.")
class CredentialRevokeInput(CredentialChangeInput):
    """A revocation."""

    revoke_published_evaluations: bool = strawberry.field(
        default=False,
        description="Also revoke every PUBLISHED evaluation made under it (for fraud).",
    )


@strawberry.input(description="A new organization owning projects.")
class OrganizationRegisterInput:
    """An organization."""

    name: str = strawberry.field(description="Registered name in Chinese, 1 to 200 characters.")
    name_en: str | None = strawberry.field(
        default=None,
        description="Registered name in English, up to 200 characters; empty when omitted.",
    )
    kind: OrganizationKind = strawberry.field(description="Kind.")
    credit_code: str = strawberry.field(
        description="Unified social credit code: 18 characters with a valid check character."
    )
    city: City = strawberry.field(description="City of registration.")
    labels: list[OrganizationLabel] | None = strawberry.field(
        default=None, description="Labels held."
    )


@strawberry.input(description="Counts of intellectual property.")
class IntellectualPropertyInput:
    """IP counts."""

    invention_patents: int | None = strawberry.field(
        default=None, description="Granted invention patents (0 to 100,000)."
    )
    utility_patents: int | None = strawberry.field(
        default=None, description="Granted utility-model patents."
    )
    software_copyrights: int | None = strawberry.field(
        default=None, description="Registered software copyrights."
    )
    pending_applications: int | None = strawberry.field(
        default=None, description="Pending patent applications."
    )


@strawberry.input(description="A new project or achievement.")
class ProjectRegisterInput:
    """A project."""

    owner: strawberry.ID = strawberry.field(description="Global ID of the owning organization.")
    kind: ProjectKind = strawberry.field(description="Kind.")
    title: str = strawberry.field(description="Title in Chinese, 1 to 300 characters.")
    title_en: str | None = strawberry.field(
        default=None, description="Title in English, up to 300 characters; empty when omitted."
    )
    summary: str | None = strawberry.field(default=None, description="Summary.")
    summary_en: str | None = strawberry.field(
        default=None, description="Summary in English, up to 5,000 characters; empty when omitted."
    )
    keywords: list[str] | None = strawberry.field(default=None, description="Up to 20 keywords.")
    keywords_en: list[str] | None = strawberry.field(
        default=None, description="Up to 20 keywords in English."
    )
    field: TechnologyField = strawberry.field(description="Technology field.")
    city: City = strawberry.field(description="City.")
    stage: ChainStage = strawberry.field(description="Chain stage.")
    intellectual_property: IntellectualPropertyInput | None = strawberry.field(
        default=None, description="IP counts."
    )


@strawberry.input(description="A new API token.")
class TokenCreateInput:
    """A token."""

    name: str = strawberry.field(description="What the token is for.")
    role: Role = strawberry.field(description="Role it grants.")
    institution: strawberry.ID | None = strawberry.field(
        default=None, description="For INSTITUTION tokens: the institution (global ID)."
    )
    department: strawberry.ID | None = strawberry.field(
        default=None, description="For GOVERNMENT tokens: the department (global ID)."
    )


@strawberry.input(description="A token to revoke.")
class TokenRevokeInput:
    """A token revocation."""

    id: strawberry.ID = strawberry.field(description="Global ID of the token.")


AdminUserError = user_error_type("AdminUserError", "administration")
InstitutionRegisterPayload = payload_type(
    "InstitutionRegisterPayload",
    "institution",
    Institution,
    AdminUserError,
    "Result of institutionRegister.",
)
CredentialIssuePayload = payload_type(
    "CredentialIssuePayload", "credential", Credential, AdminUserError, "Result of credentialIssue."
)
CredentialSuspendPayload = payload_type(
    "CredentialSuspendPayload",
    "credential",
    Credential,
    AdminUserError,
    "Result of credentialSuspend.",
)
CredentialReinstatePayload = payload_type(
    "CredentialReinstatePayload",
    "credential",
    Credential,
    AdminUserError,
    "Result of credentialReinstate.",
)
CredentialRevokePayload = payload_type(
    "CredentialRevokePayload",
    "credential",
    Credential,
    AdminUserError,
    "Result of credentialRevoke.",
)
OrganizationRegisterPayload = payload_type(
    "OrganizationRegisterPayload",
    "organization",
    Organization,
    AdminUserError,
    "Result of organizationRegister.",
)
ProjectRegisterPayload = payload_type(
    "ProjectRegisterPayload", "project", Project, AdminUserError, "Result of projectRegister."
)
TokenRevokePayload = payload_type(
    "TokenRevokePayload", "token", ApiToken, AdminUserError, "Result of tokenRevoke."
)


@strawberry.type(description="Result of tokenCreate: the token and, once only, its secret.")
class TokenCreatePayload:
    """A new token with its secret."""

    token: ApiToken | None = strawberry.field(description="The token; null when refused.")
    secret: str | None = strawberry.field(
        default=None, description="The bearer secret. Shown only now; store it safely."
    )
    user_errors: list[AdminUserError] = strawberry.field(
        default_factory=list, description="Problems with the input; empty on success."
    )  # type: ignore[valid-type]
    _error_type = AdminUserError
    _noun = "token"
