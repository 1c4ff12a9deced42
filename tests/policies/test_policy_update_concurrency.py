"""Optimistic concurrency of policyUpdate: of 20 concurrent updates with one revision, one wins."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from fixtures.factories import make_policy
from portal.database.models import AuditEntry, Policy
from schema.relay import to_global_id
from tests.mutation_cases import World, policy_content

UPDATE = "mutation($in: PolicyUpdateInput!) { policyUpdate(input: $in) { policy { id version revision } userErrors { field code } } }"


async def test_policy_update_stale_revision_is_refused(as_role: Any) -> None:
    # given
    world = await World.load()
    government = await as_role("GOVERNMENT", department_id=world.department_id)
    row = await make_policy(world.department_id)
    gid = to_global_id("Policy", row.id)
    first = await government.data(
        UPDATE, {"in": policy_content(title="First edit") | {"id": gid, "revision": 1}}
    )
    # when
    stale = await government.data(
        UPDATE, {"in": policy_content(title="Lost edit") | {"id": gid, "revision": 1}}
    )
    # then
    assert first["policyUpdate"]["policy"]["revision"] == 2
    assert stale["policyUpdate"]["userErrors"] == [{"field": ["revision"], "code": "STALE_VERSION"}]
    assert (await Policy.get(id=row.id)).title == "First edit"


async def test_policy_update_published_becomes_new_version(as_role: Any, gql: Any) -> None:
    # given
    world = await World.load()
    government = await as_role("GOVERNMENT", department_id=world.department_id)
    row = await make_policy(world.department_id, status="PUBLISHED", title="Original wording")
    # when
    amended = await government.data(
        UPDATE,
        {
            "in": policy_content(title="Amended wording")
            | {"id": to_global_id("Policy", row.id), "revision": 1}
        },
    )
    # then
    new = amended["policyUpdate"]["policy"]
    assert new["version"] == 2 and new["id"] != to_global_id("Policy", row.id)
    versions = await gql.data(
        "query($id: ID!) { node(id: $id) { ... on Policy { versions { version title isCurrentVersion } } } }",
        {"id": new["id"]},
    )
    assert versions["node"]["versions"] == [
        {"version": 2, "title": "Amended wording", "isCurrentVersion": True},
        {"version": 1, "title": "Original wording", "isCurrentVersion": False},
    ]


async def test_policy_update_twenty_concurrent_writers_one_wins(
    as_role: Any, settings: Any
) -> None:
    if not settings.is_postgres:
        pytest.skip("real concurrency needs PostgreSQL (DATABASE_URL=postgres://...)")
    # given
    world = await World.load()
    writers = [await as_role("GOVERNMENT", department_id=world.department_id) for _ in range(20)]
    row = await make_policy(world.department_id)
    gid = to_global_id("Policy", row.id)
    audit_before = await AuditEntry.all().count()
    # when
    results = await asyncio.gather(
        *(
            w.data(UPDATE, {"in": policy_content(title=f"Writer {n}") | {"id": gid, "revision": 1}})
            for n, w in enumerate(writers)
        )
    )
    # then
    payloads = [r["policyUpdate"] for r in results]
    winners = [p for p in payloads if p["policy"] is not None]
    assert len(winners) == 1
    assert all(
        p["userErrors"] == [{"field": ["revision"], "code": "STALE_VERSION"}]
        for p in payloads
        if p["policy"] is None
    )
    assert await AuditEntry.all().count() == audit_before + 1
    stored = await Policy.get(id=row.id)
    assert stored.revision == 2 and stored.title.startswith("Writer ")
