"""One valid call of every mutation, built fresh each time, for the permission matrix, the
property-based test and the concurrency test."""

from __future__ import annotations

import random
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from tortoise import Tortoise

from fixtures.factories import (
    make_credential,
    make_evaluation,
    make_policy,
    make_project,
    make_token,
)
from fixtures.generator import credit_code
from portal.database.models import Credential, Department, Institution, Organization, RateBucket
from portal.vocabulary import City, OrganizationKind
from schema.relay import to_global_id


@dataclass
class World:
    """Ids of the demo rows the cases bind to: HBST's department and the pilot institute."""

    department_id: int
    institution_id: int
    credential: Credential
    sandbox_id: int

    @classmethod
    async def load(cls) -> World:
        """Look the ids up in the demo data. Credentials the cases change belong to a sandbox
        institution, so the demo institutions keep the facts other tests read."""
        department = await Department.get(code="HBST")
        pilot = await Institution.get(kind="PILOT")
        sandbox, _ = await Institution.get_or_create(
            name="Sandbox institute for tests", defaults={"kind": "THIRD_PARTY", "city": "HENGSHUI"}
        )
        credential = await Credential.get(number="HB-EVAL-P-2022-001")
        return cls(department.id, pilot.id, credential, sandbox.id)


def _selection(noun: str) -> str:
    return f"{noun} {{ id }} userErrors {{ field code message }}"


def _doc(name: str, input_type: str, noun: str) -> str:
    return f"mutation($in: {input_type}!) {{ {name}(input: $in) {{ {_selection(noun)} }} }}"


def policy_content(**overrides: Any) -> dict[str, Any]:
    """A valid policy content input."""
    data = {
        "title": "矩阵测试政策",
        "titleEn": "Matrix policy",
        "instrument": "GRANT",
        "budget": "5000000",
        "opensOn": "2026-01-01",
        "closesOn": "2027-12-31",
        "eligibility": {"maturityLevel": {"min": 4, "max": 9}, "fields": ["NEW_MATERIALS"]},
    }
    return data | overrides


def evaluation_content(project: str, credential: str, **overrides: Any) -> dict[str, Any]:
    """A valid evaluation content input."""
    data = {
        "project": project,
        "credential": credential,
        "evaluatedOn": "2026-10-01",
        "maturityLevel": 7,
        "advancement": {"grade": "DOMESTIC_LEADING", "score": 80},
        "industrialization": {"score": 70},
        "marketValue": {"low": "1000000", "high": "2000000", "method": "INCOME"},
        "risk": {
            "rating": "MEDIUM",
            "factors": [
                {"kind": "MARKET", "rating": "HIGH", "note": "市场待验证", "noteEn": "Unproven"}
            ],
        },
        "panel": [{"name": "专家", "nameEn": "Expert", "role": "EXPERT"}],
        "summary": "矩阵测试评价",
        "summaryEn": "Matrix evaluation",
    }
    return data | overrides


async def _policy(w: World, status: str = "DRAFT") -> dict[str, Any]:
    row = await make_policy(w.department_id, status=status)
    return {"id": to_global_id("Policy", row.id), "revision": row.revision}


async def _evaluation(w: World, status: str) -> tuple[dict[str, Any], Any]:
    project = await make_project(title=f"Matrix project {uuid.uuid4().hex[:6]}")
    row = await make_evaluation(project.id, w.credential, status=status)
    return {"id": to_global_id("Evaluation", row.id), "revision": row.revision}, project


async def _evaluation_content(w: World) -> dict[str, Any]:
    project = await make_project(title=f"Matrix project {uuid.uuid4().hex[:6]}")
    return evaluation_content(
        to_global_id("Project", project.id), to_global_id("Credential", w.credential.id)
    )


