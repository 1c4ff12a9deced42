"""Support policies as the read path sees them: only published and closed ones are public."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from portal.vocabulary import PUBLIC_POLICY_STATUSES
from resolvers.conditions import Filter, combine, one_of, search
from resolvers.errors import InvalidArgument
from resolvers.keyset import SortKey
from resolvers.select import Scope
from resolvers.sql import Sql, param
from resolvers.visibility import sees_drafts

POLICY_SORT_KEYS: dict[str, SortKey | None] = {
    "ID": None,
    "TITLE": SortKey("title", str),
    "OPENS_ON": SortKey("opens_on", date),
    "PUBLISHED_AT": SortKey("published_at", datetime, nullable=True),
}

SEARCHED = ("title", "title_en", "summary", "summary_en")
"""Columns a policy's text search looks in: each Chinese column and its English twin."""


async def policy_filters(scope: Scope, alias: str, spec: Filter | None, path: str) -> list[Sql]:
    """The SQL conditions of a policy filter over `policy` aliased `alias`."""
    drafts = sees_drafts(scope.identity)
    t = alias

    async def leaf(f: Filter, p: str) -> list[Sql]:
        statuses = f.get("status")
        if statuses and not drafts and not set(statuses) <= set(PUBLIC_POLICY_STATUSES):
            raise InvalidArgument(f"{p}.status", "only PUBLISHED and CLOSED policies are public")
        parts = one_of(scope, f"{t}.status", statuses)
        parts += one_of(scope, f"{t}.instrument", f.get("instrument"))
        if f.get("department"):
            codes = scope.dialect.in_list("d.code", f["department"])
            parts.append(
                Sql(
                    f"{t}.department_id IN (SELECT d.id FROM {scope.table('department')} AS d "
                    "WHERE ",
                    codes,
                    ")",
                )
            )
        day = f.get("openOn")
        if day is not None:
            parts += [
                Sql(f"{t}.status = 'PUBLISHED'"),
                Sql(f"{t}.opens_on <= ", param(day)),
                Sql(f"({t}.closes_on IS NULL OR {t}.closes_on >= ", param(day), ")"),
            ]
        if not f.get("includeAmendedVersions"):
            parts.append(Sql(f"{t}.is_current = ", param(True)))
        parts += search(scope, f.get("search"), [f"{t}.{c}" for c in SEARCHED], p)
        return parts

    return await combine(spec, path, leaf)


def current_unless_filtered(scope: Scope, alias: str, spec: Any) -> Sql | None:
    """Without a filter, only current versions are listed (a filter decides for itself)."""
    return None if spec else Sql(f"{alias}.is_current = ", param(True))
