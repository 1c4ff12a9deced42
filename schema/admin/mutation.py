"""Administrator mutations: accreditation, registration and tokens."""

from __future__ import annotations

from typing import Any

import strawberry

from portal.auth import Identity
from portal.vocabulary import CredentialStatus as S
from resolvers import admin_writes, token_writes
from schema.admin import inputs as i
from schema.admin.types import ApiToken
from schema.institutions.types import Credential, Institution
from schema.mutations import Writer, write_field
from schema.projects.types import Organization, Project

IDS = {"institution": "Institution", "owner": "Organization", "department": "Department"}
CHANGE = "The credential, its revision and the reason."


def credential_change(action: str, allowed: tuple[S, ...], to: S) -> Writer:
    """A writer moving a credential from one of `allowed` to `to`."""

    async def write(identity: Identity, data: dict[str, Any]) -> Any:
        return await admin_writes.change_credential(identity, data, action, allowed, to)

    return write


@strawberry.type
class AdminMutation:
    """Administrator writes."""

    institution_register = write_field(
        action="institutionRegister",
        input_type=i.InstitutionRegisterInput,
        payload=i.InstitutionRegisterPayload,
        wrap=Institution.from_model,
        writer=admin_writes.register_institution,
        ids=IDS,
        description="Register an evaluation institution.",
        input_description="The institution.",
    )
    credential_issue = write_field(
        action="credentialIssue",
        input_type=i.CredentialIssueInput,
        payload=i.CredentialIssuePayload,
        wrap=Credential.from_model,
        writer=admin_writes.issue_credential,
        ids=IDS,
        description="Issue an ACTIVE credential to an institution.",
        input_description="The credential.",
    )
    credential_suspend = write_field(
        action="credentialSuspend",
        input_type=i.CredentialChangeInput,
        payload=i.CredentialSuspendPayload,
        wrap=Credential.from_model,
        writer=credential_change("credentialSuspend", (S.ACTIVE,), S.SUSPENDED),
        ids=IDS | {"id": "Credential"},
        description="Suspend an ACTIVE credential.",
        input_description=CHANGE,
    )
    credential_reinstate = write_field(
        action="credentialReinstate",
        input_type=i.CredentialChangeInput,
        payload=i.CredentialReinstatePayload,
        wrap=Credential.from_model,
        writer=credential_change("credentialReinstate", (S.SUSPENDED,), S.ACTIVE),
        ids=IDS | {"id": "Credential"},
        description="Reinstate a SUSPENDED credential.",
        input_description=CHANGE,
    )
    credential_revoke = write_field(
        action="credentialRevoke",
        input_type=i.CredentialRevokeInput,
        payload=i.CredentialRevokePayload,
        wrap=Credential.from_model,
        writer=credential_change("credentialRevoke", (S.ACTIVE, S.SUSPENDED), S.REVOKED),
        ids=IDS | {"id": "Credential"},
        description="Revoke an ACTIVE or SUSPENDED credential, optionally revoking every evaluation published under it.",
        input_description="The credential, its revision, the reason and whether to revoke its evaluations.",
    )
    organization_register = write_field(
        action="organizationRegister",
        input_type=i.OrganizationRegisterInput,
        payload=i.OrganizationRegisterPayload,
        wrap=Organization.from_model,
        writer=admin_writes.register_organization,
        ids=IDS,
        description="Register an organization that owns projects.",
        input_description="The organization.",
    )
    project_register = write_field(
        action="projectRegister",
        input_type=i.ProjectRegisterInput,
        payload=i.ProjectRegisterPayload,
        wrap=Project.from_model,
        writer=admin_writes.register_project,
        ids=IDS,
        description="Register a project or achievement.",
        input_description="The project.",
    )
    token_create = write_field(
        action="tokenCreate",
        input_type=i.TokenCreateInput,
        payload=i.TokenCreatePayload,
        wrap=lambda pair: ApiToken.from_model(pair[0]),
        writer=token_writes.issue_token,
        ids=IDS,
        extra=lambda pair: {"secret": pair[1]},
        description="Issue an API token; its secret is returned once.",
        input_description="The token's name, role and binding.",
    )
    token_revoke = write_field(
        action="tokenRevoke",
        input_type=i.TokenRevokeInput,
        payload=i.TokenRevokePayload,
        wrap=ApiToken.from_model,
        writer=token_writes.withdraw_token,
        ids=IDS | {"id": "ApiToken"},
        description="Revoke an API token for good.",
        input_description="The token.",
    )
