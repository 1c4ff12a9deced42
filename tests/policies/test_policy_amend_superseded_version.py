"""Amending a policy version that was already amended is refused, not a duplicate version."""

from __future__ import annotations

from typing import Any

from fixtures.factories import make_policy
from portal.database.models import Policy
from schema.relay import to_global_id
from tests.mutation_cases import World, policy_content

UPDATE = "mutation($in: PolicyUpdateInput!) { policyUpdate(input: $in) { policy { id version } userErrors { field code message } } }"


async def test_policy_update_of_an_amended_version_is_refused(as_role: Any) -> None:
    # given: a published policy amended once (version 1 is no longer current)
    world = await World.load()
    government = await as_role("GOVERNMENT", department_id=world.department_id)
    original = await make_policy(world.department_id, status="PUBLISHED", instrument="AWARD")
    gid = to_global_id("Policy", original.id)
    first = await government.data(
        UPDATE,
        {
            "in": policy_content(title="First amendment", instrument="AWARD")
            | {"id": gid, "revision": 1}
        },
    )
    # when: version 1 is amended again, with its current revision
    again = await government.data(
        UPDATE,
        {
            "in": policy_content(title="Second amendment", instrument="AWARD")
            | {"id": gid, "revision": 2}
        },
    )
    # then
    assert first["policyUpdate"]["policy"]["version"] == 2
    assert again["policyUpdate"]["policy"] is None
    assert [e["code"] for e in again["policyUpdate"]["userErrors"]] == ["INVALID_STATUS"]
    assert await Policy.filter(series=original.series).count() == 2
