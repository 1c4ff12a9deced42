"""Administrator mutations: accreditation, registration and tokens."""

from __future__ import annotations

from typing import Annotated, Any

import strawberry

from portal.vocabulary import CredentialStatus
from resolvers import admin_writes, token_writes
from schema.admin import inputs as i
from schema.admin.types import ApiToken
from schema.context import Info
from schema.institutions.types import Credential, Institution
from schema.mutations import run
from schema.permissions import requires
from schema.projects.types import Organization, Project
from schema.relay import as_filter, decode_input

IDS = {"institution": "Institution", "owner": "Organization", "department": "Department"}


def _data(value: Any, id_type: str | None = None) -> dict[str, Any]:
    ids = dict(IDS, id=id_type) if id_type else IDS
    return decode_input(as_filter(value), ids)


def _arg(description: str) -> Any:
    return strawberry.argument(description=description)


@strawberry.type
class AdminMutation:
    """Administrator writes."""

    @strawberry.mutation(
        description="Register an evaluation institution.",
        permission_classes=[requires("institutionRegister")],
    )
    async def institution_register(
        self, info: Info, input: Annotated[i.InstitutionRegisterInput, _arg("The institution.")]
    ) -> i.InstitutionRegisterPayload:  # type: ignore[valid-type]
        """Register an institution."""
        return await run(
            info,
            i.InstitutionRegisterPayload,
            Institution.from_model,
            lambda: admin_writes.register_institution(info.context.identity, _data(input)),
        )

    @strawberry.mutation(
        description="Issue an ACTIVE credential to an institution.",
        permission_classes=[requires("credentialIssue")],
    )
    async def credential_issue(
        self, info: Info, input: Annotated[i.CredentialIssueInput, _arg("The credential.")]
    ) -> i.CredentialIssuePayload:  # type: ignore[valid-type]
        """Issue a credential."""
        return await run(
            info,
            i.CredentialIssuePayload,
            Credential.from_model,
            lambda: admin_writes.issue_credential(info.context.identity, _data(input)),
        )

    @strawberry.mutation(
        description="Suspend an ACTIVE credential.",
        permission_classes=[requires("credentialSuspend")],
    )
    async def credential_suspend(
        self,
        info: Info,
        input: Annotated[
            i.CredentialChangeInput, _arg("The credential, its revision and the reason.")
        ],
    ) -> i.CredentialSuspendPayload:  # type: ignore[valid-type]
        """Suspend a credential."""
        return await run(
            info,
            i.CredentialSuspendPayload,
            Credential.from_model,
            lambda: admin_writes.change_credential(
                info.context.identity,
                _data(input, "Credential"),
                "credentialSuspend",
                (CredentialStatus.ACTIVE,),
                CredentialStatus.SUSPENDED,
            ),
        )

    @strawberry.mutation(
        description="Reinstate a SUSPENDED credential.",
        permission_classes=[requires("credentialReinstate")],
    )
    async def credential_reinstate(
        self,
        info: Info,
        input: Annotated[
            i.CredentialChangeInput, _arg("The credential, its revision and the reason.")
        ],
    ) -> i.CredentialReinstatePayload:  # type: ignore[valid-type]
        """Reinstate a credential."""
        return await run(
            info,
            i.CredentialReinstatePayload,
            Credential.from_model,
            lambda: admin_writes.change_credential(
                info.context.identity,
                _data(input, "Credential"),
                "credentialReinstate",
                (CredentialStatus.SUSPENDED,),
                CredentialStatus.ACTIVE,
            ),
        )

    @strawberry.mutation(
        description="Revoke an ACTIVE or SUSPENDED credential, optionally revoking every evaluation published under it.",
        permission_classes=[requires("credentialRevoke")],
    )
    async def credential_revoke(
        self,
        info: Info,
        input: Annotated[
            i.CredentialRevokeInput,
            _arg("The credential, its revision, the reason and whether to revoke its evaluations."),
        ],
    ) -> i.CredentialRevokePayload:  # type: ignore[valid-type]
        """Revoke a credential."""
        return await run(
            info,
            i.CredentialRevokePayload,
            Credential.from_model,
            lambda: admin_writes.change_credential(
                info.context.identity,
                _data(input, "Credential"),
                "credentialRevoke",
                (CredentialStatus.ACTIVE, CredentialStatus.SUSPENDED),
                CredentialStatus.REVOKED,
            ),
        )

    @strawberry.mutation(
        description="Register an organization that owns projects.",
        permission_classes=[requires("organizationRegister")],
    )
    async def organization_register(
        self, info: Info, input: Annotated[i.OrganizationRegisterInput, _arg("The organization.")]
    ) -> i.OrganizationRegisterPayload:  # type: ignore[valid-type]
        """Register an organization."""
        return await run(
            info,
            i.OrganizationRegisterPayload,
            Organization.from_model,
            lambda: admin_writes.register_organization(info.context.identity, _data(input)),
        )

    @strawberry.mutation(
        description="Register a project or achievement.",
        permission_classes=[requires("projectRegister")],
    )
    async def project_register(
        self, info: Info, input: Annotated[i.ProjectRegisterInput, _arg("The project.")]
    ) -> i.ProjectRegisterPayload:  # type: ignore[valid-type]
        """Register a project."""
        return await run(
            info,
            i.ProjectRegisterPayload,
            Project.from_model,
            lambda: admin_writes.register_project(info.context.identity, _data(input)),
        )

    @strawberry.mutation(
        description="Issue an API token; its secret is returned once.",
        permission_classes=[requires("tokenCreate")],
    )
    async def token_create(
        self,
        info: Info,
        input: Annotated[i.TokenCreateInput, _arg("The token's name, role and binding.")],
    ) -> i.TokenCreatePayload:
        """Issue a token."""
        return await run(
            info,
            i.TokenCreatePayload,
            lambda pair: ApiToken.from_model(pair[0]),
            lambda: token_writes.issue_token(info.context.identity, _data(input)),
            extra=lambda pair: {"secret": pair[1]},
        )

    @strawberry.mutation(
        description="Revoke an API token for good.", permission_classes=[requires("tokenRevoke")]
    )
    async def token_revoke(
        self, info: Info, input: Annotated[i.TokenRevokeInput, _arg("The token.")]
    ) -> i.TokenRevokePayload:  # type: ignore[valid-type]
        """Revoke a token."""
        return await run(
            info,
            i.TokenRevokePayload,
            ApiToken.from_model,
            lambda: token_writes.withdraw_token(info.context.identity, _data(input, "ApiToken")),
        )