async def _credential(w: World, status: str) -> dict[str, Any]:
    row = await make_credential(w.sandbox_id, status=status)
    return {
        "id": to_global_id("Credential", row.id),
        "revision": row.revision,
        "reason": "矩阵测试",
        "reasonEn": "Matrix test",
    }


async def _organization(_: World) -> dict[str, Any]:
    rng = random.Random()
    return {
        "name": f"矩阵测试企业{uuid.uuid4().hex[:6]}",
        "nameEn": "Matrix Org",
        "kind": "ENTERPRISE",
        "city": "BAODING",
        "creditCode": credit_code(rng, City.BAODING, OrganizationKind.ENTERPRISE),
        "labels": ["TECHNOLOGY_SME"],
    }


async def _project(_: World) -> dict[str, Any]:
    owner = await Organization.all().order_by("id").first()
    assert owner is not None
    return {
        "owner": to_global_id("Organization", owner.id),
        "kind": "RD_PROJECT",
        "title": "矩阵登记项目",
        "titleEn": "Matrix registered project",
        "field": "BIOMEDICINE",
        "city": "HANDAN",
        "stage": "PILOT",
        "keywords": ["疫苗", "矩阵"],
        "keywordsEn": ["vaccine", "matrix"],
    }


async def _token(_: World) -> dict[str, Any]:
    from portal.database.models import ApiToken

    await make_token("BANK")
    row = await ApiToken.filter(revoked_at__isnull=True).order_by("-id").first()
    assert row is not None
    return {"id": to_global_id("ApiToken", row.id)}


@dataclass(frozen=True)
class Case:
    """A mutation, its document, the role allowed to run it, and a builder of valid input."""

    name: str
    document: str
    role: str
    build: Callable[[World], Awaitable[dict[str, Any]]]


async def _with(
    builder: Callable[[World], Awaitable[dict[str, Any]]], extra: dict[str, Any], w: World
) -> dict[str, Any]:
    return (await builder(w)) | extra


