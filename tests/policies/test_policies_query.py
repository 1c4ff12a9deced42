"""policies(...) over HTTP: only published and closed policies, current versions by default."""

from __future__ import annotations

import datetime

from portal.database.models import Policy
from tests.conftest import GraphQLClient

QUERY = """query($f: PolicyFilter) { policies(filter: $f, first: 100) { totalCount edges { node {
  id title status version isCurrentVersion instrument budget department { code }
  applicationWindow { opensOn closesOn } eligibility { maturityLevel { min max } fields }
  versions { version } } } } }"""


async def test_policies_hide_drafts_and_withdrawn(gql: GraphQLClient) -> None:
    # given
    statuses = {p.status for p in await Policy.all()}
    expected = await Policy.filter(status__in=["PUBLISHED", "CLOSED"], is_current=True).count()
    # when
    data = await gql.data(QUERY)
    # then
    assert {s.value for s in statuses} == {"DRAFT", "PUBLISHED", "CLOSED", "WITHDRAWN"}
    assert data["policies"]["totalCount"] == expected
    assert {e["node"]["status"] for e in data["policies"]["edges"]} == {"PUBLISHED", "CLOSED"}


async def test_policies_open_on_a_date(gql: GraphQLClient) -> None:
    # given
    day = datetime.date(2025, 9, 1)
    rows = await Policy.filter(status="PUBLISHED", is_current=True)
    expected = [
        p for p in rows if p.opens_on <= day and (p.closes_on is None or p.closes_on >= day)
    ]
    # when
    data = await gql.data(QUERY, {"f": {"openOn": day.isoformat()}})
    # then
    assert data["policies"]["totalCount"] == len(expected) > 0
    for edge in data["policies"]["edges"]:
        window = edge["node"]["applicationWindow"]
        assert window["opensOn"] <= day.isoformat() and (
            window["closesOn"] is None or window["closesOn"] >= day.isoformat()
        )


async def test_policies_amendment_keeps_old_version_queryable(gql: GraphQLClient) -> None:
    # when
    current = await gql.data(QUERY, {"f": {"search": "amended"}})
    everything = await gql.data(
        QUERY,
        {"f": {"includeAmendedVersions": True, "instrument": ["GRANT", "LOAN_INTEREST_SUBSIDY"]}},
    )
    # then
    amended = current["policies"]["edges"]
    assert len(amended) == 2 and all(e["node"]["version"] == 2 for e in amended)
    assert all([v["version"] for v in e["node"]["versions"]] == [2, 1] for e in amended)
    old = [e["node"] for e in everything["policies"]["edges"] if not e["node"]["isCurrentVersion"]]
    assert len(old) == 2


async def test_policies_filter_by_department_and_instrument(gql: GraphQLClient) -> None:
    # given
    expected = await Policy.filter(
        department__code="HBST",
        instrument="GRANT",
        status__in=["PUBLISHED", "CLOSED"],
        is_current=True,
    ).count()
    # when
    data = await gql.data(QUERY, {"f": {"department": ["HBST"], "instrument": ["GRANT"]}})
    # then
    assert data["policies"]["totalCount"] == expected
    assert all(e["node"]["department"]["code"] == "HBST" for e in data["policies"]["edges"])
