"""Administrator mutations: what each one writes, and the typed errors it gives."""

from __future__ import annotations

from typing import Any

from fixtures.factories import make_credential, make_evaluation, make_project
from portal.database.models import Credential, Evaluation, Organization, Project
from schema.relay import to_global_id
from tests.conftest import GraphQLClient
from tests.mutation_cases import World, row_counts

REVOKE = """mutation($in: CredentialRevokeInput!) { credentialRevoke(input: $in) {
  credential { status revision statusHistory { status reason } } userErrors { field code } } }"""
SUSPEND = """mutation($in: CredentialChangeInput!) { credentialSuspend(input: $in) {
  credential { status statusHistory { status effectiveOn reason } } userErrors { field code } } }"""


async def test_credential_revoke_can_revoke_its_published_evaluations(
    as_role: Any, gql: GraphQLClient
) -> None:
    # given: a credential with a published evaluation that is its project's current one
    world = await World.load()
    credential = await make_credential(world.sandbox_id)
    project = await make_project(title="Fraud cascade project")
    evaluation = await make_evaluation(project.id, credential, status="PUBLISHED")
    assert (await Project.get(id=project.id)).latest_evaluation_id == evaluation.id
    admin = await as_role("ADMIN")
    # when
    body = await admin.data(
        REVOKE,
        {
            "in": {
                "id": to_global_id("Credential", credential.id),
                "revision": 1,
                "reason": "Fabricated test reports",
                "revokePublishedEvaluations": True,
            }
        },
    )
    # then
    result = body["credentialRevoke"]
    assert result["userErrors"] == [] and result["credential"]["status"] == "REVOKED"
    assert result["credential"]["statusHistory"][-1] == {
        "status": "REVOKED",
        "reason": "Fabricated test reports",
    }
    revoked = await Evaluation.get(id=evaluation.id)
    assert revoked.status == "REVOKED" and "Fabricated test reports" in (
        revoked.revocation_reason or ""
    )
    public = await gql.data(
        "query($id: ID!) { node(id: $id) { ... on Project { latestEvaluation { id } evaluations { status } } } }",
        {"id": to_global_id("Project", project.id)},
    )
    assert public["node"] == {"latestEvaluation": None, "evaluations": [{"status": "REVOKED"}]}


async def test_credential_revoke_without_cascade_leaves_evaluations(as_role: Any) -> None:
    # given
    world = await World.load()
    credential = await make_credential(world.sandbox_id)
    project = await make_project(title="No cascade project")
    evaluation = await make_evaluation(project.id, credential, status="PUBLISHED")
    # when
    await (await as_role("ADMIN")).data(
        REVOKE,
        {
            "in": {
                "id": to_global_id("Credential", credential.id),
                "revision": 1,
                "reason": "Closed down",
            }
        },
    )
    # then
    assert (await Evaluation.get(id=evaluation.id)).status == "PUBLISHED"


async def test_credential_suspend_records_history_and_refuses_twice(as_role: Any) -> None:
    # given
    world = await World.load()
    credential = await make_credential(world.sandbox_id)
    admin = await as_role("ADMIN")
    gid = to_global_id("Credential", credential.id)
    # when
    first = await admin.data(
        SUSPEND, {"in": {"id": gid, "revision": 1, "reason": "Audit", "effectiveOn": "2026-11-01"}}
    )
    again = await admin.data(SUSPEND, {"in": {"id": gid, "revision": 2, "reason": "Audit again"}})
    # then
    assert first["credentialSuspend"]["credential"]["statusHistory"][-1] == {
        "status": "SUSPENDED",
        "effectiveOn": "2026-11-01",
        "reason": "Audit",
    }
    assert again["credentialSuspend"] == {
        "credential": None,
        "userErrors": [{"field": ["id"], "code": "INVALID_STATUS"}],
    }
    assert (await Credential.get(id=credential.id)).status == "SUSPENDED"


async def test_organization_register_checks_the_credit_code(as_role: Any) -> None:
    # given
    admin = await as_role("ADMIN")
    existing = await Organization.all().order_by("id").first()
    assert existing is not None
    wrong_check = existing.credit_code[:-1] + ("0" if existing.credit_code[-1] != "0" else "1")
    doc = "mutation($in: OrganizationRegisterInput!) { organizationRegister(input: $in) { organization { id } userErrors { field code message } } }"
    before = await row_counts()
    # when
    answers = [
        (
            await admin.data(
                doc,
                {
                    "in": {
                        "name": "Checksum Co",
                        "kind": "ENTERPRISE",
                        "city": "TANGSHAN",
                        "creditCode": code,
                    }
                },
            )
        )["organizationRegister"]
        for code in (wrong_check, existing.credit_code, "91130100ABC")
    ]
    # then
    assert [a["userErrors"][0]["code"] for a in answers] == ["INVALID", "DUPLICATE", "INVALID"]
    assert all(
        a["organization"] is None and a["userErrors"][0]["field"] == ["creditCode"] for a in answers
    )
    assert "check character should be" in answers[0]["userErrors"][0]["message"]
    assert await row_counts() == before


async def test_project_register_is_public_with_its_values(as_role: Any, gql: GraphQLClient) -> None:
    # given
    owner = await Organization.all().order_by("id").first()
    assert owner is not None
    doc = """mutation($in: ProjectRegisterInput!) { projectRegister(input: $in) { project { id } userErrors { code } } }"""
    # when
    made = await (await as_role("ADMIN")).data(
        doc,
        {
            "in": {
                "owner": to_global_id("Organization", owner.id),
                "kind": "ACHIEVEMENT",
                "title": "Registered sodium-ion cell",
                "field": "NEW_ENERGY",
                "city": "ZHANGJIAKOU",
                "stage": "PILOT",
                "keywords": ["sodium", "battery"],
                "intellectualProperty": {"inventionPatents": 4},
            }
        },
    )
    # then
    node = await gql.data(
        "query($id: ID!) { node(id: $id) { ... on Project { title kind stage keywords owner { name } intellectualProperty { inventionPatents } latestEvaluation { id } } } }",
        {"id": made["projectRegister"]["project"]["id"]},
    )
    assert node["node"] == {
        "title": "Registered sodium-ion cell",
        "kind": "ACHIEVEMENT",
        "stage": "PILOT",
        "keywords": ["sodium", "battery"],
        "owner": {"name": owner.name},
        "intellectualProperty": {"inventionPatents": 4},
        "latestEvaluation": None,
    }


async def test_token_create_checks_the_binding(as_role: Any) -> None:
    # given
    world = await World.load()
    admin = await as_role("ADMIN")
    doc = "mutation($in: TokenCreateInput!) { tokenCreate(input: $in) { token { id } secret userErrors { field code } } }"
    before = await row_counts()
    # when
    unbound = await admin.data(doc, {"in": {"name": "x", "role": "INSTITUTION"}})
    misbound = await admin.data(
        doc,
        {
            "in": {
                "name": "x",
                "role": "BANK",
                "department": to_global_id("Department", world.department_id),
            }
        },
    )
    # then
    assert unbound["tokenCreate"] == {
        "token": None,
        "secret": None,
        "userErrors": [{"field": ["institution"], "code": "INVALID"}],
    }
    assert misbound["tokenCreate"]["userErrors"] == [{"field": ["role"], "code": "INVALID"}]
    assert await row_counts() == before
