"""institutions(...) and Institution fields over HTTP."""

from __future__ import annotations

from portal.database.models import Credential, CredentialField, Evaluation, Institution
from tests.conftest import GraphQLClient

QUERY = """query($f: InstitutionFilter) { institutions(filter: $f, first: 100) { totalCount edges { node {
  name kind city publishedEvaluationCount disclosedEvaluationCount revokedEvaluationCount
  credentials { number status fields statusHistory { status effectiveOn reason } validOn(date: "2024-06-01") }
  evaluators { name }
  evaluations(first: 3) { totalCount edges { node { status publishedAt } } } } } } }"""


async def test_institutions_all_three_kinds_with_counts(gql: GraphQLClient) -> None:
    # given
    institutions = await Institution.all()
    # when
    data = await gql.data(QUERY)
    nodes = {n["node"]["name"]: n["node"] for n in data["institutions"]["edges"]}
    # then
    assert len(nodes) == len(institutions) >= 15
    assert {n["kind"] for n in nodes.values()} == {"PILOT", "UNIVERSITY_TTO", "THIRD_PARTY"}
    for row in institutions:
        published = await Evaluation.filter(institution_id=row.id, status="PUBLISHED").count()
        disclosed = await Evaluation.filter(
            institution_id=row.id, status__in=["PUBLISHED", "SUPERSEDED", "REVOKED"]
        ).count()
        assert nodes[row.name]["publishedEvaluationCount"] == published
        assert nodes[row.name]["disclosedEvaluationCount"] == disclosed
        assert nodes[row.name]["evaluations"]["totalCount"] == disclosed
    assert list(nodes) == sorted(nodes)


async def test_institutions_filter_by_credential_status_and_field(gql: GraphQLClient) -> None:
    # given
    suspended = {c.institution_id for c in await Credential.filter(status="SUSPENDED")}  # type: ignore[attr-defined]
    biomed_credentials = {
        f.credential_id for f in await CredentialField.filter(field="BIOMEDICINE")
    }  # type: ignore[attr-defined]
    biomed = {c.institution_id for c in await Credential.filter(id__in=list(biomed_credentials))}  # type: ignore[attr-defined]
    # when
    by_status = await gql.data(QUERY, {"f": {"credentialStatus": ["SUSPENDED"]}})
    by_field = await gql.data(
        QUERY, {"f": {"fieldInScope": ["BIOMEDICINE"], "kind": ["UNIVERSITY_TTO"]}}
    )
    # then
    assert by_status["institutions"]["totalCount"] == len(suspended) >= 1
    suspended_node = next(
        e["node"]
        for e in by_status["institutions"]["edges"]
        if e["node"]["name"].startswith("沧州海昕")  # Cangzhou Haixin
    )
    assert [h["status"] for h in suspended_node["credentials"][0]["statusHistory"]] == [
        "ACTIVE",
        "SUSPENDED",
    ]
    universities = {i.id for i in await Institution.filter(kind="UNIVERSITY_TTO")}
    assert by_field["institutions"]["totalCount"] == len(biomed & universities) > 0


async def test_credential_valid_on_date_reads_the_history(gql: GraphQLClient) -> None:
    # when: Zhongxin's credential was suspended from 2024-04-15 to 2024-10-15
    data = await gql.data(QUERY, {"f": {"city": ["BAODING"], "kind": ["THIRD_PARTY"]}})
    # then
    [node] = [e["node"] for e in data["institutions"]["edges"]]
    assert node["name"].startswith("保定中鑫")  # Baoding Zhongxin
    assert node["credentials"][0]["status"] == "ACTIVE"
    assert node["credentials"][0]["validOn"] is False
