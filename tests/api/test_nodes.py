"""Relay object identification: node(id) and nodes(ids)."""

from __future__ import annotations

import base64

from portal.database.models import Evaluation
from tests.conftest import GraphQLClient


async def test_node_refetches_every_kind_of_object(gql: GraphQLClient) -> None:
    # given
    data = await gql.data("""{ projects(filter: {hasPublishedEvaluation: true}, first: 1) { edges { node { id title owner { id }
        latestEvaluation { id institution { id } credential { id } maturityLevel { id } leadEvaluator { id } } } } }
        policies(first: 1) { edges { node { id title department { id } } } }
        maturityScales { id } }""")
    project = data["projects"]["edges"][0]["node"]
    evaluation = project["latestEvaluation"]
    ids = [
        project["id"],
        project["owner"]["id"],
        evaluation["id"],
        evaluation["institution"]["id"],
        evaluation["credential"]["id"],
        evaluation["maturityLevel"]["id"],
        evaluation["leadEvaluator"]["id"],
        data["policies"]["edges"][0]["node"]["id"],
        data["policies"]["edges"][0]["node"]["department"]["id"],
        data["maturityScales"][0]["id"],
    ]
    # when
    nodes = await gql.data(
        "query($ids: [ID!]!) { nodes(ids: $ids) { __typename id } }", {"ids": ids}
    )
    single = await gql.data(
        "query($id: ID!) { node(id: $id) { ... on Project { title } } }", {"id": project["id"]}
    )
    # then
    assert [n["id"] for n in nodes["nodes"]] == ids
    assert [n["__typename"] for n in nodes["nodes"]] == [
        "Project",
        "Organization",
        "Evaluation",
        "Institution",
        "Credential",
        "MaturityLevel",
        "Evaluator",
        "Policy",
        "Department",
        "MaturityScale",
    ]
    assert single["node"]["title"] == project["title"]


async def test_node_hides_draft_evaluations(gql: GraphQLClient) -> None:
    # given: IDs are opaque to clients, but a test may forge one to probe for a draft
    draft = await Evaluation.filter(status="DRAFT").first()
    assert draft is not None
    forged = base64.b64encode(f"Evaluation:{draft.id}".encode()).decode()
    # when
    data = await gql.data("query($id: ID!) { node(id: $id) { id } }", {"id": forged})
    # then
    assert data["node"] is None


async def test_nodes_refuses_more_than_a_page(gql: GraphQLClient) -> None:
    # when
    body = await gql.post(
        "query($ids: [ID!]!) { nodes(ids: $ids) { id } }", {"ids": ["UHJvamVjdDox"] * 101}
    )
    # then
    assert body["errors"][0]["extensions"]["argument"] == "ids"
