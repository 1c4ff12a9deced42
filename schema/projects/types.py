"""Projects and the organizations that own them."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Annotated

import strawberry

from portal.database.models import Organization as OrganizationRow
from portal.database.models import Project as ProjectRow
from schema.context import Info
from schema.enums import (
    ChainStage,
    City,
    OrganizationKind,
    OrganizationLabel,
    ProjectKind,
    TechnologyField,
)
from schema.relay import Node, to_global_id

if TYPE_CHECKING:
    from schema.evaluations.types import Evaluation

EvaluationRef = Annotated["Evaluation", strawberry.lazy("schema.evaluations.types")]


@strawberry.type(description="An enterprise, university or research institute that owns projects.")
class Organization(Node):
    """An organization."""

    name: str = strawberry.field(description="Registered name.")
    kind: OrganizationKind = strawberry.field(description="Kind of organization.")
    credit_code: str = strawberry.field(
        description="Unified social credit code (18 characters, GB 32100-2015)."
    )
    city: City = strawberry.field(description="City of registration.")
    revision: int = strawberry.field(
        description="Concurrency token: send it back as `revision` in a mutation that changes this object; it grows with every change, and a stale one is refused with STALE_VERSION."
    )
    _row: strawberry.Private[OrganizationRow]

    @classmethod
    def from_model(cls, row: OrganizationRow) -> Organization:
        """Wrap an organization row."""
        return cls(
            id=to_global_id("Organization", row.id),
            name=row.name,
            kind=row.kind,
            credit_code=row.credit_code,
            city=row.city,
            revision=row.revision,
            _row=row,
        )

    @strawberry.field(
        description="Recognitions the organization holds (high-tech enterprise, technology SME, ...)."
    )
    async def labels(self, info: Info) -> list[OrganizationLabel]:
        """Labels held."""
        return [
            g.label for g in await info.context.loaders.labels_by_organization_id.load(self._row.id)
        ]


@strawberry.type(description="Counts of intellectual property behind a project.")
class IntellectualProperty:
    """Intellectual-property counts."""

    invention_patents: int = strawberry.field(description="Granted invention patents.")
    utility_patents: int = strawberry.field(description="Granted utility-model patents.")
    software_copyrights: int = strawberry.field(description="Registered software copyrights.")
    pending_applications: int = strawberry.field(description="Patent applications still pending.")


@strawberry.type(
    description="An R&D project or scientific achievement on its way from the laboratory to the production line."
)
class Project(Node):
    """A project or achievement."""

    kind: ProjectKind = strawberry.field(description="R&D project or achievement.")
    title: str = strawberry.field(description="Title.")
    summary: str = strawberry.field(description="Short description.")
    keywords: list[str] = strawberry.field(description="Keywords, in the owner's order.")
    field: TechnologyField = strawberry.field(description="Technology field.")
    city: City = strawberry.field(description="City where the project is carried out.")
    stage: ChainStage = strawberry.field(description="Stage of the chain the project has reached.")
    intellectual_property: IntellectualProperty = strawberry.field(
        description="Intellectual-property counts."
    )
    created_at: datetime.datetime = strawberry.field(description="When the project was registered.")
    updated_at: datetime.datetime = strawberry.field(
        description="When the project record last changed."
    )
    revision: int = strawberry.field(
        description="Concurrency token: send it back as `revision` in a mutation that changes this object; it grows with every change, and a stale one is refused with STALE_VERSION."
    )
    _row: strawberry.Private[ProjectRow]

    @classmethod
    def from_model(cls, row: ProjectRow) -> Project:
        """Wrap a project row."""
        return cls(
            id=to_global_id("Project", row.id),
            kind=row.kind,
            title=row.title,
            summary=row.summary,
            keywords=[k.strip() for k in row.keywords.split(",") if k.strip()],
            field=row.field,
            city=row.city,
            stage=row.stage,
            intellectual_property=IntellectualProperty(
                invention_patents=row.invention_patents,
                utility_patents=row.utility_patents,
                software_copyrights=row.software_copyrights,
                pending_applications=row.pending_applications,
            ),
            created_at=row.created_at,
            updated_at=row.updated_at,
            revision=row.revision,
            _row=row,
        )

    @strawberry.field(description="The organization that owns the project.")
    async def owner(self, info: Info) -> Organization:
        """Owner of the project."""
        row = await info.context.loaders.organization_by_id.load(self._row.owner_id)  # type: ignore[attr-defined]
        assert row is not None
        return Organization.from_model(row)

    @strawberry.field(
        description="The current published evaluation, or null when none is in force."
    )
    async def latest_evaluation(self, info: Info) -> EvaluationRef | None:
        """Current published evaluation."""
        from schema.evaluations.types import Evaluation

        if self._row.latest_evaluation_id is None:
            return None
        row = await info.context.loaders.evaluation_by_id.load(self._row.latest_evaluation_id)
        return Evaluation.from_model(row) if row else None

    @strawberry.field(
        description="Every disclosed evaluation version (published, superseded or revoked), newest version first."
    )
    async def evaluations(self, info: Info) -> list[EvaluationRef]:
        """Evaluation history."""
        from schema.evaluations.types import Evaluation

        rows = await info.context.loaders.evaluations_by_project_id.load(self._row.id)
        return [Evaluation.from_model(r) for r in rows]
