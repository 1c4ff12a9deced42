"""Administrator writes: accrediting institutions, credentials, registering owners and projects."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from portal.auth import Identity
from portal.credit_code import credit_code_problem
from portal.database.audit import snapshot
from portal.database.models import (
    Credential,
    CredentialField,
    CredentialStatusChange,
    Evaluation,
    Institution,
    Organization,
    OrganizationLabelGrant,
    Project,
)
from portal.vocabulary import CredentialStatus, EvaluationStatus
from resolvers.checks import Checker
from resolvers.errors import UserErrorCode, refuse
from resolvers.evaluations import refresh_latest_evaluation
from resolvers.transactions import lock, take, write_transaction
from resolvers.writes import audited, check_revision, check_status, compare_and_set


async def register_institution(identity: Identity, data: dict[str, Any]) -> Institution:
    """Register an evaluation institution."""
    check = Checker(data)
    name = check.text("name", 200)
    values = {
        "name_en": check.text("name_en", 200, required=False) or "",
        "kind": check.required("kind"),
        "city": check.required("city"),
        "description": check.text("description", 5000, required=False) or "",
        "description_en": check.text("description_en", 5000, required=False) or "",
        "website": check.text("website", 200, required=False) or "",
    }
    if name and await Institution.exists(name=name):
        check.add("name", UserErrorCode.DUPLICATE, "an institution with this name exists")
    check.done()
    async with write_transaction():
        row = await Institution.create(name=name, **values)
        return await audited(identity, "institutionRegister", row, None)


async def issue_credential(identity: Identity, data: dict[str, Any]) -> Credential:
    """Issue an ACTIVE credential to an institution."""
    check = Checker(data)
    number = check.text("number", 64)
    authority = check.text("issuing_authority", 200)
    authority_en = check.text("issuing_authority_en", 200, required=False) or ""
    valid_from, valid_until = check.day("valid_from"), check.day("valid_until")
    check.ordered("valid_from", "valid_until", valid_from, valid_until, strict=True)
    fields = check.unique("fields", data.get("fields"))
    purposes = check.unique("purposes", data.get("purposes"))
    if not fields:
        check.add("fields", UserErrorCode.REQUIRED, "a credential covers at least one field")
    if not await Institution.exists(id=data.get("institution")):
        check.add("institution", UserErrorCode.NOT_FOUND, "no such institution")
    if number and await Credential.exists(number=number):
        check.add("number", UserErrorCode.DUPLICATE, "a credential with this number exists")
    check.done()
    async with write_transaction():
        row = await Credential.create(
            institution_id=data["institution"],
            number=number,
            issuing_authority=authority,
            issuing_authority_en=authority_en,
            purposes=[str(p) for p in purposes],
            valid_from=valid_from,
            valid_until=valid_until,
            status=CredentialStatus.ACTIVE,
        )
        await CredentialField.bulk_create(
            [CredentialField(credential_id=row.id, field=f) for f in fields]
        )
        await CredentialStatusChange.create(
            credential_id=row.id,
            status=CredentialStatus.ACTIVE,
            effective_on=valid_from,
            reason="颁发资质证书",
            reason_en="Issued",
        )
        return await audited(identity, "credentialIssue", row, None)


async def change_credential(
    identity: Identity,
    data: dict[str, Any],
    action: str,
    allowed: tuple[CredentialStatus, ...],
    to: CredentialStatus,
) -> Credential:
    """Move a credential to `to`, recording the change in its history; revoking may revoke its evaluations."""
    check = Checker(data)
    reason = check.text("reason", 2000)
    reason_en = check.text("reason_en", 2000, required=False) or ""
    effective_on = check.day("effective_on", required=False) or date.today()
    check.done()
    async with write_transaction(lock(Credential, id=data["id"])):
        row = await Credential.get_or_none(id=data["id"])
        if row is None:
            raise refuse("id", UserErrorCode.NOT_FOUND, "no such credential")
        check_revision(row, data["revision"])
        check_status(row, allowed, action.removeprefix("credential").lower())
        before = snapshot(row)
        row = await compare_and_set(row, data["revision"], status=to)
        await CredentialStatusChange.create(
            credential_id=row.id,
            status=to,
            effective_on=effective_on,
            reason=reason,
            reason_en=reason_en,
        )
        if to is CredentialStatus.REVOKED and data.get("revoke_published_evaluations"):
            await _revoke_evaluations_of(identity, row, reason or "", reason_en or reason or "")
        return await audited(identity, action, row, before)


async def _revoke_evaluations_of(
    identity: Identity, credential: Credential, reason: str, reason_en: str
) -> None:
    """Revoke the credential's published evaluations, holding their projects' locks.

    evaluationPublish locks the credential before the project, as this does, so no
    publication under the credential can slip in between.
    """
    published = Evaluation.filter(credential_id=credential.id, status=EvaluationStatus.PUBLISHED)
    await take(lock(Project, id__in=await published.values_list("project_id", flat=True)))
    for evaluation in await published:
        before = snapshot(evaluation)
        evaluation = await compare_and_set(
            evaluation,
            evaluation.revision,
            status=EvaluationStatus.REVOKED,
            revoked_at=datetime.now(UTC),
            revocation_reason=f"资质证书{credential.number}已撤销：{reason}",
            revocation_reason_en=f"Credential {credential.number} revoked: {reason_en}",
        )
        await refresh_latest_evaluation(evaluation.project_id)  # type: ignore[attr-defined]
        await audited(identity, "evaluationRevoke", evaluation, before)


async def register_organization(identity: Identity, data: dict[str, Any]) -> Organization:
    """Register an organization that owns projects."""
    check = Checker(data)
    name = check.text("name", 200)
    name_en = check.text("name_en", 200, required=False) or ""
    code = (check.text("credit_code", 18) or "").upper()
    problem = credit_code_problem(code) if code else None
    if problem:
        check.add("credit_code", UserErrorCode.INVALID, problem)
    elif code and await Organization.exists(credit_code=code):
        check.add(
            "credit_code", UserErrorCode.DUPLICATE, "an organization with this credit code exists"
        )
    labels = check.unique("labels", data.get("labels"))
    values = {"kind": check.required("kind"), "city": check.required("city")}
    check.done()
    async with write_transaction():
        row = await Organization.create(name=name, name_en=name_en, credit_code=code, **values)
        await OrganizationLabelGrant.bulk_create(
            [OrganizationLabelGrant(organization_id=row.id, label=label) for label in labels]
        )
        return await audited(identity, "organizationRegister", row, None)


async def register_project(identity: Identity, data: dict[str, Any]) -> Project:
    """Register a project or achievement for an organization."""
    check = Checker(data)
    values: dict[str, Any] = {
        "title": check.text("title", 300),
        "title_en": check.text("title_en", 300, required=False) or "",
        "summary": check.text("summary", 5000, required=False) or "",
        "summary_en": check.text("summary_en", 5000, required=False) or "",
        "keywords": _keywords(check, "keywords"),
        "keywords_en": _keywords(check, "keywords_en"),
        "kind": check.required("kind"),
        "field": check.required("field"),
        "city": check.required("city"),
        "stage": check.required("stage"),
    }
    ip = Checker(data.get("intellectual_property") or {}, ("intellectualProperty",))
    for name in (
        "invention_patents",
        "utility_patents",
        "software_copyrights",
        "pending_applications",
    ):
        values[name] = ip.integer(name, 0, 100_000, required=False) or 0
    check.problems += ip.problems
    if not await Organization.exists(id=data.get("owner")):
        check.add("owner", UserErrorCode.NOT_FOUND, "no such organization")
    check.done()
    async with write_transaction():
        row = await Project.create(owner_id=data["owner"], **values)
        return await audited(identity, "projectRegister", row, None)


def _keywords(check: Checker, name: str) -> str:
    """Keywords stored as one comma-separated string; each must be free of commas."""
    keywords = [k.strip() for k in check.data.get(name) or []]
    if any(not k or "," in k or "\x00" in k or len(k) > 50 for k in keywords) or len(keywords) > 20:
        check.add(
            name, UserErrorCode.INVALID, "up to 20 keywords of 1 to 50 characters, without commas"
        )
    return ", ".join(keywords)
