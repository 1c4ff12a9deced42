"""Projects and the organizations that own them."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Annotated

import strawberry

from portal import vocabulary as v
from resolvers.projects import PROJECT_SORT_KEYS
from schema.enums import (
    ChainStage,
    City,
    OrganizationKind,
    OrganizationLabel,
    ProjectKind,
    TechnologyField,
)
from schema.plan.declare import column, embedded, entity, term_name, text, to_many, to_one, values
from schema.plan.values import split_list
from schema.relay import Node

if TYPE_CHECKING:
    from schema.evaluations.types import Evaluation

EvaluationRef = Annotated["Evaluation", strawberry.lazy("schema.evaluations.types")]

REVISION = "Concurrency token: send it back as `revision` in a mutation that changes this object; it grows with every change, and a stale one is refused with STALE_VERSION."


@entity("organization")
@strawberry.type(description="An enterprise, university or research institute that owns projects.")
class Organization(Node):
    """An organization."""

    name: str = text("name", description="Registered name.")
    kind: OrganizationKind = column("kind", description="Kind of organization.")
    credit_code: str = column(
        "credit_code", description="Unified social credit code (18 characters, GB 32100-2015)."
    )
    city: City = column("city", description="City of registration.")
    kind_name: str = term_name(
        "kind",
        v.OrganizationKind,
        description="Name of `kind` in the response's language (Accept-Language: Chinese first, English second).",
    )
    city_name: str = term_name(
        "city",
        v.City,
        description="Name of `city` in the response's language (Accept-Language: Chinese first, English second).",
    )
    revision: int = column("revision", description=REVISION)
    labels: list[OrganizationLabel] = values(
        "organization_label",
        "organization_id",
        "label",
        order=("label",),
        description="Recognitions the organization holds (high-tech enterprise, technology SME, ...).",
    )


@strawberry.type(description="Counts of intellectual property behind a project.")
class IntellectualProperty:
    """Intellectual-property counts."""

    invention_patents: int = column("invention_patents", description="Granted invention patents.")
    utility_patents: int = column("utility_patents", description="Granted utility-model patents.")
    software_copyrights: int = column(
        "software_copyrights", description="Registered software copyrights."
    )
    pending_applications: int = column(
        "pending_applications", description="Patent applications still pending."
    )


@entity("project", orderings=PROJECT_SORT_KEYS)
@strawberry.type(
    description="An R&D project or scientific achievement on its way from the laboratory to the production line."
)
class Project(Node):
    """A project or achievement."""

    kind: ProjectKind = column("kind", description="R&D project or achievement.")
    title: str = text("title", description="Title.")
    summary: str = text("summary", description="Short description.")
    keywords: list[str] = column(
        "keywords", conv=split_list(), description="Keywords, in the owner's order."
    )
    field: TechnologyField = column("field", description="Technology field.")
    city: City = column("city", description="City where the project is carried out.")
    stage: ChainStage = column("stage", description="Stage of the chain the project has reached.")
    kind_name: str = term_name(
        "kind",
        v.ProjectKind,
        description="Name of `kind` in the response's language (Accept-Language: Chinese first, English second).",
    )
    field_name: str = term_name(
        "field",
        v.TechnologyField,
        description="Name of `field` in the response's language (Accept-Language: Chinese first, English second).",
    )
    city_name: str = term_name(
        "city",
        v.City,
        description="Name of `city` in the response's language (Accept-Language: Chinese first, English second).",
    )
    stage_name: str = term_name(
        "stage",
        v.ChainStage,
        description="Name of `stage` in the response's language (Accept-Language: Chinese first, English second).",
    )
    intellectual_property: IntellectualProperty = embedded(
        description="Intellectual-property counts."
    )
    created_at: datetime.datetime = column(
        "created_at", description="When the project was registered."
    )
    updated_at: datetime.datetime = column(
        "updated_at", description="When the project record last changed."
    )
    revision: int = column("revision", description=REVISION)
    owner: Organization = to_one("owner_id", description="The organization that owns the project.")
    latest_evaluation: EvaluationRef | None = to_one(
        "latest_evaluation_id",
        description="The current published evaluation, or null when none is in force.",
    )
    evaluations: list[EvaluationRef] = to_many(
        "project_id",
        order=("-version", "-id"),
        description="Every disclosed evaluation version (published, superseded or revoked), newest version first.",
    )