CASES: list[Case] = [
    Case(
        "policyCreate",
        _doc("policyCreate", "PolicyCreateInput", "policy"),
        "GOVERNMENT",
        lambda w: _just(policy_content()),
    ),
    Case(
        "policyUpdate",
        _doc("policyUpdate", "PolicyUpdateInput", "policy"),
        "GOVERNMENT",
        lambda w: _with(_policy, policy_content(title="Updated"), w),
    ),
    Case(
        "policyPublish",
        _doc("policyPublish", "PolicyTransitionInput", "policy"),
        "GOVERNMENT",
        lambda w: _policy(w),
    ),
    Case(
        "policyClose",
        _doc("policyClose", "PolicyTransitionInput", "policy"),
        "GOVERNMENT",
        lambda w: _policy(w, "PUBLISHED"),
    ),
    Case(
        "policyWithdraw",
        _doc("policyWithdraw", "PolicyWithdrawInput", "policy"),
        "GOVERNMENT",
        lambda w: _with(_policy, {"reason": "矩阵测试", "reasonEn": "Matrix"}, w),
    ),
    Case(
        "evaluationCreate",
        _doc("evaluationCreate", "EvaluationCreateInput", "evaluation"),
        "INSTITUTION",
        _evaluation_content,
    ),
    Case(
        "evaluationUpdate",
        _doc("evaluationUpdate", "EvaluationUpdateInput", "evaluation"),
        "INSTITUTION",
        lambda w: _evaluation_update(w),
    ),
    Case(
        "evaluationSubmit",
        _doc("evaluationSubmit", "EvaluationTransitionInput", "evaluation"),
        "INSTITUTION",
        lambda w: _first(_evaluation(w, "DRAFT")),
    ),
    Case(
        "evaluationPublish",
        _doc("evaluationPublish", "EvaluationTransitionInput", "evaluation"),
        "INSTITUTION",
        lambda w: _first(_evaluation(w, "SUBMITTED")),
    ),
    Case(
        "evaluationRevoke",
        _doc("evaluationRevoke", "EvaluationRevokeInput", "evaluation"),
        "INSTITUTION",
        lambda w: _revocable(w),
    ),
    Case(
        "institutionRegister",
        _doc("institutionRegister", "InstitutionRegisterInput", "institution"),
        "ADMIN",
        lambda w: _just(
            {
                "name": f"矩阵测试评价机构{uuid.uuid4().hex[:6]}",
                "nameEn": "Matrix Institute",
                "kind": "THIRD_PARTY",
                "city": "HENGSHUI",
            }
        ),
    ),
    Case(
        "credentialIssue",
        _doc("credentialIssue", "CredentialIssueInput", "credential"),
        "ADMIN",
        lambda w: _just(
            {
                "institution": to_global_id("Institution", w.institution_id),
                "number": f"M-{uuid.uuid4().hex[:8]}",
                "issuingAuthority": "河北省科学技术厅",
                "issuingAuthorityEn": "Hebei Provincial Department of Science and Technology",
                "fields": ["NEW_ENERGY"],
                "purposes": ["PROJECT_EVALUATION"],
                "validFrom": "2026-01-01",
                "validUntil": "2030-12-31",
            }
        ),
    ),
    Case(
        "credentialSuspend",
        _doc("credentialSuspend", "CredentialChangeInput", "credential"),
        "ADMIN",
        lambda w: _credential(w, "ACTIVE"),
    ),
    Case(
        "credentialReinstate",
        _doc("credentialReinstate", "CredentialChangeInput", "credential"),
        "ADMIN",
        lambda w: _credential(w, "SUSPENDED"),
    ),
    Case(
        "credentialRevoke",
        _doc("credentialRevoke", "CredentialRevokeInput", "credential"),
        "ADMIN",
        lambda w: _credential(w, "ACTIVE"),
    ),
    Case(
        "organizationRegister",
        _doc("organizationRegister", "OrganizationRegisterInput", "organization"),
        "ADMIN",
        _organization,
    ),
    Case(
        "projectRegister",
        _doc("projectRegister", "ProjectRegisterInput", "project"),
        "ADMIN",
        _project,
    ),
    Case(
        "tokenCreate",
        "mutation($in: TokenCreateInput!) { tokenCreate(input: $in) { token { id } secret userErrors { field code message } } }",
        "ADMIN",
        lambda w: _just({"name": "matrix", "role": "INVESTOR"}),
    ),
    Case("tokenRevoke", _doc("tokenRevoke", "TokenRevokeInput", "token"), "ADMIN", _token),
]


async def _just(value: dict[str, Any]) -> dict[str, Any]:
    return value


async def _first(pair: Awaitable[tuple[dict[str, Any], Any]]) -> dict[str, Any]:
    return (await pair)[0]


async def _evaluation_update(w: World) -> dict[str, Any]:
    ids, project = await _evaluation(w, "DRAFT")
    return ids | evaluation_content(
        to_global_id("Project", project.id),
        to_global_id("Credential", w.credential.id),
        maturityLevel=8,
    )


async def _revocable(w: World) -> dict[str, Any]:
    return (await _evaluation(w, "PUBLISHED"))[0] | {"reason": "矩阵测试", "reasonEn": "Matrix"}


ROLES = ["ANONYMOUS", "INVESTOR", "BANK", "INSTITUTION", "GOVERNMENT", "ADMIN"]


def binding(role: str, w: World) -> dict[str, Any]:
    """How a token of `role` is bound in the cases."""
    return {
        "INSTITUTION": {"institution_id": w.institution_id},
        "GOVERNMENT": {"department_id": w.department_id},
    }.get(role, {})


async def row_counts() -> dict[str, int]:
    """Rows in every table but the rate-limit buckets, which every request touches."""
    return {
        name: await model.all().count()
        for name, model in Tortoise.apps["kilometer"].items()
        if model is not RateBucket
    }
