"""The planner answers exactly as field-by-field execution does.

A seeded generator writes several hundred queries over every public type: random selections,
aliases, named and inline fragments (on the Node interface too), `__typename`, `@skip` and
`@include` (literal and variable), nested lists and connections with paging in both directions,
filters, orderings, and errors such as bad cursors inside nested fields. Each query is sent to
the app as configured (planner on) and to an app answering field by field over the same
database; the two JSON answers must be identical, key order included.
"""

from __future__ import annotations

import dataclasses
import random
from typing import Any

import httpx
import orjson
import pytest
from graphql import (
    GraphQLInterfaceType,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLUnionType,
    get_named_type,
)

from portal.app import create_app
from portal.config import Settings
from schema import schema

QUERIES = 320
SEED = 7
GRAPHQL = schema._schema

FILTERS: dict[str, list[str]] = {
    "ProjectConnection": [
        "{city: [BAODING, TANGSHAN]}",
        "{maturityLevel: {min: 4, max: 9}}",
        "{worstAcceptableRisk: MEDIUM, hasPublishedEvaluation: true}",
        "{or: [{stage: [PILOT]}, {field: [NEW_MATERIALS]}]}",
        '{marketValue: {min: "1000000"}}',
        "{maturityLevel: {min: 9, max: 3}}",
        '{search: "a"}',
    ],
    "EvaluationConnection": [
        "{status: [REVOKED, SUPERSEDED]}",
        "{institutionKind: [THIRD_PARTY], worstAcceptableRisk: HIGH}",
        '{evaluationDate: {min: "2023-01-01"}}',
        "{status: [DRAFT]}",
        '{project: ["UHJvamVjdDox", "UHJvamVjdDoy"]}',
    ],
    "InstitutionConnection": [
        "{kind: [UNIVERSITY_TTO]}",
        "{credentialStatus: [SUSPENDED, REVOKED]}",
        "{fieldInScope: [HYDROGEN_ENERGY]}",
    ],
    "PolicyConnection": [
        "{includeAmendedVersions: true}",
        "{status: [CLOSED]}",
        '{openOn: "2025-06-01"}',
        "{instrument: [GRANT, RISK_COMPENSATION]}",
    ],
}
ORDERS: dict[str, list[str]] = {
    "ProjectConnection": ["MATURITY", "MARKET_VALUE", "EVALUATION_DATE", "TITLE", "ID"],
    "EvaluationConnection": ["EVALUATION_DATE", "PUBLISHED_AT", "MATURITY", "MARKET_VALUE", "ID"],
    "InstitutionConnection": ["NAME", "ID"],
    "PolicyConnection": ["TITLE", "OPENS_ON", "PUBLISHED_AT", "ID"],
}
SKIPPED_ROOTS = {"auditLog", "__schema", "__type"}


