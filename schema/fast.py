"""The hot path: a planned query answered without Strawberry's per-request machinery.

A POSTed query whose document is already parsed and validated (cached by its text), whose
variables coerce, whose cost is within limits and whose caller has budget, and whose every
root field the planner serves, is answered here: variables bound, the plan run on one pooled
connection, the response written with orjson. It is the same answer as Strawberry's path, byte
for byte, for every request it takes (the differential test runs through it); everything else —
mutations, introspection, documents with errors, refusals — goes to Strawberry's path, which
produces the canonical errors.
"""

from __future__ import annotations

import logging
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

import orjson
from graphql import (
    DocumentNode,
    FragmentDefinitionNode,
    GraphQLError,
    OperationDefinitionNode,
    OperationType,
    StringValueNode,
    Visitor,
    visit,
)
from graphql.execution.collect_fields import FragmentDetails, collect_fields
from graphql.execution.values import get_variable_values
from starlette.responses import Response
from starlette.types import Scope as AsgiScope

from portal.auth import Identity
from portal.config import Settings
from resolvers.reader import database
from resolvers.select import Scope
from schema.cost import operation_cost, page_size_problem, variable_values
from schema.document_limits import document_problem, variables_problem
from schema.errors import MASKED_MESSAGE, add_codes, should_mask
from schema.i18n import CONTENT_LANGUAGE, negotiate_language
from schema.limits import RateState, rate_limit_headers
from schema.observe import note_result
from schema.plan.engine import PLANS, run_plan
from schema.validation import DOCUMENTS

log = logging.getLogger("kilometer.errors")
PREPARED_SIZE = 1024
COST_CACHE_SIZE = 4096


@dataclass(frozen=True, eq=False)
class Prepared:
    """A valid document and what every request with it needs, computed once."""

    document: DocumentNode
    fragments: dict[str, FragmentDetails]
    operations: dict[str | None, OperationDefinitionNode]
    nul_literal: bool


class _HasNul(Visitor):
    def __init__(self) -> None:
        super().__init__()
        self.found = False

    def enter_string_value(self, node: StringValueNode, *_: Any) -> None:
        self.found = self.found or "\x00" in node.value


def _has_nul(value: Any) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_has_nul(v) for v in value.values())
    if isinstance(value, list):
        return any(_has_nul(v) for v in value)
    return False


@dataclass
class FastContext:
    """What a plan reads of its request (custom root fields read `scope`)."""

    scope: Scope
    settings: Settings


