"""Queries over projects."""

from __future__ import annotations

import strawberry

from resolvers.projects import project_filters
from schema.plan.declare import root_page
from schema.projects.inputs import ProjectFilter, ProjectOrder
from schema.projects.types import Project
from schema.relay import Connection


@strawberry.type
class ProjectQuery:
    """Project queries."""

    projects: Connection[Project] = root_page(
        description="Projects and achievements across the whole chain, filtered, ordered and paged with keyset cursors.",
        ordering=("ID", False),
        filters=project_filters,
        arguments={
            "filter": (ProjectFilter | None, "Conditions the projects must meet."),
            "order_by": (ProjectOrder | None, "Ordering; by id ascending when omitted."),
        },
    )
