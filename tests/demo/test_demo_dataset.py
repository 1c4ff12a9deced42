"""The demo dataset reads like the province and obeys the rules the API enforces.

Other tests add rows to the same database; the demo's rows are told apart by their dates
(the demo is as of `DATA_AS_OF`, everything a test makes is created later) or names.
"""

from __future__ import annotations

import re
from collections import defaultdict
from datetime import UTC, datetime, time
from typing import Any

from fixtures.histories import DATA_AS_OF, STAGE_LEVELS
from fixtures.reference import data_file
from portal.database.models import (
    Evaluation,
    Institution,
    Organization,
    Policy,
    Project,
)
from portal.vocabulary import ChainStage, EvaluationStatus, OrganizationKind, ValuationMethod
from schema.relay import to_global_id
from tests.conftest import GraphQLClient

AS_OF = datetime.combine(DATA_AS_OF, time(0), tzinfo=UTC)
NUMBERED = re.compile(r"\(\d+\)|（\d+）")
POLICIES = """query($after: String) { policies(first: 100, after: $after, filter: {status: [PUBLISHED]}) {
  pageInfo { hasNextPage endCursor } edges { node { id title eligibility {
    maturityLevel { min max } worstAcceptableRisk fields cities stages organizationLabels } } } } }"""
PUBLISHED = """query($after: String) { evaluations(first: 100, after: $after, filter: {status: [PUBLISHED]}) {
  pageInfo { hasNextPage endCursor } edges { node { id evaluatedOn credentialValidOnEvaluationDate
  credentialCoversProjectField credential { number } } } } }"""


