"""Property-based: generated invalid inputs thrown at every mutation never cause a 500 or a
partial write."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import GraphQLClient
from tests.mutation_cases import CASES, Case, World, binding, row_counts

BAD_VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**63), max_value=2**63),
    st.text(max_size=20),
    st.sampled_from(
        [
            "",
            " ",
            "x" * 6000,
            "-1",
            "1e400",
            "NaN",
            "0.001",
            "99999999999999999999",
            "2025-13-45",
            "1900-01-01",
            "2200-01-01",
            "VWxhIGxh",
            "UHJvamVjdDo5OTk5OTk5",
            "SW5zdGl0dXRpb246MQ==",
            "NOT_AN_ENUM",
            "DROP TABLE policy;--",
            "nul\x00inside",
        ]
    ),
    st.lists(st.sampled_from(["", "NEW_ENERGY", "NEW_ENERGY", "x" * 300]), max_size=4),
    st.fixed_dictionaries({"min": st.integers(-5, 20), "max": st.integers(-5, 20)}),
)


def paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every path to a value inside an input."""
    if isinstance(value, dict):
        found = [prefix] if prefix else []
        for key, inner in value.items():
            found += paths(inner, (*prefix, key))
        return found
    if isinstance(value, list):
        return [prefix] + [p for n, inner in enumerate(value) for p in paths(inner, (*prefix, n))]
    return [prefix]


def replaced(value: Any, path: tuple[Any, ...], new: Any) -> Any:
    """A copy of `value` with the value at `path` replaced (or the key dropped if `new` is ...)."""
    if not path:
        return new
    head, *rest = path
    copy = dict(value) if isinstance(value, dict) else list(value)
    if rest:
        copy[head] = replaced(value[head], tuple(rest), new)
    elif new is ... and isinstance(copy, dict):
        copy.pop(head)
    else:
        copy[head] = None if new is ... else new
    return copy


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
@settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
async def test_invalid_input_never_500s_and_never_writes_partially(
    case: Case, data: st.DataObject, as_role: Any
) -> None:
    # given
    world = await World.load()
    client: GraphQLClient = await as_role(case.role, **binding(case.role, world))
    valid = await case.build(world)
    path = data.draw(st.sampled_from(paths(valid)), label="path")
    bad = data.draw(st.one_of(BAD_VALUES, st.just(...)), label="value")
    before = await row_counts()
    # when
    response = await client.http.post(
        "/graphql",
        json={"query": case.document, "variables": {"in": replaced(valid, path, bad)}},
        headers=client.headers,
    )
    # then
    assert response.status_code in (200, 400), response.text
    body = response.json()
    assert "INTERNAL_SERVER_ERROR" not in response.text, body
    payload = (body.get("data") or {}).get(case.name)
    refused = payload is None or payload["userErrors"]
    after = await row_counts()
    if refused:
        assert after == before, f"refused input wrote something: {body}"
    else:
        assert after["AuditEntry"] > before["AuditEntry"], "a write that succeeded must be audited"