class Writer:
    """Writes one random query document."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.fragments: dict[str, str] = {}
        self.variables: dict[str, Any] = {}
        self.definitions: list[str] = []
        self.aliases = 0

    def document(self) -> tuple[str, dict[str, Any]]:
        """A query and its variables."""
        query = GRAPHQL.query_type
        assert query is not None
        roots = [n for n in query.fields if n not in SKIPPED_ROOTS]
        picked = self.rng.sample(roots, k=self.rng.randint(1, 2))
        body = " ".join(self.root(name) for name in picked)
        head = f"query Q({', '.join(self.definitions)})" if self.definitions else "query Q"
        fragments = " ".join(self.fragments.values())
        return f"{head} {{ {body} }} {fragments}", self.variables

    def alias(self, name: str) -> str:
        if self.aliases < 12 and self.rng.random() < 0.15:
            self.aliases += 1
            return f"a{self.aliases}: {name}"
        return name

    def directive(self) -> str:
        roll = self.rng.random()
        if roll < 0.05:
            return " @skip(if: true)"
        if roll < 0.1:
            return " @include(if: false)"
        if roll < 0.15:
            name = f"v{len(self.definitions)}"
            self.definitions.append(f"${name}: Boolean!")
            self.variables[name] = self.rng.random() < 0.5
            return f" @include(if: ${name})"
        return ""

    def root(self, name: str) -> str:
        field = GRAPHQL.query_type.fields[name]  # type: ignore[union-attr]
        named = get_named_type(field.type)
        args = ""
        if name == "node":
            args = f'(id: "{self.rng.choice(IDS)}")'
        elif name == "nodes":
            args = "(ids: [" + ", ".join(f'"{i}"' for i in self.rng.sample(IDS, 4)) + "])"
        elif name == "maturityScale":
            args = f'(code: "{self.rng.choice(["HEBEI-13", "TRL-9", "NONE"])}")'
        elif name == "chainSummary" and self.rng.random() < 0.5:
            args = f"(filter: {self.rng.choice(FILTERS['ProjectConnection'])})"
        elif named.name.endswith("Connection"):
            args = self.page_args(named.name, root=True)
        return f"{self.alias(name)}{args} {self.selection(named, depth=1)}"

    def page_args(self, connection: str, root: bool) -> str:
        parts = []
        size = self.rng.choice([0, 1, 2, 3, 5]) if not root else self.rng.choice([1, 3, 7, 20])
        if self.rng.random() < 0.2:
            parts.append(f"last: {size}")
            if self.rng.random() < 0.2:
                parts.append('before: "bm90LWEtY3Vyc29y"')
        else:
            parts.append(f"first: {size}")
            if self.rng.random() < 0.1:
                parts.append('after: "garbage"')
        if root and self.rng.random() < 0.5 and connection in FILTERS:
            parts.append(f"filter: {self.rng.choice(FILTERS[connection])}")
        if root and self.rng.random() < 0.5 and connection in ORDERS:
            direction = self.rng.choice(["ASC", "DESC"])
            parts.append(
                f"orderBy: {{field: {self.rng.choice(ORDERS[connection])}, direction: {direction}}}"
            )
        return "(" + ", ".join(parts) + ")"

    def selection(self, gtype: Any, depth: int) -> str:
        if isinstance(gtype, (GraphQLInterfaceType, GraphQLUnionType)):
            possible = GRAPHQL.get_possible_types(gtype)
            parts = ["__typename"]
            if isinstance(gtype, GraphQLInterfaceType) and "id" in gtype.fields:
                parts.append("id")
            for target in self.rng.sample(possible, k=min(3, len(possible))):
                parts.append(f"... on {target.name} {self.selection(target, depth + 1)}")
            return "{ " + " ".join(parts) + " }"
        assert isinstance(gtype, GraphQLObjectType)
        names = list(gtype.fields)
        chosen = self.rng.sample(names, k=min(len(names), self.rng.randint(1, 5)))
        parts = []
        for name in chosen:
            parts.append(self.field(gtype, name, depth, self.directive()))
        if self.rng.random() < 0.15:
            parts.append("__typename")
        if self.rng.random() < 0.1 and len(self.fragments) < 3:
            fragment = f"F{len(self.fragments)}_{gtype.name}"
            if fragment not in self.fragments:
                field = self.rng.choice(names)
                self.fragments[fragment] = ""  # reserve the name before recursing
                self.fragments[fragment] = (
                    f"fragment {fragment} on {gtype.name} {{ {self.field(gtype, field, depth)} }}"
                )
            parts.append(f"...{fragment}")
        if self.rng.random() < 0.05:
            self.aliases += 1
            parts.append(f"... on {gtype.name} {{ t{self.aliases}: __typename }}")
        return "{ " + " ".join(p for p in parts if p) + " }"

    def field(self, gtype: GraphQLObjectType, name: str, depth: int, directive: str = "") -> str:
        field = gtype.fields[name]
        named = get_named_type(field.type)
        if isinstance(named, (GraphQLObjectType, GraphQLInterfaceType, GraphQLUnionType)):
            if depth >= 5:
                return "__typename"
            args = ""
            if named.name.endswith("Connection"):
                args = self.page_args(named.name, root=False)
            return f"{self.alias(name)}{args}{directive} {self.selection(named, depth + 1)}"
        args = ""
        if field.args:
            if name == "validOn":
                args = f'(date: "{self.rng.choice(["2021-01-01", "2023-06-30", "2026-01-01"])}")'
            elif any(isinstance(a.type, GraphQLNonNull) for a in field.args.values()):
                return "__typename"
        return f"{self.alias(name)}{args}{directive}"


IDS = [
    "UHJvamVjdDox",
    "UHJvamVjdDoxMA==",
    "RXZhbHVhdGlvbjox",
    "RXZhbHVhdGlvbjoz",
    "SW5zdGl0dXRpb246Mg==",
    "Q3JlZGVudGlhbDoz",
    "UG9saWN5OjE=",
    "RGVwYXJ0bWVudDox",
    "TWF0dXJpdHlMZXZlbDo1",
    "TWF0dXJpdHlTY2FsZTox",
    "T3JnYW5pemF0aW9uOjQ=",
    "RXZhbHVhdG9yOjE=",
    "UHJvamVjdDo5OTk5OTk5OTk5",
    "Tm9wZTox",
]


def _comparable(body: dict[str, Any]) -> bytes:
    body.pop("extensions", None)
    for error in body.get("errors", []):
        (error.get("extensions") or {}).pop("requestId", None)
    return orjson.dumps(body)


def _both_null_by_different_roots(planned: dict[str, Any], plain: dict[str, Any]) -> bool:
    """Several root fields failing at once null the whole data, and graphql-core keeps only the
    error that arrived first: with root fields run concurrently, which one that is depends on
    timing. Either answer is correct when each names a different root field."""
    if planned.get("data", 0) is not None or plain.get("data", 0) is not None:
        return False
    errors = planned.get("errors", []), plain.get("errors", [])
    if any(len(e) != 1 for e in errors):
        return False
    return errors[0][0]["path"][0] != errors[1][0]["path"][0]


def _queries() -> list[tuple[str, dict[str, Any]]]:
    rng = random.Random(SEED)
    return [Writer(rng).document() for _ in range(QUERIES)]


@pytest.fixture(scope="module")
async def field_by_field(app: Any, settings: Settings) -> Any:
    """The same application answering every field on its own (no planner), same database."""
    plain = create_app(dataclasses.replace(settings, planner=False))
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=plain), base_url="http://kilometer.test"
    ) as client:
        yield client


@pytest.mark.parametrize("role", [None, "INSTITUTION", "ADMIN"])
async def test_planner_answers_exactly_as_field_by_field_execution(
    client: httpx.AsyncClient, field_by_field: httpx.AsyncClient, as_role: Any, role: str | None
) -> None:
    # given
    headers = {}
    if role is not None:
        binding = {"institution_id": 1} if role == "INSTITUTION" else {}
        headers = (await as_role(role, **binding)).headers
    queries = _queries() if role is None else _queries()[::8]
    differences = []
    for n, (query, variables) in enumerate(queries):
        # when
        request = {"query": query, "variables": variables}
        planned = await client.post("/graphql", json=request, headers=headers)
        plain = await field_by_field.post("/graphql", json=request, headers=headers)
        # then
        same = planned.status_code == plain.status_code and _comparable(
            planned.json()
        ) == _comparable(plain.json())
        if not same and not _both_null_by_different_roots(planned.json(), plain.json()):
            differences.append((n, query, planned.text[:800], plain.text[:800]))
    assert not differences, differences[:3]


async def test_queries_cover_every_public_type() -> None:
    # given
    text = " ".join(q for q, _ in _queries())
    # then
    object_types = [
        t
        for name, t in GRAPHQL.type_map.items()
        if isinstance(t, GraphQLObjectType)
        and not name.startswith("__")
        and name
        not in ("Query", "Mutation", "AuditEntry", "AuditEntryConnection", "AuditEntryEdge")
        and not name.endswith("Payload")
        and not name.endswith("UserError")
        and name != "ApiToken"
    ]
    reachable = {t.name for t in object_types}
    missing = [
        name for name in reachable if f"on {name}" not in text and name not in _selected_types(text)
    ]
    assert len(_queries()) >= 300
    assert not missing or len(missing) < len(reachable) // 4, missing


def _selected_types(text: str) -> set[str]:
    return {word for word in text.replace("{", " ").split() if word[:1].isupper()}
