"""The vocabularies as data: every code the API uses, named in Chinese and in English."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import strawberry

from resolvers.select import Scope
from resolvers.sql import Sql, param
from schema.plan.declare import column, entity, root_list, text


@entity("term")
@strawberry.type(
    description="One member of a fixed vocabulary (a city, a technology field, a status, ...): the code the API uses and its names in both languages."
)
class Term:
    """A vocabulary member."""

    vocabulary: str = column(
        "vocabulary", description="The vocabulary, named as the GraphQL enum using it (e.g. City)."
    )
    code: str = column("code", description="The code, as the GraphQL enum value (e.g. BAODING).")
    name: str = text(
        "name_zh",
        en="name_en",
        description="The name in the response's language (Accept-Language: Chinese first, English second).",
    )
    name_zh: str = column("name_zh", description="The Chinese (zh-CN) name.")
    name_en: str = column("name_en", description="The English name.")
    position: int = column("position", description="Position of the member in its vocabulary.")


def of_vocabulary(scope: Scope, alias: str, args: Mapping[str, Any]) -> list[Sql]:
    """Only the vocabulary asked for, if one was."""
    name = args.get("name")
    return [Sql(f"{alias}.vocabulary = ", param(name))] if name else []


@strawberry.type
class VocabularyQuery:
    """Vocabulary queries."""

    vocabulary: list[Term] = root_list(
        description="Members of the fixed vocabularies with their names in Chinese and English, by vocabulary and position; one vocabulary when `name` is given.",
        order=("vocabulary", "position"),
        filters=of_vocabulary,
        arguments={"name": (str | None, "A vocabulary's name, e.g. City or PolicyInstrument.")},
    )
