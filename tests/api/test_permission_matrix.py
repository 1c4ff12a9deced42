"""Every mutation tried by every role and by the public: exactly the allowed ones succeed,
and the refused ones write nothing."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import GraphQLClient
from tests.mutation_cases import CASES, ROLES, Case, World, binding, row_counts


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
async def test_permission_matrix(case: Case, role: str, as_role: Any, gql: GraphQLClient) -> None:
    # given
    world = await World.load()
    client = gql if role == "ANONYMOUS" else await as_role(role, **binding(role, world))
    variables = {"in": await case.build(world)}
    before = await row_counts()
    # when
    body = await client.post(case.document, variables)
    # then
    after = await row_counts()
    if role == case.role:
        assert "errors" not in body, body
        payload = body["data"][case.name]
        assert payload["userErrors"] == [], payload
        assert after["AuditEntry"] > before["AuditEntry"]
    else:
        [error] = body["errors"]
        assert error["extensions"]["code"] == (
            "UNAUTHENTICATED" if role == "ANONYMOUS" else "FORBIDDEN"
        )
        assert body["data"] is None
        assert after == before, "a refused mutation wrote something"
