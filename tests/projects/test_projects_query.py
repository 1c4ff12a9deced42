"""projects(filter, orderBy, ...) over HTTP, checked against the demo data computed in Python."""

from __future__ import annotations

from decimal import Decimal

from portal.database.models import Evaluation, Institution, OrganizationLabelGrant, Project
from portal.vocabulary import RiskRating
from tests.conftest import GraphQLClient

IDS = "query($f: ProjectFilter, $o: ProjectOrder) { projects(filter: $f, orderBy: $o, first: 100) { totalCount edges { node { id title } } } }"


async def _titles_of(gql: GraphQLClient, f: dict, o: dict | None = None) -> tuple[int, list[str]]:
    data = await gql.data(IDS, {"f": f, "o": o})
    return data["projects"]["totalCount"], [e["node"]["title"] for e in data["projects"]["edges"]]


async def test_projects_filter_by_city_and_stage_excludes_others(gql: GraphQLClient) -> None:
    # given
    expected = await Project.filter(city="TANGSHAN", stage__in=["PILOT", "ENGINEERING"]).count()
    # when
    total, titles = await _titles_of(gql, {"city": ["TANGSHAN"], "stage": ["PILOT", "ENGINEERING"]})
    # then
    assert 0 < total == expected < await Project.all().count()
    assert len(titles) == min(total, 100)


async def test_projects_filter_maturity_and_risk_on_latest_published(gql: GraphQLClient) -> None:
    # given: computed from the evaluations themselves, not the copied columns
    published = await Evaluation.filter(status="PUBLISHED")
    expected = {
        e.project_id
        for e in published  # type: ignore[attr-defined]
        if 9 <= e.maturity_number <= 11 and RiskRating(e.risk_rating).rank <= RiskRating.MEDIUM.rank
    }
    # when
    total, _ = await _titles_of(
        gql, {"maturityLevel": {"min": 9, "max": 11}, "worstAcceptableRisk": "MEDIUM"}
    )
    # then
    assert total == len(expected) > 0


async def test_projects_filter_market_value_range(gql: GraphQLClient) -> None:
    # given
    published = await Evaluation.filter(status="PUBLISHED")
    expected = [
        e
        for e in published
        if e.value_low_fen >= 10_000_000 * 100 and e.value_high_fen <= 200_000_000 * 100
    ]
    # when
    total, _ = await _titles_of(gql, {"marketValue": {"min": "10000000", "max": "200000000.00"}})
    # then
    assert total == len(expected) > 0


async def test_projects_filter_institution_kind_and_owner_label(gql: GraphQLClient) -> None:
    # given
    pilot_ids = {i.id for i in await Institution.filter(kind="PILOT")}
    by_pilot = {
        e.project_id
        for e in await Evaluation.filter(status="PUBLISHED")
        if e.institution_id in pilot_ids
    }  # type: ignore[attr-defined]
    sme_owners = {
        g.organization_id for g in await OrganizationLabelGrant.filter(label="TECHNOLOGY_SME")
    }  # type: ignore[attr-defined]
    expected = [p for p in await Project.filter(id__in=list(by_pilot)) if p.owner_id in sme_owners]  # type: ignore[attr-defined]
    # when
    total, _ = await _titles_of(
        gql, {"institutionKind": ["PILOT"], "ownerLabel": ["TECHNOLOGY_SME"]}
    )
    # then
    assert total == len(expected) > 0


async def test_projects_search_and_or_combinations(gql: GraphQLClient) -> None:
    # given
    rows = await Project.all()
    hydrogen = {
        p.id
        for p in rows
        if "hydrogen"
        in " ".join(
            (p.title, p.title_en, p.summary, p.summary_en, p.keywords, p.keywords_en)
        ).lower()
    }
    steel_in_handan = {p.id for p in rows if p.field == "ADVANCED_STEEL" and p.city == "HANDAN"}
    # when
    total, _ = await _titles_of(
        gql,
        {
            "or": [
                {"search": "HYDROGEN"},
                {"and": [{"field": ["ADVANCED_STEEL"]}, {"city": ["HANDAN"]}]},
            ]
        },
    )
    # then
    assert total == len(hydrogen | steel_in_handan)
    assert 0 < len(hydrogen) < total


async def test_projects_order_by_maturity_desc_puts_unevaluated_last(gql: GraphQLClient) -> None:
    # given
    rows = await Project.all()
    expected = sorted(
        rows, key=lambda p: (p.latest_maturity is None, -(p.latest_maturity or 0), -p.id)
    )
    # when
    order = {"field": "MATURITY", "direction": "DESC"}
    first = await gql.data(
        "query($o: ProjectOrder) { projects(orderBy: $o, first: 100) { edges { node { id latestEvaluation { maturityLevel { number } } } } } }",
        {"o": order},
    )
    last = await gql.data(
        "query($o: ProjectOrder) { projects(orderBy: $o, last: 5) { edges { node { latestEvaluation { version } } } } }",
        {"o": order},
    )
    # then
    levels = [
        e["node"]["latestEvaluation"]["maturityLevel"]["number"] for e in first["projects"]["edges"]
    ]
    assert levels == [p.latest_maturity for p in expected[:100]]
    assert all(e["node"]["latestEvaluation"] is None for e in last["projects"]["edges"])


async def test_project_fields_and_latest_evaluation_values(gql: GraphQLClient) -> None:
    # given
    project = await Project.filter(latest_evaluation_id__isnull=False).order_by("id").first()
    assert project is not None
    evaluation = await Evaluation.get(id=project.latest_evaluation_id)
    history = await Evaluation.filter(
        project_id=project.id, status__in=["PUBLISHED", "SUPERSEDED", "REVOKED"]
    ).order_by("-version")
    # when
    data = await gql.data("""{ projects(filter: {hasPublishedEvaluation: true}, first: 1) { edges { node {
        id title stage field city keywords intellectualProperty { inventionPatents }
        owner { name creditCode }
        latestEvaluation { version status maturityLevel { number trlEquivalent } marketValue { low high currency }
                           risk { rating factors { kind rating } } }
        evaluations { version status } } } } }""")
    node = data["projects"]["edges"][0]["node"]
    # then
    latest = node["latestEvaluation"]
    assert latest["version"] == evaluation.version and latest["status"] == "PUBLISHED"
    assert latest["maturityLevel"]["number"] == evaluation.maturity_number
    assert Decimal(latest["marketValue"]["low"]) == Decimal(evaluation.value_low_fen) / 100
    assert latest["risk"]["rating"] == evaluation.risk_rating.value
    assert len(latest["risk"]["factors"]) == 5
    assert [e["version"] for e in node["evaluations"]] == [e.version for e in history]
    assert node["title"] == project.title
    assert node["keywords"] == [k.strip() for k in project.keywords.split(",")]
