"""evaluationUpdate and publication checks: drafts only, scope of the credential."""

from __future__ import annotations

from typing import Any

from fixtures.factories import make_credential, make_evaluation, make_project
from portal.database.models import CredentialField, Evaluation
from schema.relay import to_global_id
from tests.mutation_cases import World, evaluation_content, row_counts

UPDATE = "mutation($in: EvaluationUpdateInput!) { evaluationUpdate(input: $in) { evaluation { maturityLevel { number } revision } userErrors { field code } } }"
PUBLISH = "mutation($in: EvaluationTransitionInput!) { evaluationPublish(input: $in) { evaluation { id } userErrors { field code message } } }"


async def test_evaluation_update_edits_drafts_and_refuses_published(as_role: Any) -> None:
    # given
    world = await World.load()
    client = await as_role("INSTITUTION", institution_id=world.institution_id)
    project = await make_project(title="Update project")
    draft = await make_evaluation(project.id, world.credential)
    published = await make_evaluation(project.id, world.credential, status="PUBLISHED")
    content = evaluation_content(
        to_global_id("Project", project.id),
        to_global_id("Credential", world.credential.id),
        maturityLevel=9,
    )
    # when
    edited = await client.data(
        UPDATE, {"in": content | {"id": to_global_id("Evaluation", draft.id), "revision": 1}}
    )
    before = await row_counts()
    refused = await client.data(
        UPDATE, {"in": content | {"id": to_global_id("Evaluation", published.id), "revision": 1}}
    )
    # then
    assert edited["evaluationUpdate"]["evaluation"] == {
        "maturityLevel": {"number": 9},
        "revision": 2,
    }
    assert refused["evaluationUpdate"]["userErrors"] == [
        {"field": ["id"], "code": "INVALID_STATUS"}
    ]
    assert await row_counts() == before
    assert (await Evaluation.get(id=published.id)).maturity_number == 6


async def test_evaluation_publish_refused_out_of_scope(as_role: Any) -> None:
    # given: a credential of the sandbox institution that does not cover the project's field
    world = await World.load()
    narrow = await make_credential(world.sandbox_id)
    await CredentialField.filter(credential_id=narrow.id).exclude(field="BIOMEDICINE").delete()
    project = await make_project(title="Out of scope project", field="ADVANCED_STEEL")
    submitted = await make_evaluation(project.id, narrow, status="SUBMITTED")
    client = await as_role("INSTITUTION", institution_id=world.sandbox_id)
    # when
    body = await client.data(
        PUBLISH, {"in": {"id": to_global_id("Evaluation", submitted.id), "revision": 1}}
    )
    # then
    [error] = body["evaluationPublish"]["userErrors"]
    assert error["code"] == "OUT_OF_SCOPE" and "ADVANCED_STEEL" in error["message"]
    assert (await Evaluation.get(id=submitted.id)).status == "SUBMITTED"
