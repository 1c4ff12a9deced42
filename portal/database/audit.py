"""The audit trail: an append-only, hash-chained record of every successful mutation.

Each entry's hash covers its own fields and the previous entry's hash, so changing or
deleting any entry breaks every link after it, and `verify_chain` names the first one.
Since hash version 2 the hash also covers who may read the entry (`rules.audit_scope`), so
nobody can widen or narrow an entry's audience unnoticed; entries written before keep
version 1 and the hash they were given.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any
from uuid import UUID

import orjson
from tortoise import connections
from tortoise.models import Model

from portal.auth.identity import Identity
from portal.auth.rules import audit_scope
from portal.database.models import AuditEntry

GENESIS = "0" * 64
HASH_VERSION = 2
CHAIN_LOCK = 7_246_001  # PostgreSQL advisory lock serialising appends across processes


def _plain(value: Any) -> Any:
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, (Decimal, UUID)):
        return str(value)
    return value


def snapshot(row: Model) -> dict[str, Any]:
    """The stored fields of a row as plain JSON values."""
    return {name: _plain(getattr(row, name)) for name in sorted(row._meta.db_fields)}


def digest(data: dict[str, Any] | None) -> str | None:
    """SHA-256 of a snapshot in canonical JSON (sorted keys)."""
    if data is None:
        return None
    return hashlib.sha256(orjson.dumps(data, option=orjson.OPT_SORT_KEYS)).hexdigest()


def entry_hash(entry: AuditEntry) -> str:
    """The hash an entry must carry, given its fields and its previous hash."""
    fields = {
        "occurred_at": entry.occurred_at.astimezone(UTC).isoformat(),
        "actor": entry.actor,
        "role": entry.role,
        "action": entry.action,
        "target_type": entry.target_type,
        "target_id": entry.target_id,
        "before": entry.before_digest,
        "after": entry.after_digest,
        "previous": entry.previous_hash,
    }
    if entry.hash_version >= 2:
        fields |= {
            "hash_version": entry.hash_version,
            "public": entry.public,
            "institution_id": entry.institution_id,
            "department_id": entry.department_id,
        }
    return hashlib.sha256(orjson.dumps(fields, option=orjson.OPT_SORT_KEYS)).hexdigest()


async def append(
    identity: Identity, action: str, target: Model, before: dict[str, Any] | None
) -> AuditEntry:
    """Append an entry for `action` on `target`. Call inside the mutation's transaction."""
    conn = connections.get("default")
    if conn.capabilities.dialect == "postgres":
        await conn.execute_query("SELECT pg_advisory_xact_lock($1)", [CHAIN_LOCK])
    last = await AuditEntry.all().order_by("-id").first()
    after = snapshot(target)
    scope = audit_scope(action, type(target).__name__, after, before)
    entry = AuditEntry(
        occurred_at=datetime.now(UTC).replace(microsecond=0),
        actor=identity.actor,
        role=identity.role.value if identity.role else "PUBLIC",
        action=action,
        target_type=type(target).__name__,
        target_id=target.pk,
        before_digest=digest(before),
        after_digest=digest(after),
        previous_hash=last.entry_hash if last else GENESIS,
        public=scope.public,
        institution_id=scope.institution_id,
        department_id=scope.department_id,
        hash_version=HASH_VERSION,
    )
    entry.entry_hash = entry_hash(entry)
    await entry.save()
    return entry


@dataclass(frozen=True)
class Verdict:
    """The outcome of checking the chain."""

    entries: int
    first_broken_id: int | None
    reason: str | None


async def verify_chain() -> Verdict:
    """Recompute every link in order; report the first entry that does not hold."""
    previous, count = GENESIS, 0
    for entry in await AuditEntry.all().order_by("id"):
        count += 1
        if entry.previous_hash != previous:
            return Verdict(count, entry.id, "previous_hash does not match the entry before it")
        if entry_hash(entry) != entry.entry_hash:
            return Verdict(count, entry.id, "entry_hash does not match the entry's contents")
        previous = entry.entry_hash
    return Verdict(count, None, None)
