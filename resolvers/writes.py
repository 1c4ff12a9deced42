"""Helpers every write shares: compare-and-set on a row's revision, and auditing it."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TypeVar

from tortoise.models import Model

from portal.auth import Identity
from portal.database import audit
from resolvers.errors import UserErrorCode, refuse

M = TypeVar("M", bound=Model)


def check_revision(row: Any, revision: int) -> None:
    """Refuse with STALE_VERSION when the caller did not read the row's current revision."""
    if row.revision != revision:
        raise refuse(
            "revision",
            UserErrorCode.STALE_VERSION,
            f"the object changed since revision {revision} (it is now at {row.revision}); read it again",
        )


def check_status(row: Any, allowed: Iterable[Any], action: str) -> None:
    """Refuse with INVALID_STATUS unless the row's status is one of `allowed`."""
    allowed = list(allowed)
    if row.status not in allowed:
        names = ", ".join(str(s) for s in allowed)
        raise refuse(
            "id",
            UserErrorCode.INVALID_STATUS,
            f"cannot {action} a {row.status} object (only {names})",
        )


async def compare_and_set(row: M, revision: int, **changes: Any) -> M:
    """Apply `changes` to `row` only if its revision is still `revision`; bump the revision.

    The check and the write are one UPDATE ... WHERE revision = ?, so of two concurrent
    writers holding the same revision exactly one succeeds.

    Raises:
        InputErrors: STALE_VERSION when the row changed since `revision`.
    """
    model = type(row)
    updated = await model.filter(id=row.pk, revision=revision).update(
        revision=revision + 1, **changes
    )
    await row.refresh_from_db()
    if updated != 1:
        check_revision(row, revision)
        raise refuse("revision", UserErrorCode.STALE_VERSION, "the object changed; read it again")
    return row


async def audited(identity: Identity, action: str, row: M, before: dict[str, Any] | None) -> M:
    """Append the audit entry for a write that produced `row`; returns the row."""
    await audit.append(identity, action, row, before)
    return row
