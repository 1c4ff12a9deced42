"""The evaluation lifecycle over HTTP: create, submit, publish (superseding), revoke."""

from __future__ import annotations

from typing import Any

from fixtures.factories import make_project
from portal.database.models import AuditEntry, Credential, Evaluation, Institution, Project
from tests.conftest import GraphQLClient

CREATE = """mutation($in: EvaluationCreateInput!) { evaluationCreate(input: $in) {
  evaluation { id revision version status maturityLevel { number } risk { rating factors { kind rating } } panel { name } }
  userErrors { field code message } } }"""
STEP = """mutation($in: EvaluationTransitionInput!) { %s(input: $in) {
  evaluation { id revision status publishedAt } userErrors { field code message } } }"""
REVOKE = """mutation($in: EvaluationRevokeInput!) { evaluationRevoke(input: $in) {
  evaluation { id status revocation { reason } } userErrors { field code message } } }"""


def content(project: str, credential: str, **overrides: Any) -> dict[str, Any]:
    """A valid evaluation input."""
    data = {
        "project": project,
        "credential": credential,
        "evaluatedOn": "2026-10-01",
        "maturityLevel": 7,
        "maturityEvidence": "Field test report",
        "advancement": {"grade": "DOMESTIC_LEADING", "score": 82},
        "industrialization": {"score": 70, "statement": "Pilot line ready"},
        "marketValue": {"low": "12000000", "high": "18000000.50", "method": "INCOME"},
        "risk": {
            "rating": "MEDIUM",
            "factors": [
                {"kind": "TECHNICAL", "rating": "LOW"},
                {"kind": "MARKET", "rating": "HIGH", "note": "new entrants"},
            ],
        },
        "panel": [{"name": "Expert One", "role": "EXPERT", "affiliation": "Tianjin University"}],
        "summary": "Test evaluation",
    }
    data.update(overrides)
    return data


async def pilot_client(as_role: Any, gql: GraphQLClient) -> tuple[GraphQLClient, str, str]:
    """An INSTITUTION client of the pilot institute, a fresh project's ID and the pilot credential's ID."""
    pilot = await Institution.get(kind="PILOT")
    client = await as_role("INSTITUTION", institution_id=pilot.id)
    project = await make_project(title="Evaluation lifecycle project", field="NEW_MATERIALS")
    found = await gql.data(
        '{ projects(filter: {search: "Evaluation lifecycle project"}, orderBy: {field: ID, direction: DESC}, first: 1) { edges { node { id } } } }'
    )
    credential = await Credential.get(number="HB-EVAL-P-2022-001")
    creds = await client.data("{ viewer { institution { credentials { id number } } } }")
    cred_id = next(
        c["id"]
        for c in creds["viewer"]["institution"]["credentials"]
        if c["number"] == credential.number
    )
    assert project.title == "Evaluation lifecycle project"
    return client, found["projects"]["edges"][0]["node"]["id"], cred_id


async def test_evaluation_lifecycle_supersedes_and_updates_latest(
    as_role: Any, gql: GraphQLClient
) -> None:
    # given
    pilot, project_id, credential_id = await pilot_client(as_role, gql)
    audit_before = await AuditEntry.all().count()
    # when: two versions are created, submitted and published in turn
    published = []
    for level in (6, 8):
        created = (
            await pilot.data(
                CREATE, {"in": content(project_id, credential_id, maturityLevel=level)}
            )
        )["evaluationCreate"]
        assert created["userErrors"] == [] and created["evaluation"]["status"] == "DRAFT"
        ev = created["evaluation"]
        hidden = await gql.data("query($id: ID!) { node(id: $id) { id } }", {"id": ev["id"]})
        assert hidden["node"] is None, "drafts are invisible to the public"
        submitted = (
            await pilot.data(
                STEP % "evaluationSubmit", {"in": {"id": ev["id"], "revision": ev["revision"]}}
            )
        )["evaluationSubmit"]
        done = (
            await pilot.data(
                STEP % "evaluationPublish",
                {"in": {"id": ev["id"], "revision": submitted["evaluation"]["revision"]}},
            )
        )["evaluationPublish"]
        assert done["userErrors"] == [] and done["evaluation"]["status"] == "PUBLISHED"
        published.append(done["evaluation"])
    # then
    project = await gql.data(
        """query($id: ID!) { node(id: $id) { ... on Project {
        latestEvaluation { id version maturityLevel { number } } evaluations { version status } } } }""",
        {"id": project_id},
    )
    assert project["node"]["latestEvaluation"]["id"] == published[1]["id"]
    assert project["node"]["latestEvaluation"]["maturityLevel"]["number"] == 8
    assert project["node"]["evaluations"] == [
        {"version": 2, "status": "PUBLISHED"},
        {"version": 1, "status": "SUPERSEDED"},
    ]
    row = await Project.get(title="Evaluation lifecycle project")
    assert row.latest_maturity == 8 and row.latest_value_high_fen == 1800000050
    assert (
        await AuditEntry.all().count() == audit_before + 7
    )  # 2x create, submit, publish, and 1 supersede


