"""The audit trail: one entry per successful mutation, chained; tampering is named."""

from __future__ import annotations

import os
import subprocess
import sys
from typing import Any

from portal.database.models import AuditEntry
from tests.mutation_cases import World, policy_content


def verify(settings: Any) -> subprocess.CompletedProcess[str]:
    """Run `kilometer audit verify` against the test database."""
    env = dict(os.environ, DATABASE_URL=settings.database_url)
    return subprocess.run(
        [sys.executable, "-m", "portal", "audit", "verify"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )


async def test_audit_verify_names_a_tampered_entry(as_role: Any, settings: Any) -> None:
    # given: a few audited mutations
    world = await World.load()
    government = await as_role("GOVERNMENT", department_id=world.department_id)
    for n in range(3):
        await government.data(
            "mutation($in: PolicyCreateInput!) { policyCreate(input: $in) { policy { id } } }",
            {"in": policy_content(title=f"Audited policy {n}")},
        )
    entries = await AuditEntry.all().order_by("id")
    victim = entries[len(entries) // 2]
    intact = verify(settings)
    # when: someone edits one row directly in the database
    await AuditEntry.filter(id=victim.id).update(actor="token:0:someone-else")
    try:
        broken = verify(settings)
    finally:
        await AuditEntry.filter(id=victim.id).update(actor=victim.actor)
    # then
    assert intact.returncode == 0 and "intact" in intact.stdout
    assert broken.returncode == 1
    assert f"BROKEN at audit entry {victim.id}" in broken.stderr
    assert verify(settings).returncode == 0


async def test_audit_log_shows_admins_the_whole_chain(as_role: Any) -> None:
    # given
    world = await World.load()
    government = await as_role("GOVERNMENT", department_id=world.department_id)
    await government.data(
        "mutation($in: PolicyCreateInput!) { policyCreate(input: $in) { policy { id } } }",
        {"in": policy_content()},
    )
    # when
    log = await (await as_role("ADMIN")).data(
        "{ auditLog(first: 2) { totalCount edges { node { sequence action previousHash entryHash } } } }"
    )
    refused = await (await as_role("BANK")).post("{ auditLog(first: 1) { totalCount } }")
    # then
    newest, older = (e["node"] for e in log["auditLog"]["edges"])
    assert newest["action"] == "policyCreate" and newest["previousHash"] == older["entryHash"]
    assert log["auditLog"]["totalCount"] == await AuditEntry.all().count()
    assert refused["errors"][0]["extensions"]["code"] == "FORBIDDEN"
