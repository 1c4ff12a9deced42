"""The audit log, for administrators, government departments and institutions."""

from __future__ import annotations

import datetime

import strawberry

from portal.database.models import AuditEntry as EntryRow
from resolvers import audit
from schema.context import Info
from schema.permissions import requires
from schema.relay import (
    After,
    Before,
    Connection,
    First,
    Last,
    connection,
    page_request,
    to_global_id,
)


@strawberry.type(
    description="One successful mutation in the append-only, hash-chained audit trail."
)
class AuditEntry:
    """An audit entry."""

    sequence: int = strawberry.field(description="Position in the chain, from 1.")
    occurred_at: datetime.datetime = strawberry.field(description="When the mutation committed.")
    actor: str = strawberry.field(description="Who did it (token id and name).")
    role: str = strawberry.field(description="Role of the actor.")
    action: str = strawberry.field(description="The mutation, e.g. policyPublish.")
    target_type: str = strawberry.field(description="Kind of object changed.")
    target_id: strawberry.ID = strawberry.field(description="Global ID of the object changed.")
    before_digest: str | None = strawberry.field(
        description="SHA-256 of the object before, null for a creation."
    )
    after_digest: str | None = strawberry.field(description="SHA-256 of the object after.")
    previous_hash: str = strawberry.field(description="Hash of the previous entry.")
    entry_hash: str = strawberry.field(
        description="Hash of this entry, covering its fields and previousHash."
    )

    @classmethod
    def from_model(cls, row: EntryRow) -> AuditEntry:
        """Wrap an audit row."""
        return cls(
            sequence=row.id,
            occurred_at=row.occurred_at,
            actor=row.actor,
            role=row.role,
            action=row.action,
            target_type=row.target_type,
            target_id=to_global_id(row.target_type, row.target_id),
            before_digest=row.before_digest,
            after_digest=row.after_digest,
            previous_hash=row.previous_hash,
            entry_hash=row.entry_hash,
        )


@strawberry.type
class AuditQuery:
    """Audit queries."""

    @strawberry.field(
        description="The audit trail, newest first. ADMIN tokens read every entry; GOVERNMENT and INSTITUTION tokens read the public ones (publications, supersessions, revocations, closings, amendments and withdrawals of published policies, credential changes, registrations) and those about their own department's policies or their own institution's evaluations, drafts included. Entries are chained by hash across the whole trail, so `previousHash` may name an entry the caller cannot read.",
        permission_classes=[requires("auditLog")],
    )
    async def audit_log(
        self,
        info: Info,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[AuditEntry]:
        """Audit entries the caller may read."""
        page = await audit.list_audit(
            info.context.identity, page_request(first, after, last, before)
        )
        return connection(page, AuditEntry.from_model)
