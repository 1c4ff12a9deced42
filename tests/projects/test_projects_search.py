"""Text search finds Chinese and English text."""

from __future__ import annotations

from fixtures.factories import make_project
from portal.database.models import Policy, Project
from tests.conftest import GraphQLClient

QUERY = """query($f: ProjectFilter) { projects(filter: $f, first: 100) {
  totalCount edges { node { title } } } }"""


def _contains_all(project: Project, words: list[str]) -> bool:
    text = " ".join(
        (
            project.title,
            project.title_en,
            project.summary,
            project.summary_en,
            project.keywords,
            project.keywords_en,
        )
    ).lower()
    return all(word.lower() in text for word in words)


async def test_projects_search_two_chinese_words_finds_text_with_both(gql: GraphQLClient) -> None:
    # given: one project with both words, one with only the first
    both = await make_project(
        title="氢燃料电池重卡港口示范运营", summary="在曹妃甸港开展钢厂与港口之间的短倒运输。"
    )
    one = await make_project(title="柴油重卡尾气治理", summary="加装颗粒捕集器。")
    expected = [p for p in await Project.all() if _contains_all(p, ["重卡", "曹妃甸"])]
    # when
    spaced = await gql.data(QUERY, {"f": {"search": "重卡 曹妃甸"}})
    ideographic = await gql.data(QUERY, {"f": {"search": "重卡\u3000曹妃甸"}})
    # then
    titles = [e["node"]["title"] for e in spaced["projects"]["edges"]]
    assert both.title in titles and one.title not in titles
    assert spaced["projects"]["totalCount"] == len(expected)
    assert ideographic == spaced


async def test_projects_search_demo_chinese_keyword_matches_the_database(
    gql: GraphQLClient,
) -> None:
    # given: a field word and the province's challenge competition, as a person types them
    words = ["氢", "揭榜挂帅"]
    expected = {p.title for p in await Project.all() if _contains_all(p, words)}
    assert expected
    # when
    found = await gql.data(QUERY, {"f": {"search": " ".join(words)}})
    # then
    assert {e["node"]["title"] for e in found["projects"]["edges"]} == expected
    assert found["projects"]["totalCount"] == len(expected)


async def test_projects_search_finds_the_english_twin(gql: GraphQLClient) -> None:
    # given
    project = await make_project(
        title="钒电池电解液提纯", title_en="Purifying vanadium electrolyte"
    )
    # when
    found = await gql.data(QUERY, {"f": {"search": "VANADIUM electrolyte"}})
    # then
    titles = [e["node"]["title"] for e in found["projects"]["edges"]]
    assert project.title in titles
    assert found["projects"]["totalCount"] == len(
        [p for p in await Project.all() if _contains_all(p, ["vanadium", "electrolyte"])]
    )


async def test_policies_search_finds_chinese_and_english_titles(gql: GraphQLClient) -> None:
    # given: the demo's two amended programmes say so in both languages
    query = (
        "query($f: PolicyFilter) { policies(filter: $f) { totalCount edges { node { title } } } }"
    )
    public = await Policy.filter(is_current=True, status__in=["PUBLISHED", "CLOSED"])

    def having(word: str) -> set[str]:
        return {
            p.title
            for p in public
            if word in " ".join((p.title, p.title_en, p.summary, p.summary_en)).lower()
        }

    # when
    chinese = await gql.data(query, {"f": {"search": "修订"}})
    english = await gql.data(query, {"f": {"search": "AMENDED"}})
    # then
    found_chinese = {e["node"]["title"] for e in chinese["policies"]["edges"]}
    found_english = {e["node"]["title"] for e in english["policies"]["edges"]}
    assert found_chinese == having("修订") and found_english == having("amended")
    demo_amended = {p.title for p in public if p.title.endswith("（修订）")}
    assert len(demo_amended) == 2 and demo_amended <= found_chinese & found_english