class FastPath:
    """Answers the requests it can take; returns None for the others."""

    def __init__(self, settings: Settings) -> None:
        from schema import schema

        self.settings = settings
        self.graphql = schema._schema
        self._prepared: OrderedDict[str, Prepared | None] = OrderedDict()
        self._costs: OrderedDict[tuple[str, str | None, bytes], int | None] = OrderedDict()

    def prepare(self, query: str) -> Prepared | None:
        """The prepared document of `query`, None when it is not valid."""
        if query in self._prepared:
            self._prepared.move_to_end(query)
            return self._prepared[query]
        prepared = None
        if document_problem(query) is None:
            checked = DOCUMENTS.check(self.graphql, query)
            if checked.document is not None and not checked.errors:
                prepared = self._prepare(checked.document)
        self._prepared[query] = prepared
        if len(self._prepared) > PREPARED_SIZE:
            self._prepared.popitem(last=False)
        return prepared

    @staticmethod
    def _prepare(document: DocumentNode) -> Prepared:
        fragments = {
            d.name.value: FragmentDetails(d)
            for d in document.definitions
            if isinstance(d, FragmentDefinitionNode)
        }
        operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
        named: dict[str | None, OperationDefinitionNode] = {
            o.name.value: o for o in operations if o.name
        }
        if len(operations) == 1:
            named[None] = operations[0]
        finder = _HasNul()
        visit(document, finder)
        return Prepared(document, fragments, named, finder.found)

    async def answer(
        self, scope: AsgiScope, body: bytes, identity: Identity, rate: RateState, media: str
    ) -> Response | None:
        """The response to a POSTed request, or None to leave it to Strawberry's path."""
        try:
            request = orjson.loads(body)
        except orjson.JSONDecodeError:
            return None
        if not isinstance(request, dict):
            return None
        query, name = request.get("query"), request.get("operationName")
        variables = request.get("variables") or {}
        if not isinstance(query, str) or not isinstance(variables, dict):
            return None
        if name is not None and not isinstance(name, str):
            return None
        prepared = self.prepare(query)
        if prepared is None or prepared.nul_literal or variables_problem(variables):
            return None
        operation = prepared.operations.get(name)
        if operation is None or operation.operation is not OperationType.QUERY:
            return None
        if _has_nul(variables):
            return None
        coerced = get_variable_values(
            self.graphql, operation.variable_definitions or [], variables, max_errors=50
        )
        if isinstance(coerced, list):
            return None
        cost = self.cost(query, prepared, name, variables)
        if cost is None or cost > self.settings.max_query_cost:
            return None
        headers = scope.get("headers") or []
        language = negotiate_language(_header(headers, b"accept-language"))
        compiled = PLANS.get(
            self.graphql,
            prepared.document,
            operation,
            prepared.fragments,
            coerced,
            lambda: dict(
                collect_fields(
                    self.graphql,
                    prepared.fragments,
                    coerced,
                    self.graphql.query_type,  # type: ignore[arg-type]
                    operation,
                ).grouped_field_set
            ),
            language,
        )
        if compiled is None:
            return None
        budget = await rate.limiter.admit(rate.caller, cost, rate.limit)
        if not budget.admitted:
            return None  # Strawberry's path refuses it again and writes the canonical 429
        state = scope.setdefault("state", {})
        state["operation_name"] = name or (operation.name.value if operation.name else "anonymous")
        context = FastContext(Scope(database().dialect, identity, language), self.settings)
        data, errors = await run_plan(compiled, coerced, context)
        response: dict[str, Any] = {"data": data}
        if errors:
            response["errors"] = self.errors(errors, scope)
        response["extensions"] = {
            "cost": {"requested": cost, "maximum": self.settings.max_query_cost},
            "rateLimit": {
                "limit": budget.limit,
                "remaining": budget.remaining,
                "resetAfterSeconds": budget.reset_after,
            },
        }
        note_result(scope, response)  # type: ignore[arg-type]
        return Response(
            orjson.dumps(response),
            media_type=f"{media}; charset=utf-8",
            headers={**rate_limit_headers(budget), "Content-Language": CONTENT_LANGUAGE[language]},
        )

    def cost(
        self, query: str, prepared: Prepared, name: str | None, variables: dict[str, Any]
    ) -> int | None:
        """The operation's cost, None when a page size is out of range (cached: the cost
        depends only on the document and the variables' values)."""
        key = (query, name, orjson.dumps(variables, option=orjson.OPT_SORT_KEYS))
        if key in self._costs:
            return self._costs[key]
        values = variable_values(prepared.document, name, variables)
        cost = None
        if page_size_problem(prepared.document, values) is None:
            cost = operation_cost(self.graphql, prepared.document, name, values)
        self._costs[key] = cost
        if len(self._costs) > COST_CACHE_SIZE:
            self._costs.popitem(last=False)
        return cost

    @staticmethod
    def errors(errors: list[GraphQLError], scope: AsgiScope) -> list[dict[str, Any]]:
        """Field errors as Strawberry's path reports them: internal ones logged and masked."""
        request_id = scope.get("state", {}).get("request_id")
        shaped = []
        for error in errors:
            if should_mask(error):
                log.error(
                    "request %s: %s", request_id, error.message, exc_info=error.original_error
                )
                error = GraphQLError(
                    MASKED_MESSAGE,
                    nodes=error.nodes,
                    source=error.source,
                    positions=error.positions,
                    path=error.path,
                )
            shaped.append(error)
        add_codes(shaped, request_id)
        return [e.formatted for e in shaped]


def _header(headers: list[tuple[bytes, bytes]], name: bytes) -> str:
    for key, value in headers:
        if key == name:
            return value.decode("latin-1")
    return ""