async def _every(gql: GraphQLClient, query: str, root: str) -> list[dict[str, Any]]:
    nodes: list[dict[str, Any]] = []
    after = None
    while True:
        page = (await gql.data(query, {"after": after}))[root]
        nodes += [e["node"] for e in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            return nodes
        after = page["pageInfo"]["endCursor"]


def _project_filter(rules: dict[str, Any]) -> dict[str, Any]:
    """A policy's eligibility rules as a `projects(filter:)` argument."""
    spec: dict[str, Any] = {}
    levels = {k: v for k, v in rules["maturityLevel"].items() if v is not None}
    if levels:
        spec["maturityLevel"] = levels
    if rules["worstAcceptableRisk"]:
        spec["worstAcceptableRisk"] = rules["worstAcceptableRisk"]
    for rule, argument in (
        ("fields", "field"),
        ("cities", "city"),
        ("stages", "stage"),
        ("organizationLabels", "ownerLabel"),
    ):
        if rules[rule]:
            spec[argument] = rules[rule]
    return spec


async def test_demo_every_current_published_policy_admits_a_project(gql: GraphQLClient) -> None:
    # given: the demo's policies (published before the demo's date; tests publish later)
    demo = {
        to_global_id("Policy", p.id)
        for p in await Policy.filter(published_at__lt=AS_OF, is_current=True)
    }
    policies = [p for p in await _every(gql, POLICIES, "policies") if p["id"] in demo]
    # when
    admitted = {}
    for policy in policies:
        query = "query($f: ProjectFilter) { projects(filter: $f) { totalCount } }"
        variables = {"f": _project_filter(policy["eligibility"])}
        admitted[policy["title"]] = (await gql.data(query, variables))["projects"]["totalCount"]
    # then
    assert len(policies) == 12
    assert all(count >= 1 for count in admitted.values()), admitted


async def test_demo_published_evaluations_had_a_valid_credential(gql: GraphQLClient) -> None:
    # given
    demo = {
        to_global_id("Evaluation", e.id)
        for e in await Evaluation.filter(created_at__lt=AS_OF, status="PUBLISHED")
    }
    # when
    published = [e for e in await _every(gql, PUBLISHED, "evaluations") if e["id"] in demo]
    # then
    assert len(published) == len(demo) > 200
    assert all(e["credentialValidOnEvaluationDate"] for e in published)
    assert all(e["credentialCoversProjectField"] for e in published)


async def test_demo_evaluations_invalid_on_their_date_are_revoked_with_a_reason(
    gql: GraphQLClient,
) -> None:
    # given
    query = """{ evaluations(first: 100, filter: {status: [REVOKED]}) { edges { node {
      credentialValidOnEvaluationDate revocation { reason } } } } }"""
    # when
    revoked = [e["node"] for e in (await gql.data(query))["evaluations"]["edges"]]
    void = [e for e in revoked if not e["credentialValidOnEvaluationDate"]]
    # then
    assert void, "the demo shows evaluations made while a credential was suspended"
    assert all("暂停" in e["revocation"]["reason"] for e in void)  # "suspended"
    rows = await Evaluation.filter(status="REVOKED", created_at__lt=AS_OF)
    assert all(r.revocation_reason and r.revocation_reason_en for r in rows)


async def test_demo_versions_are_numbered_in_publication_order(app: Any) -> None:
    # given
    histories: dict[int, list[Evaluation]] = defaultdict(list)
    for row in await Evaluation.filter(created_at__lt=AS_OF).order_by("evaluated_on", "id"):
        histories[row.project_id].append(row)  # type: ignore[attr-defined]
    # then
    for project_id, rows in histories.items():
        disclosed = [r for r in rows if r.published_at is not None]
        hidden = [r for r in rows if r.published_at is None]
        assert [r.version for r in disclosed] == list(range(1, len(disclosed) + 1)), project_id
        assert [r.published_at for r in disclosed] == sorted(r.published_at for r in disclosed)
        assert all(r.version is None for r in hidden)
        assert all(r.based_on_version in (None, len(disclosed) or None) for r in hidden)
        assert all(r is rows[-1] for r in hidden), "only the newest may be in progress"
        published = [r for r in disclosed if r.status is EvaluationStatus.PUBLISHED]
        assert len(published) <= 1
        if published:
            assert published[0] is disclosed[-1], "the current one is the newest disclosed"
        newest_revoked = disclosed and disclosed[-1].status is EvaluationStatus.REVOKED
        assert not (newest_revoked and published)


async def test_demo_names_are_unnumbered_and_bilingual(gql: GraphQLClient) -> None:
    # given
    query = """query($after: String) { projects(first: 100, after: $after) {
      pageInfo { hasNextPage endCursor } edges { node { title owner { name } } } } }"""
    # when
    projects = await _every(gql, query, "projects")
    organizations = await Organization.filter(created_at__lt=AS_OF)
    demo_projects = await Project.filter(created_at__lt=AS_OF)
    institutions = await Institution.filter(
        name__in=[i["name"] for i in data_file("institutions.json")]
    )
    # then
    names = [p["title"] for p in projects] + [p["owner"]["name"] for p in projects]
    names += [o.name_en for o in organizations] + [p.title_en for p in demo_projects]
    assert not [n for n in names if NUMBERED.search(n)]
    assert all(o.name and o.name_en and o.name != o.name_en for o in organizations)
    assert all(p.title_en and p.summary_en and p.keywords_en for p in demo_projects)
    assert len(institutions) == 17 and all(i.name_en and i.description_en for i in institutions)
    titles = [p.title for p in demo_projects]
    assert len(titles) == len(set(titles)) == 320


async def test_demo_organizations_own_projects_in_their_own_fields(app: Any) -> None:
    # given
    academics = {
        a["zh"]: set(a["fields"])
        for a in data_file("organizations.json")["universities"]
        + data_file("organizations.json")["institutes"]
    }
    fields: dict[int, set[str]] = defaultdict(set)
    for project in await Project.filter(created_at__lt=AS_OF):
        fields[project.owner_id].add(project.field.value)  # type: ignore[attr-defined]
    # when
    owners = await Organization.filter(id__in=list(fields))
    # then
    for owner in owners:
        if owner.kind is OrganizationKind.ENTERPRISE:
            assert len(fields[owner.id]) == 1, owner.name
        else:
            assert fields[owner.id] <= academics[owner.name], owner.name


async def test_demo_maturity_and_intellectual_property_fit_the_stage(app: Any) -> None:
    # given
    projects = await Project.filter(created_at__lt=AS_OF)
    # then
    for project in projects:
        _, high = STAGE_LEVELS[project.stage]
        if project.latest_maturity is not None:
            assert project.latest_maturity <= high, project.title
        if project.stage is ChainStage.CONCEPT:
            assert project.invention_patents <= 1 and (project.latest_maturity or 1) <= 2
    for evaluation in await Evaluation.filter(created_at__lt=AS_OF):
        if evaluation.maturity_number <= 4:
            assert evaluation.valuation_method is not ValuationMethod.INCOME
        if evaluation.maturity_number >= 9:
            assert evaluation.valuation_method is not ValuationMethod.COST
    early = [p for p in projects if p.stage is ChainStage.CONCEPT]
    late = [p for p in projects if p.stage is ChainStage.APPLICATION]
    assert sum(p.invention_patents for p in early) / len(early) < 1
    assert sum(p.invention_patents for p in late) / len(late) > 4