async def test_evaluation_revoke_leaves_project_without_current(
    as_role: Any, gql: GraphQLClient
) -> None:
    # given
    pilot, project_id, credential_id = await pilot_client(as_role, gql)
    ev = (await pilot.data(CREATE, {"in": content(project_id, credential_id)}))["evaluationCreate"][
        "evaluation"
    ]
    sub = (
        await pilot.data(
            STEP % "evaluationSubmit", {"in": {"id": ev["id"], "revision": ev["revision"]}}
        )
    )["evaluationSubmit"]["evaluation"]
    pub = (
        await pilot.data(
            STEP % "evaluationPublish", {"in": {"id": ev["id"], "revision": sub["revision"]}}
        )
    )["evaluationPublish"]["evaluation"]
    # when
    revoked = (
        await pilot.data(
            REVOKE,
            {"in": {"id": ev["id"], "revision": pub["revision"], "reason": "Test data was wrong"}},
        )
    )["evaluationRevoke"]
    # then
    assert revoked["evaluation"]["status"] == "REVOKED"
    assert revoked["evaluation"]["revocation"]["reason"] == "Test data was wrong"
    project = await gql.data(
        "query($id: ID!) { node(id: $id) { ... on Project { latestEvaluation { id } evaluations { status } } } }",
        {"id": project_id},
    )
    assert project["node"]["latestEvaluation"] is None
    assert project["node"]["evaluations"] == [{"status": "REVOKED"}]


async def test_evaluation_publish_refused_when_credential_not_valid_on_date(
    as_role: Any, gql: GraphQLClient
) -> None:
    # given: Zhongxin's credential was suspended on 2024-06-01
    zhongxin = await Institution.get(name_en__startswith="Baoding Zhongxin")
    client = await as_role("INSTITUTION", institution_id=zhongxin.id)
    project = await make_project(title="Suspended credential project", field="NEW_ENERGY")
    ids = await client.data("""query { viewer { institution { credentials { id } } }
        projects(filter: {search: "Suspended credential project"}, first: 1) { edges { node { id } } } }""")
    cred = ids["viewer"]["institution"]["credentials"][0]["id"]
    pid = ids["projects"]["edges"][0]["node"]["id"]
    ev = (await client.data(CREATE, {"in": content(pid, cred, evaluatedOn="2024-06-01")}))[
        "evaluationCreate"
    ]["evaluation"]
    sub = (
        await client.data(
            STEP % "evaluationSubmit", {"in": {"id": ev["id"], "revision": ev["revision"]}}
        )
    )["evaluationSubmit"]["evaluation"]
    # when
    refused = (
        await client.data(
            STEP % "evaluationPublish", {"in": {"id": ev["id"], "revision": sub["revision"]}}
        )
    )["evaluationPublish"]
    # then
    assert refused["evaluation"] is None
    assert refused["userErrors"][0]["code"] == "CREDENTIAL_NOT_VALID"
    assert (
        await Evaluation.get(
            id=int(__import__("base64").b64decode(ev["id"]).decode().split(":")[1])
        )
    ).status == "SUBMITTED"
    assert (await Project.get(id=project.id)).latest_evaluation_id is None
