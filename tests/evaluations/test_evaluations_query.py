"""evaluations(...) and Evaluation fields over HTTP."""

from __future__ import annotations

from portal import credentials as rules
from portal.database.models import Credential, CredentialStatusChange, Evaluation, Institution
from tests.conftest import GraphQLClient

LIST = """query($f: EvaluationFilter, $o: EvaluationOrder, $after: String) {
  evaluations(filter: $f, orderBy: $o, first: 100, after: $after) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { node { id version status evaluatedOn credentialValidOnEvaluationDate credentialCoversProjectField
      institution { name } credential { number } revocation { reason } } } } }"""


async def _all(gql: GraphQLClient, f: dict | None = None, o: dict | None = None) -> list[dict]:
    nodes, after = [], None
    while True:
        page = (await gql.data(LIST, {"f": f, "o": o, "after": after}))["evaluations"]
        nodes += [e["node"] for e in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            return nodes
        after = page["pageInfo"]["endCursor"]


async def test_evaluations_lists_disclosed_only_never_drafts(gql: GraphQLClient) -> None:
    # given
    disclosed = await Evaluation.filter(status__in=["PUBLISHED", "SUPERSEDED", "REVOKED"]).count()
    drafts = await Evaluation.filter(status__in=["DRAFT", "SUBMITTED"]).count()
    # when
    nodes = await _all(gql)
    # then
    assert drafts > 0 and len(nodes) == disclosed
    assert {n["status"] for n in nodes} == {"PUBLISHED", "SUPERSEDED", "REVOKED"}


async def test_evaluations_filter_status_institution_and_maturity(gql: GraphQLClient) -> None:
    # given
    revoked_institution = await Institution.get(
        name_en="Langfang Jingjin Technology Evaluation Co., Ltd."
    )
    expected = await Evaluation.filter(
        institution_id=revoked_institution.id, status="REVOKED", maturity_number__gte=3
    ).count()
    edges = (
        await gql.data(
            "{ institutions(filter: {credentialStatus: [REVOKED]}) { edges { node { id name } } } }"
        )
    )["institutions"]["edges"]
    [gid] = [e["node"]["id"] for e in edges if e["node"]["name"] == revoked_institution.name]
    # when
    nodes = await _all(
        gql, {"status": ["REVOKED"], "institution": [gid], "maturityLevel": {"min": 3}}
    )
    # then
    assert len(nodes) == expected > 0
    assert all("虚假检测报告" in n["revocation"]["reason"] for n in nodes)  # fabricated reports


async def test_evaluation_credential_validity_follows_status_history(gql: GraphQLClient) -> None:
    # given: validity computed here from the credential and its history
    credentials = {c.id: c for c in await Credential.all()}
    history: dict[int, list[CredentialStatusChange]] = {}
    for change in await CredentialStatusChange.all():
        history.setdefault(change.credential_id, []).append(change)  # type: ignore[attr-defined]
    rows = {
        e.id: e for e in await Evaluation.filter(status__in=["PUBLISHED", "SUPERSEDED", "REVOKED"])
    }
    # when
    nodes = await _all(gql, o={"field": "ID", "direction": "ASC"})
    # then
    invalid = 0
    assert len(nodes) == len(rows)
    for node, row in zip(nodes, sorted(rows.values(), key=lambda r: r.id), strict=True):
        c = credentials[row.credential_id]  # type: ignore[attr-defined]
        expected = rules.valid_on(c.valid_from, c.valid_until, history[c.id], row.evaluated_on)
        assert node["credentialValidOnEvaluationDate"] is expected
        assert node["credential"]["number"] == c.number
        assert node["credentialCoversProjectField"] is True
        invalid += not expected
    assert invalid > 0, "the demo data has evaluations made while a credential was suspended"


async def test_evaluations_invalid_status_filter_is_refused(gql: GraphQLClient) -> None:
    # when
    body = await gql.post("{ evaluations(filter: {status: [DRAFT]}) { totalCount } }")
    # then
    assert body["data"] is None
    assert body["errors"][0]["extensions"] == {
        "code": "BAD_USER_INPUT",
        "argument": "filter.status",
    }
