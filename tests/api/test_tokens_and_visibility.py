"""Tokens, viewer, object-level ownership and who sees drafts."""

from __future__ import annotations

import os
import subprocess
import sys
from typing import Any

import httpx

from fixtures.factories import make_evaluation, make_policy, make_project
from portal.database.models import ApiToken, Department, Institution
from schema.relay import to_global_id
from tests.conftest import GraphQLClient
from tests.mutation_cases import World, policy_content


async def test_viewer_describes_the_caller(as_role: Any, gql: GraphQLClient) -> None:
    # given
    world = await World.load()
    government = await as_role("GOVERNMENT", department_id=world.department_id)
    # when
    public = await gql.data("{ viewer { role permissions tokenName } }")
    official = await government.data(
        "{ viewer { role permissions department { code } institution { name } } }"
    )
    # then
    assert public["viewer"] == {"role": None, "permissions": [], "tokenName": None}
    assert (
        official["viewer"]["role"] == "GOVERNMENT"
        and official["viewer"]["department"]["code"] == "HBST"
    )
    assert (
        "policyPublish" in official["viewer"]["permissions"]
        and "evaluationPublish" not in official["viewer"]["permissions"]
    )


async def test_revoked_and_unknown_tokens_are_unauthenticated(
    as_role: Any, client: httpx.AsyncClient
) -> None:
    # given
    admin = await as_role("ADMIN")
    issued = await admin.data(
        'mutation { tokenCreate(input: {name: "short-lived", role: BANK}) { token { id } secret userErrors { code } } }'
    )
    secret, token_id = issued["tokenCreate"]["secret"], issued["tokenCreate"]["token"]["id"]
    works = await client.post(
        "/graphql",
        json={"query": "{ viewer { role } }"},
        headers={"authorization": f"Bearer {secret}"},
    )
    # when
    await admin.data(
        "mutation($id: ID!) { tokenRevoke(input: {id: $id}) { token { revokedAt } userErrors { code } } }",
        {"id": token_id},
    )
    revoked = await client.post(
        "/graphql",
        json={"query": "{ viewer { role } }"},
        headers={"authorization": f"Bearer {secret}"},
    )
    unknown = await client.post(
        "/graphql",
        json={"query": "{ viewer { role } }"},
        headers={"authorization": "Bearer km_nope"},
    )
    # then
    assert works.json()["data"]["viewer"]["role"] == "BANK"
    for response, reason in ((revoked, "revoked"), (unknown, "unknown")):
        assert response.status_code == 401
        assert response.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
        assert reason in response.json()["errors"][0]["message"]
    stored = await ApiToken.get(
        id=int(__import__("base64").b64decode(token_id).decode().split(":")[1])
    )
    assert secret not in stored.secret_hash and len(stored.secret_hash) == 64


async def test_department_may_not_touch_another_departments_policy(as_role: Any) -> None:
    # given
    world = await World.load()
    other = await Department.get(code="HBDF")
    intruder = await as_role("GOVERNMENT", department_id=other.id)
    published = await make_policy(world.department_id, status="PUBLISHED")
    draft = await make_policy(world.department_id)
    # when
    forbidden = await intruder.post(
        "mutation($in: PolicyTransitionInput!) { policyClose(input: $in) { policy { id } } }",
        {"in": {"id": to_global_id("Policy", published.id), "revision": 1}},
    )
    hidden = await intruder.post(
        "mutation($in: PolicyTransitionInput!) { policyPublish(input: $in) { policy { id } userErrors { code } } }",
        {"in": {"id": to_global_id("Policy", draft.id), "revision": 1}},
    )
    # then
    assert forbidden["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert hidden["data"]["policyPublish"]["userErrors"] == [{"code": "NOT_FOUND"}], (
        "another department's draft does not exist for it"
    )


async def test_institution_sees_its_own_drafts_and_nobody_elses(
    as_role: Any, gql: GraphQLClient
) -> None:
    # given
    world = await World.load()
    project = await make_project(title="Draft visibility project")
    draft = await make_evaluation(project.id, world.credential)
    other = await Institution.get(name_en__startswith="Tangshan Bohai")
    query = "query($f: EvaluationFilter) { evaluations(filter: $f) { totalCount } }"
    variables = {"f": {"project": [to_global_id("Project", project.id)]}}
    # when
    own = await (await as_role("INSTITUTION", institution_id=world.institution_id)).data(
        query, variables
    )
    foreign = await (await as_role("INSTITUTION", institution_id=other.id)).data(query, variables)
    admin = await (await as_role("ADMIN")).data(query, variables)
    public = await gql.data(query, variables)
    # then
    assert own["evaluations"]["totalCount"] == admin["evaluations"]["totalCount"] == 1
    assert foreign["evaluations"]["totalCount"] == public["evaluations"]["totalCount"] == 0
    assert draft.status == "DRAFT"


async def test_department_sees_its_own_draft_policies(as_role: Any, gql: GraphQLClient) -> None:
    # given
    world = await World.load()
    government = await as_role("GOVERNMENT", department_id=world.department_id)
    created = await government.data(
        "mutation($in: PolicyCreateInput!) { policyCreate(input: $in) { policy { id } } }",
        {"in": policy_content(title="Visible draft only to HBST")},
    )
    query = '{ policies(filter: {search: "Visible draft only to HBST"}) { totalCount } }'
    # when / then
    assert created["policyCreate"]["policy"]["id"]
    assert (await government.data(query))["policies"]["totalCount"] == 1
    assert (await gql.data(query))["policies"]["totalCount"] == 0


def test_token_cli_issues_a_working_token(app: Any, settings: Any) -> None:
    # when
    env = dict(os.environ, DATABASE_URL=settings.database_url)
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "portal",
            "token",
            "create",
            "--role",
            "GOVERNMENT",
            "--department",
            "HBST",
            "--name",
            "cli",
        ],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    bad = subprocess.run(
        [sys.executable, "-m", "portal", "token", "create", "--role", "GOVERNMENT"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    # then
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1].startswith("km_")
    assert bad.returncode != 0 and "bound to exactly one department" in bad.stderr
