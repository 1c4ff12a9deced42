"""The committed SDL matches the code, and every type, field and argument is described."""

from __future__ import annotations

from pathlib import Path

from schema import schema
from tests.conftest import GraphQLClient

SDL = Path(__file__).resolve().parents[2] / "schema.graphql"
INTROSPECTION = """{ __schema { types { name kind description
  fields { name description args { name description } }
  inputFields { name description } } } }"""


def test_schema_graphql_has_not_drifted() -> None:
    # then
    assert SDL.read_text(encoding="utf-8") == str(schema) + "\n", (
        "run `kilometer export-schema` and commit schema.graphql"
    )


async def test_every_type_field_and_argument_is_described(gql: GraphQLClient) -> None:
    # when
    types = (await gql.data(INTROSPECTION))["__schema"]["types"]
    # then
    missing = []
    for t in types:
        if t["name"].startswith("__") or t["kind"] == "SCALAR":
            continue
        if not t["description"]:
            missing.append(t["name"])
        for f in (t["fields"] or []) + (t["inputFields"] or []):
            if not f["description"]:
                missing.append(f"{t['name']}.{f['name']}")
            for a in f.get("args") or []:
                if not a["description"]:
                    missing.append(f"{t['name']}.{f['name']}({a['name']})")
    assert missing == []
