"""Parsing and validating documents once: the limits as validation rules built once, and a
cache of documents by their text shared by every path that reads them.

Strawberry's depth and alias limiters build a new rule class per request, so no validation
cache keyed on the rules could ever hit; here the rules exist once per process.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from graphql import DocumentNode, GraphQLError, GraphQLSchema, parse, specified_rules, validate
from strawberry.extensions import SchemaExtension
from strawberry.extensions.max_aliases import create_validator as alias_rule
from strawberry.extensions.query_depth_limiter import create_validator as depth_rule
from strawberry.schema.validation_rules.maybe_null import MaybeNullValidationRule
from strawberry.schema.validation_rules.one_of import OneOfInputValidationRule

from schema.limits import selection_problem

MAX_DEPTH = 12
MAX_ALIASES = 30
MAX_TOKENS = 10_000
CACHE_SIZE = 1024

RULES = (
    *specified_rules,
    MaybeNullValidationRule,
    OneOfInputValidationRule,
    depth_rule(MAX_DEPTH, None, None),
    alias_rule(MAX_ALIASES),
)
"""Every rule a document must pass, built once."""


@dataclass(frozen=True, eq=False)
class Checked:
    """A document and what validation said of it."""

    document: DocumentNode | None
    errors: list[GraphQLError]


class Documents:
    """Parsed and validated documents by their text (an LRU)."""

    def __init__(self, size: int = CACHE_SIZE) -> None:
        self.size = size
        self._entries: OrderedDict[str, Checked] = OrderedDict()

    def check(self, schema: GraphQLSchema, text: str) -> Checked:
        """The document of `text`, parsed and validated the first time only."""
        hit = self._entries.get(text)
        if hit is not None:
            self._entries.move_to_end(text)
            return hit
        checked = self._check(schema, text)
        self._entries[text] = checked
        if len(self._entries) > self.size:
            self._entries.popitem(last=False)
        return checked

    def validated(self, schema: GraphQLSchema, document: DocumentNode) -> list[GraphQLError]:
        """Validation errors of an already parsed document (cached by its text)."""
        source = document.loc.source.body if document.loc else None
        if source is None:
            return _validate(schema, document)
        hit = self._entries.get(source)
        if hit is not None and hit.document is not None:
            return hit.errors
        errors = _validate(schema, document)
        self._entries[source] = Checked(document, errors)
        if len(self._entries) > self.size:
            self._entries.popitem(last=False)
        return errors

    @staticmethod
    def _check(schema: GraphQLSchema, text: str) -> Checked:
        try:
            document = parse(text, max_tokens=MAX_TOKENS)
        except GraphQLError as error:
            return Checked(None, [error])
        return Checked(document, _validate(schema, document))


def _validate(schema: GraphQLSchema, document: DocumentNode) -> list[GraphQLError]:
    problem = selection_problem(document)
    if problem is not None:
        return [GraphQLError(problem, extensions={"code": "GRAPHQL_VALIDATION_FAILED"})]
    return validate(schema, document, RULES)


DOCUMENTS = Documents()


class ValidateOnce(SchemaExtension):
    """Validation for Strawberry's path: selection limits first, then every rule, cached."""

    def on_validate(self) -> Iterator[None]:
        context = self.execution_context
        document = context.graphql_document
        if document is not None and context.pre_execution_errors is None:
            context.pre_execution_errors = DOCUMENTS.validated(context.schema._schema, document)
        yield


def parse_options() -> dict[str, Any]:
    """What documents are parsed with."""
    return {"max_tokens": MAX_TOKENS}
