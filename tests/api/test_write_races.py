"""Races that only the database can settle (two registrations of one unique name) end as
userErrors: the unique violation of the loser becomes CONFLICT, never an internal error."""

from __future__ import annotations

import asyncio
import random
import uuid
from collections import Counter
from typing import Any

import pytest

from fixtures.generator import credit_code
from portal.database.audit import verify_chain
from portal.vocabulary import City, OrganizationKind
from schema.relay import to_global_id
from tests.mutation_cases import World

DOCUMENT = "mutation($in: %s!) { %s(input: $in) { %s { id } userErrors { field code message } } }"


def _institution(_: World) -> dict[str, Any]:
    return {
        "name": f"Race institute {uuid.uuid4().hex[:8]}",
        "kind": "THIRD_PARTY",
        "city": "CHENGDE",
    }


def _credential(w: World) -> dict[str, Any]:
    return {
        "institution": to_global_id("Institution", w.sandbox_id),
        "number": f"RACE-{uuid.uuid4().hex[:8]}",
        "issuingAuthority": "HBST",
        "fields": ["NEW_ENERGY"],
        "purposes": ["PROJECT_EVALUATION"],
        "validFrom": "2026-01-01",
        "validUntil": "2030-12-31",
    }


def _organization(_: World) -> dict[str, Any]:
    return {
        "name": "Race organization",
        "kind": "ENTERPRISE",
        "city": "XINGTAI",
        "creditCode": credit_code(random.Random(), City.XINGTAI, OrganizationKind.ENTERPRISE),
    }


REGISTRATIONS = [
    ("institutionRegister", "InstitutionRegisterInput", "institution", _institution),
    ("credentialIssue", "CredentialIssueInput", "credential", _credential),
    ("organizationRegister", "OrganizationRegisterInput", "organization", _organization),
]


@pytest.mark.parametrize(
    ("name", "input_type", "noun", "build"), REGISTRATIONS, ids=[r[0] for r in REGISTRATIONS]
)
async def test_registration_ten_concurrent_with_one_unique_name_one_wins(
    name: str, input_type: str, noun: str, build: Any, as_role: Any, settings: Any
) -> None:
    if not settings.is_postgres:
        pytest.skip("real concurrency needs PostgreSQL (DATABASE_URL=postgres://...)")
    # given: ten administrators registering the same thing at once
    admins = [await as_role("ADMIN") for _ in range(10)]
    variables = {"in": build(await World.load())}
    document = DOCUMENT % (input_type, name, noun)
    # when
    bodies = await asyncio.gather(*(a.post(document, variables) for a in admins))
    # then
    assert [b for b in bodies if "errors" in b] == []
    codes = Counter((b["data"][name]["userErrors"] or [{"code": "ok"}])[0]["code"] for b in bodies)
    print(f"\n{name} race outcomes: {dict(codes)}")
    assert codes["ok"] == 1
    assert codes["DUPLICATE"] + codes["CONFLICT"] == 9, codes
    assert (await verify_chain()).first_broken_id is None
