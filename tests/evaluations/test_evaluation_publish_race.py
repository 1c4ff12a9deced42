"""Publishing under concurrency: one published evaluation per project, settled by the database,
and every lost race a userError; public version numbers follow publications only."""

from __future__ import annotations

import asyncio
import random
import uuid
from collections import Counter
from typing import Any

import pytest

from fixtures.factories import make_credential, make_evaluation, make_project
from portal.database.audit import verify_chain
from portal.database.models import Evaluation, Institution, Project
from schema.relay import to_global_id
from tests.conftest import GraphQLClient
from tests.mutation_cases import World, evaluation_content

PUBLISH = """mutation($in: EvaluationTransitionInput!) { evaluationPublish(input: $in) {
  evaluation { id version status } userErrors { field code message } } }"""
SUBMIT = """mutation($in: EvaluationTransitionInput!) { evaluationSubmit(input: $in) {
  evaluation { id revision status } userErrors { field code message } } }"""
CREATE = """mutation($in: EvaluationCreateInput!) { evaluationCreate(input: $in) {
  evaluation { id version status } userErrors { field code message } } }"""
PROJECTS = 10


def needs_postgres(settings: Any) -> None:
    if not settings.is_postgres:
        pytest.skip("real concurrency needs PostgreSQL (DATABASE_URL=postgres://...)")


async def institution_client(as_role: Any) -> tuple[GraphQLClient, Any]:
    """A fresh institution with a credential covering every field, and a client bound to it."""
    institution = await Institution.create(
        name=f"Race institute {uuid.uuid4().hex[:8]}", kind="THIRD_PARTY", city="LANGFANG"
    )
    credential = await make_credential(institution.id)
    return await as_role("INSTITUTION", institution_id=institution.id), credential


def outcome(body: dict[str, Any], name: str) -> str:
    """'ok', the userError code, or 'internal error'."""
    if body.get("errors"):
        return "internal error"
    payload = body["data"][name]
    return payload["userErrors"][0]["code"] if payload["userErrors"] else "ok"


async def test_evaluation_publish_twenty_concurrent_from_two_institutions_one_per_project(
    as_role: Any, settings: Any
) -> None:
    needs_postgres(settings)
    # given: projects without a published evaluation, each with a SUBMITTED one per institution
    first, first_credential = await institution_client(as_role)
    second, second_credential = await institution_client(as_role)
    calls = []
    projects = [await make_project(title=f"Publish race {n}") for n in range(PROJECTS)]
    for project in projects:
        for client, credential in ((first, first_credential), (second, second_credential)):
            row = await make_evaluation(project.id, credential, status="SUBMITTED")
            gid = to_global_id("Evaluation", row.id)
            calls.append(client.post(PUBLISH, {"in": {"id": gid, "revision": row.revision}}))
    random.Random(6).shuffle(calls)
    # when
    bodies = await asyncio.gather(*calls)
    # then: one success per project, every other call refused as a userError
    outcomes = Counter(outcome(b, "evaluationPublish") for b in bodies)
    print(f"\npublish race outcomes: {dict(outcomes)}")
    assert outcomes["ok"] == PROJECTS
    assert outcomes["STALE_VERSION"] + outcomes["CONFLICT"] == PROJECTS
    assert outcomes["internal error"] == 0
    for project in projects:
        published = await Evaluation.filter(project_id=project.id, status="PUBLISHED")
        assert [e.version for e in published] == [1]
        assert (await Project.get(id=project.id)).latest_evaluation_id == published[0].id
        assert await Evaluation.filter(project_id=project.id, status="SUBMITTED").count() == 1
    assert (await verify_chain()).first_broken_id is None


async def test_evaluation_create_twenty_concurrent_for_one_project(
    as_role: Any, settings: Any
) -> None:
    needs_postgres(settings)
    # given
    client, credential = await institution_client(as_role)
    project = await make_project(title="Create race project")
    content = evaluation_content(
        to_global_id("Project", project.id), to_global_id("Credential", credential.id)
    )
    # when
    bodies = await asyncio.gather(*(client.post(CREATE, {"in": content}) for _ in range(20)))
    # then: all are drafts, none with a (colliding) public version
    outcomes = Counter(outcome(b, "evaluationCreate") for b in bodies)
    print(f"\ncreate race outcomes: {dict(outcomes)}")
    assert outcomes == {"ok": 20}
    drafts = await Evaluation.filter(project_id=project.id)
    assert len(drafts) == 20 and {d.version for d in drafts} == {None}
    assert (await verify_chain()).first_broken_id is None


async def test_evaluation_publish_after_another_was_published_is_stale_until_resubmitted(
    as_role: Any,
) -> None:
    # given: two institutions submitted evaluations of one project; the first is published
    first, first_credential = await institution_client(as_role)
    second, second_credential = await institution_client(as_role)
    project = await make_project(title="Stale publication project")
    winner = await make_evaluation(project.id, first_credential, status="SUBMITTED")
    late = await make_evaluation(project.id, second_credential, status="SUBMITTED")
    late_id = to_global_id("Evaluation", late.id)
    won = await first.data(
        PUBLISH, {"in": {"id": to_global_id("Evaluation", winner.id), "revision": 1}}
    )
    # when: the second publishes what it submitted before that publication
    stale = await second.data(PUBLISH, {"in": {"id": late_id, "revision": 1}})
    resubmitted = await second.data(SUBMIT, {"in": {"id": late_id, "revision": 1}})
    again = await second.data(PUBLISH, {"in": {"id": late_id, "revision": 2}})
    # then
    assert won["evaluationPublish"]["evaluation"] == {
        "id": to_global_id("Evaluation", winner.id),
        "version": 1,
        "status": "PUBLISHED",
    }
    assert stale["evaluationPublish"]["evaluation"] is None
    [error] = stale["evaluationPublish"]["userErrors"]
    assert error["code"] == "STALE_VERSION" and "version 1" in error["message"]
    assert resubmitted["evaluationSubmit"]["evaluation"]["status"] == "SUBMITTED"
    assert again["evaluationPublish"]["userErrors"] == []
    assert again["evaluationPublish"]["evaluation"]["version"] == 2
    assert (await Evaluation.get(id=winner.id)).status == "SUPERSEDED"


async def test_evaluation_version_is_null_until_published_and_skips_drafts(
    as_role: Any, gql: GraphQLClient
) -> None:
    # given: a project with a published version 1 and two drafts created after it
    world = await World.load()
    client = await as_role("INSTITUTION", institution_id=world.institution_id)
    project = await make_project(title="Version numbering project")
    await make_evaluation(project.id, world.credential, status="PUBLISHED")
    content = evaluation_content(
        to_global_id("Project", project.id), to_global_id("Credential", world.credential.id)
    )
    drafts = [(await client.data(CREATE, {"in": content}))["evaluationCreate"] for _ in range(2)]
    # when: the second draft is submitted and published
    second = drafts[1]["evaluation"]["id"]
    await client.data(SUBMIT, {"in": {"id": second, "revision": 1}})
    published = await client.data(PUBLISH, {"in": {"id": second, "revision": 2}})
    # then: drafts have no version; the publication is version 2, not 3
    assert [d["evaluation"]["version"] for d in drafts] == [None, None]
    assert published["evaluationPublish"]["evaluation"]["version"] == 2
    history = await gql.data(
        "query($id: ID!) { node(id: $id) { ... on Project { evaluations { version status } } } }",
        {"id": to_global_id("Project", project.id)},
    )
    assert history["node"]["evaluations"] == [
        {"version": 2, "status": "PUBLISHED"},
        {"version": 1, "status": "SUPERSEDED"},
    ]
