"""chainSummary totals against sums computed independently in Python."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from portal.database.models import Evaluation, Project
from tests.conftest import GraphQLClient

QUERY = """query($f: ProjectFilter) { chainSummary(filter: $f) {
  total { projectCount evaluatedProjectCount marketValueLow marketValueHigh }
  byStage { stage projectCount marketValueLow marketValueHigh }
  byMaturityLevel { level projectCount marketValueHigh }
  byCity { city projectCount evaluatedProjectCount }
  byField { field projectCount marketValueLow } } }"""


async def _expected(projects: list[Project]) -> tuple[dict, dict]:
    published = {e.project_id: e for e in await Evaluation.filter(status="PUBLISHED")}  # type: ignore[attr-defined]
    low: dict[str, Decimal] = defaultdict(Decimal)
    count: dict[str, int] = defaultdict(int)
    for p in projects:
        e = published.get(p.id)
        count[p.stage.value] += 1
        low[p.stage.value] += Decimal(e.value_low_fen) / 100 if e else Decimal(0)
    return count, low


async def test_chain_summary_matches_independent_sums(gql: GraphQLClient) -> None:
    # given
    projects = await Project.all()
    published = {e.project_id: e for e in await Evaluation.filter(status="PUBLISHED")}  # type: ignore[attr-defined]
    count, low = await _expected(projects)
    # when
    s = (await gql.data(QUERY))["chainSummary"]
    # then
    assert s["total"]["projectCount"] == len(projects)
    assert s["total"]["evaluatedProjectCount"] == len(published)
    assert Decimal(s["total"]["marketValueHigh"]) == sum(
        Decimal(e.value_high_fen) / 100 for e in published.values()
    )
    assert {b["stage"]: b["projectCount"] for b in s["byStage"]} == count
    assert {b["stage"]: Decimal(b["marketValueLow"]) for b in s["byStage"]} == low
    levels = {b["level"]: b["projectCount"] for b in s["byMaturityLevel"]}
    assert levels[None] == len(projects) - len(published)
    assert (
        sum(levels.values())
        == len(projects)
        == sum(b["projectCount"] for b in s["byCity"])
        == sum(b["projectCount"] for b in s["byField"])
    )
    assert len(s["byCity"]) == 12


async def test_chain_summary_respects_the_filter(gql: GraphQLClient) -> None:
    # given
    projects = await Project.filter(city="XIONGAN")
    count, low = await _expected(list(projects))
    # when
    s = (await gql.data(QUERY, {"f": {"city": ["XIONGAN"]}}))["chainSummary"]
    # then
    assert [b["city"] for b in s["byCity"]] == ["XIONGAN"]
    assert {b["stage"]: b["projectCount"] for b in s["byStage"]} == count
    assert {b["stage"]: Decimal(b["marketValueLow"]) for b in s["byStage"]} == low
