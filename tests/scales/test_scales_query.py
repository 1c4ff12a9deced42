"""maturityScales and maturityScale(code) over HTTP."""

from __future__ import annotations

from tests.conftest import GraphQLClient


async def test_maturity_scales_hold_13_levels_and_trl(gql: GraphQLClient) -> None:
    # when
    data = await gql.data("{ maturityScales { code levels { number name phase trlEquivalent } } }")
    # then
    scales = {s["code"]: s["levels"] for s in data["maturityScales"]}
    assert [lv["number"] for lv in scales["HEBEI-13"]] == list(range(1, 14))
    assert [lv["number"] for lv in scales["TRL-9"]] == list(range(1, 10))
    assert [lv["trlEquivalent"] for lv in scales["HEBEI-13"]] == [
        *range(1, 10),
        None,
        None,
        None,
        None,
    ]
    assert scales["HEBEI-13"][12]["name"] == "收回投资，实现盈利"  # investment recovered


async def test_maturity_scale_by_code(gql: GraphQLClient) -> None:
    # when
    found = await gql.data('{ maturityScale(code: "TRL-9") { name levels { number } } }')
    missing = await gql.data('{ maturityScale(code: "NOPE") { name } }')
    # then
    assert len(found["maturityScale"]["levels"]) == 9
    assert missing["maturityScale"] is None
