"""The audit log, for administrators, government departments and institutions."""

from __future__ import annotations

import datetime

import strawberry

from resolvers.audit import audit_rows
from schema.plan.declare import column, derived, entity, root_page
from schema.plan.values import global_id
from schema.relay import Connection


@entity("audit_entry", visible=audit_rows)
@strawberry.type(
    description="One successful mutation in the append-only, hash-chained audit trail."
)
class AuditEntry:
    """An audit entry."""

    sequence: int = column("id", description="Position in the chain, from 1.")
    occurred_at: datetime.datetime = column(
        "occurred_at", description="When the mutation committed."
    )
    actor: str = column("actor", description="Who did it (token id and name).")
    role: str = column("role", description="Role of the actor.")
    action: str = column("action", description="The mutation, e.g. policyPublish.")
    target_type: str = column("target_type", description="Kind of object changed.")
    target_id: strawberry.ID = derived(
        ("target_type", "target_id"), global_id, description="Global ID of the object changed."
    )
    before_digest: str | None = column(
        "before_digest", description="SHA-256 of the object before, null for a creation."
    )
    after_digest: str | None = column("after_digest", description="SHA-256 of the object after.")
    previous_hash: str = column("previous_hash", description="Hash of the previous entry.")
    entry_hash: str = column(
        "entry_hash", description="Hash of this entry, covering its fields and previousHash."
    )


@strawberry.type
class AuditQuery:
    """Audit queries."""

    audit_log: Connection[AuditEntry] = root_page(
        description="The audit trail, newest first. ADMIN tokens read every entry; GOVERNMENT and INSTITUTION tokens read the public ones (publications, supersessions, revocations, closings, amendments and withdrawals of published policies, credential changes, registrations) and those about their own department's policies or their own institution's evaluations, drafts included. Entries are chained by hash across the whole trail, so `previousHash` may name an entry the caller cannot read.",
        ordering=("ID", True),
        arguments={},
        permission="auditLog",
    )
