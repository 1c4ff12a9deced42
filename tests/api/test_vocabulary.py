"""Every vocabulary a person reads is named in Chinese and English, in the schema and in SQL."""

from __future__ import annotations

import re
from typing import Any

from fixtures.reference import term_rows
from portal.database.models import Term
from portal.vocabulary import VOCABULARIES, MaturityPhase, term
from tests.conftest import GraphQLClient

CHINESE = re.compile(r"[\u4e00-\u9fff]")
ENUMS = "{ __schema { types { kind name enumValues { name description } } } }"


async def test_schema_every_enum_value_has_a_description(gql: GraphQLClient) -> None:
    # when
    types = (await gql.data(ENUMS))["__schema"]["types"]
    enums = {t["name"]: t["enumValues"] for t in types if t["kind"] == "ENUM"}
    # then
    own = {name: values for name, values in enums.items() if not name.startswith("__")}
    assert [
        f"{name}.{v['name']}"
        for name, values in own.items()
        for v in values
        if not v["description"]
    ] == []
    vocabularies = [name for name in own if name in VOCABULARIES]
    assert len(vocabularies) >= 18
    for name in vocabularies:
        for value in own[name]:
            names = term(VOCABULARIES[name](value["name"]))
            assert value["description"] == f"{names.zh} · {names.en}"


def test_vocabulary_every_member_has_a_chinese_and_an_english_name() -> None:
    # when
    named = [(name, m, term(m)) for name, e in VOCABULARIES.items() for m in e]
    # then
    assert all(CHINESE.search(t.zh) and not CHINESE.search(t.en) and t.en for _, _, t in named)
    for name, vocabulary in VOCABULARIES.items():
        chinese = [term(m).zh for m in vocabulary]
        assert len(set(chinese)) == len(chinese), name
    assert term(VOCABULARIES["City"]("XIONGAN")) == ("雄安新区", "Xiong'an New Area")


async def test_terms_table_holds_every_vocabulary_member(app: Any) -> None:
    # when
    rows = (
        await Term.all()
        .order_by("vocabulary", "position")
        .values("vocabulary", "code", "name_zh", "name_en", "position")
    )
    # then
    assert sorted(rows, key=lambda r: (r["vocabulary"], r["position"])) == sorted(
        term_rows(), key=lambda r: (r["vocabulary"], r["position"])
    )


async def test_maturity_levels_have_phases_of_the_vocabulary_and_english_names(
    gql: GraphQLClient,
) -> None:
    # when
    data = await gql.data("{ maturityScales { code name levels { number name phase } } }")
    # then
    phases = {lv["phase"] for s in data["maturityScales"] for lv in s["levels"]}
    assert phases <= {p.value for p in MaturityPhase}
    assert all(CHINESE.search(lv["name"]) for s in data["maturityScales"] for lv in s["levels"])
