"""Who reads which audit entries: administrators all of them; departments and institutions the
public ones and those about their own policies or evaluations, never another's drafts."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from fixtures.factories import make_credential, make_project
from portal.database.models import AuditEntry, Department, Institution
from schema.relay import to_global_id
from tests.api.test_audit_chain import verify
from tests.conftest import GraphQLClient
from tests.mutation_cases import ROLES, World, binding, evaluation_content, policy_content

LOG = "{ auditLog(first: 100) { edges { node { sequence action targetId } } } }"


def _mutation(name: str, input_type: str, noun: str) -> str:
    return (
        f"mutation($in: {input_type}!) {{ {name}(input: $in) "
        f"{{ {noun} {{ id }} userErrors {{ code message }} }} }}"
    )


class Recorder:
    """Runs mutations and names the audit entries each one appends."""

    def __init__(self) -> None:
        self.labels: dict[int, str] = {}

    async def run(
        self, label: str, client: GraphQLClient, document: str, variables: dict[str, Any]
    ) -> dict[str, Any]:
        last = await AuditEntry.all().order_by("-id").first()
        data = await client.data(document, {"in": variables})
        payload = next(iter(data.values()))
        assert payload.get("userErrors") == [], payload
        for entry in await AuditEntry.filter(id__gt=last.id if last else 0):
            self.labels[entry.id] = f"{label}:{entry.action}"
        noun = next(k for k in payload if k not in ("userErrors", "secret"))
        result: dict[str, Any] = payload[noun]
        return result

    async def seen_by(self, client: GraphQLClient) -> set[str]:
        """The labels of the recorded entries `client` may read."""
        log = await client.data(LOG)
        sequences = {e["node"]["sequence"] for e in log["auditLog"]["edges"]}
        return {label for seq, label in self.labels.items() if seq in sequences}


async def _institution(as_role: Any) -> tuple[GraphQLClient, Any, int]:
    row = await Institution.create(
        name=f"Audit scope institute {uuid.uuid4().hex[:8]}", kind="THIRD_PARTY", city="HANDAN"
    )
    credential = await make_credential(row.id)
    return await as_role("INSTITUTION", institution_id=row.id), credential, row.id


async def test_audit_log_each_caller_reads_only_what_it_may_see(as_role: Any) -> None:
    # given: two departments, two institutions and an administrator at work
    world = await World.load()
    other_department = await Department.exclude(id=world.department_id).first()
    assert other_department is not None
    hbst = await as_role("GOVERNMENT", department_id=world.department_id)
    other = await as_role("GOVERNMENT", department_id=other_department.id)
    first, first_credential, _ = await _institution(as_role)
    second, second_credential, _ = await _institution(as_role)
    admin = await as_role("ADMIN")
    log = Recorder()
    create_policy = _mutation("policyCreate", "PolicyCreateInput", "policy")
    update_policy = _mutation("policyUpdate", "PolicyUpdateInput", "policy")
    publish_policy = _mutation("policyPublish", "PolicyTransitionInput", "policy")
    withdraw_policy = _mutation("policyWithdraw", "PolicyWithdrawInput", "policy")
    create_evaluation = _mutation("evaluationCreate", "EvaluationCreateInput", "evaluation")
    submit = _mutation("evaluationSubmit", "EvaluationTransitionInput", "evaluation")
    publish = _mutation("evaluationPublish", "EvaluationTransitionInput", "evaluation")
    # when
    draft = await log.run("hbst draft", hbst, create_policy, policy_content(instrument="AWARD"))
    await log.run(
        "hbst draft edit",
        hbst,
        update_policy,
        policy_content(instrument="AWARD") | {"id": draft["id"], "revision": 1},
    )
    await log.run("hbst publication", hbst, publish_policy, {"id": draft["id"], "revision": 2})
    await log.run(
        "hbst amendment",
        hbst,
        update_policy,
        policy_content(title="Revised wording", instrument="AWARD")
        | {"id": draft["id"], "revision": 3},
    )
    foreign = await log.run("other draft", other, create_policy, policy_content())
    await log.run(
        "other draft withdrawal",
        other,
        withdraw_policy,
        {"id": foreign["id"], "revision": 1, "reason": "Dropped"},
    )
    project = to_global_id("Project", (await make_project(title="Audit scope project")).id)
    mine = await log.run(
        "first draft",
        first,
        create_evaluation,
        evaluation_content(project, to_global_id("Credential", first_credential.id)),
    )
    await log.run("first submission", first, submit, {"id": mine["id"], "revision": 1})
    await log.run("first publication", first, publish, {"id": mine["id"], "revision": 2})
    await log.run(
        "second draft",
        second,
        create_evaluation,
        evaluation_content(project, to_global_id("Credential", second_credential.id)),
    )
    await log.run(
        "token",
        admin,
        _mutation("tokenCreate", "TokenCreateInput", "token"),
        {"name": "audit scope", "role": "BANK"},
    )
    await log.run(
        "registration",
        admin,
        _mutation("institutionRegister", "InstitutionRegisterInput", "institution"),
        {"name": f"Registered {uuid.uuid4().hex[:6]}", "kind": "THIRD_PARTY", "city": "HANDAN"},
    )
    await log.run(
        "credential",
        admin,
        _mutation("credentialSuspend", "CredentialChangeInput", "credential"),
        {"id": to_global_id("Credential", second_credential.id), "revision": 1, "reason": "Audit"},
    )
    # then
    public = {
        "hbst publication:policyPublish",
        "hbst amendment:policyUpdate",
        "first publication:evaluationPublish",
        "registration:institutionRegister",
        "credential:credentialSuspend",
    }
    everything = set(log.labels.values())
    assert await log.seen_by(admin) == everything
    assert await log.seen_by(hbst) == public | {
        "hbst draft:policyCreate",
        "hbst draft edit:policyUpdate",
    }
    assert await log.seen_by(other) == public | {
        "other draft:policyCreate",
        "other draft withdrawal:policyWithdraw",
    }
    assert await log.seen_by(first) == public | {
        "first draft:evaluationCreate",
        "first submission:evaluationSubmit",
    }
    assert await log.seen_by(second) == public | {"second draft:evaluationCreate"}
    assert "token:tokenCreate" in everything


@pytest.mark.parametrize("role", ROLES)
async def test_audit_log_permission_matrix(role: str, as_role: Any, gql: GraphQLClient) -> None:
    # given
    world = await World.load()
    client = gql if role == "ANONYMOUS" else await as_role(role, **binding(role, world))
    # when
    body = await client.post("{ auditLog(first: 1) { totalCount } }")
    # then
    if role in ("ADMIN", "GOVERNMENT", "INSTITUTION"):
        assert "errors" not in body and body["data"]["auditLog"]["totalCount"] >= 0
    else:
        [error] = body["errors"]
        expected = "UNAUTHENTICATED" if role == "ANONYMOUS" else "FORBIDDEN"
        assert error["extensions"]["code"] == expected and body["data"] is None


async def test_audit_verify_names_an_entry_whose_audience_was_changed(
    as_role: Any, settings: Any
) -> None:
    # given: a private entry (a draft policy's creation)
    world = await World.load()
    government = await as_role("GOVERNMENT", department_id=world.department_id)
    await government.data(
        "mutation($in: PolicyCreateInput!) { policyCreate(input: $in) { policy { id } } }",
        {"in": policy_content(title="Private draft")},
    )
    victim = await AuditEntry.all().order_by("-id").first()
    assert victim is not None and victim.public is False and victim.hash_version == 2
    # when: someone makes it public directly in the database
    await AuditEntry.filter(id=victim.id).update(public=True)
    try:
        broken = verify(settings)
    finally:
        await AuditEntry.filter(id=victim.id).update(public=False)
    # then
    assert broken.returncode == 1
    assert f"BROKEN at audit entry {victim.id}" in broken.stderr
    assert verify(settings).returncode == 0
