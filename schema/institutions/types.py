"""Evaluation institutions, their credentials and evaluators."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Annotated

import strawberry

from portal import credentials as rules
from portal.database.models import Credential as CredentialRow
from portal.database.models import Evaluator as EvaluatorRow
from portal.database.models import Institution as InstitutionRow
from portal.vocabulary import EvaluationStatus as Status
from resolvers import evaluations
from schema.context import Info
from schema.enums import City, CredentialStatus, EvaluationPurpose, InstitutionKind, TechnologyField
from schema.relay import (
    After,
    Before,
    Connection,
    First,
    Last,
    Node,
    connection,
    page_request,
    to_global_id,
)

if TYPE_CHECKING:
    from schema.evaluations.types import Evaluation

EvaluationRef = Annotated["Evaluation", strawberry.lazy("schema.evaluations.types")]


@strawberry.type(description="An entry in a credential's status history.")
class CredentialStatusChange:
    """A status change."""

    status: CredentialStatus = strawberry.field(description="Status from this date on.")
    effective_on: datetime.date = strawberry.field(description="Date the status took effect.")
    reason: str = strawberry.field(description="Why the status changed.")


@strawberry.type(
    description="An accreditation allowing an institution to evaluate within a scope of fields and purposes for a validity period."
)
class Credential(Node):
    """A credential."""

    number: str = strawberry.field(description="Credential number.")
    issuing_authority: str = strawberry.field(description="Authority that issued it.")
    purposes: list[EvaluationPurpose] = strawberry.field(
        description="Purposes evaluations may be made for under it."
    )
    valid_from: datetime.date = strawberry.field(description="First day of validity.")
    valid_until: datetime.date = strawberry.field(description="Last day of validity.")
    status: CredentialStatus = strawberry.field(description="Current status.")
    revision: int = strawberry.field(
        description="Concurrency token: send it back as `revision` in a mutation that changes this object; it grows with every change, and a stale one is refused with STALE_VERSION."
    )
    _row: strawberry.Private[CredentialRow]

    @classmethod
    def from_model(cls, row: CredentialRow) -> Credential:
        """Wrap a credential row."""
        return cls(
            id=to_global_id("Credential", row.id),
            number=row.number,
            issuing_authority=row.issuing_authority,
            purposes=[EvaluationPurpose(p) for p in row.purposes],
            valid_from=row.valid_from,
            valid_until=row.valid_until,
            status=row.status,
            revision=row.revision,
            _row=row,
        )

    @strawberry.field(description="Technology fields in the credential's scope.")
    async def fields(self, info: Info) -> list[TechnologyField]:
        """Scope of fields."""
        return [
            f.field for f in await info.context.loaders.fields_by_credential_id.load(self._row.id)
        ]

    @strawberry.field(description="Every status change, oldest first.")
    async def status_history(self, info: Info) -> list[CredentialStatusChange]:
        """Status history."""
        rows = await info.context.loaders.status_changes_by_credential_id.load(self._row.id)
        return [
            CredentialStatusChange(status=r.status, effective_on=r.effective_on, reason=r.reason)
            for r in rows
        ]

    @strawberry.field(
        description="True when the credential was within its validity period and ACTIVE on the given date."
    )
    async def valid_on(
        self,
        info: Info,
        date: Annotated[datetime.date, strawberry.argument(description="The date to check.")],
    ) -> bool:
        """Validity on a date."""
        changes = await info.context.loaders.status_changes_by_credential_id.load(self._row.id)
        return rules.valid_on(self._row.valid_from, self._row.valid_until, changes, date)

    @strawberry.field(description="The institution holding the credential.")
    async def institution(self, info: Info) -> Institution:
        """Holder."""
        row = await info.context.loaders.institution_by_id.load(self._row.institution_id)  # type: ignore[attr-defined]
        assert row is not None
        return Institution.from_model(row)


@strawberry.type(description="A person qualified to lead evaluations for an institution.")
class Evaluator(Node):
    """An evaluator."""

    name: str = strawberry.field(description="Name.")
    title: str = strawberry.field(description="Professional title.")
    qualification_number: str = strawberry.field(
        description="Number of the personal qualification."
    )
    _row: strawberry.Private[EvaluatorRow]

    @classmethod
    def from_model(cls, row: EvaluatorRow) -> Evaluator:
        """Wrap an evaluator row."""
        return cls(
            id=to_global_id("Evaluator", row.id),
            name=row.name,
            title=row.title,
            qualification_number=row.qualification_number,
            _row=row,
        )


@strawberry.type(
    description="An accredited evaluation institution: the provincial pilot, a university technology-transfer office or a market-oriented third party."
)
class Institution(Node):
    """An evaluation institution."""

    name: str = strawberry.field(description="Name.")
    kind: InstitutionKind = strawberry.field(description="Kind of institution.")
    city: City = strawberry.field(description="City of its seat.")
    description: str = strawberry.field(description="Short description.")
    website: str = strawberry.field(description="Website address.")
    revision: int = strawberry.field(
        description="Concurrency token: send it back as `revision` in a mutation that changes this object; it grows with every change, and a stale one is refused with STALE_VERSION."
    )
    _row: strawberry.Private[InstitutionRow]

    @classmethod
    def from_model(cls, row: InstitutionRow) -> Institution:
        """Wrap an institution row."""
        return cls(
            id=to_global_id("Institution", row.id),
            name=row.name,
            kind=row.kind,
            city=row.city,
            description=row.description,
            website=row.website,
            revision=row.revision,
            _row=row,
        )

    @strawberry.field(description="Credentials held, oldest first.")
    async def credentials(self, info: Info) -> list[Credential]:
        """Credentials."""
        rows = await info.context.loaders.credentials_by_institution_id.load(self._row.id)
        return [Credential.from_model(r) for r in rows]

    @strawberry.field(description="Evaluators of the institution.")
    async def evaluators(self, info: Info) -> list[Evaluator]:
        """Evaluators."""
        rows = await info.context.loaders.evaluators_by_institution_id.load(self._row.id)
        return [Evaluator.from_model(r) for r in rows]

    @strawberry.field(description="Number of its evaluations currently PUBLISHED.")
    async def published_evaluation_count(self, info: Info) -> int:
        """Published evaluations."""
        counts = await info.context.loaders.evaluation_counts_by_institution_id.load(self._row.id)
        return counts.get(Status.PUBLISHED.value, 0)

    @strawberry.field(
        description="Number of its evaluations ever disclosed (published, superseded or revoked)."
    )
    async def disclosed_evaluation_count(self, info: Info) -> int:
        """Disclosed evaluations."""
        counts = await info.context.loaders.evaluation_counts_by_institution_id.load(self._row.id)
        return sum(counts.values())

    @strawberry.field(description="Number of its disclosed evaluations later REVOKED.")
    async def revoked_evaluation_count(self, info: Info) -> int:
        """Revoked evaluations."""
        counts = await info.context.loaders.evaluation_counts_by_institution_id.load(self._row.id)
        return counts.get(Status.REVOKED.value, 0)

    @strawberry.field(description="Its disclosed evaluations, most recently published first.")
    async def evaluations(
        self, first: First = None, after: After = None, last: Last = None, before: Before = None
    ) -> Connection[EvaluationRef]:
        """Evaluations made by the institution."""
        from schema.evaluations.types import Evaluation

        page = await evaluations.list_institution_evaluations(
            self._row.id, page_request(first, after, last, before)
        )
        return connection(page, Evaluation.from_model)
