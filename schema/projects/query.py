"""Queries over projects."""

from __future__ import annotations

from typing import Annotated

import strawberry

from resolvers import projects
from schema.enums import OrderDirection
from schema.projects.inputs import ProjectFilter, ProjectOrder, ProjectOrderField
from schema.projects.types import Project
from schema.relay import After, Before, Connection, First, Last, as_filter, connection, page_request

DEFAULT_ORDER = ProjectOrder(field=ProjectOrderField.ID, direction=OrderDirection.ASC)


@strawberry.type
class ProjectQuery:
    """Project queries."""

    @strawberry.field(
        description="Projects and achievements across the whole chain, filtered, ordered and paged with keyset cursors."
    )
    async def projects(
        self,
        filter: Annotated[
            ProjectFilter | None,
            strawberry.argument(description="Conditions the projects must meet."),
        ] = None,
        order_by: Annotated[
            ProjectOrder | None,
            strawberry.argument(description="Ordering; by id ascending when omitted."),
        ] = None,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[Project]:
        """List projects."""
        order = order_by or DEFAULT_ORDER
        page = await projects.list_projects(
            as_filter(filter),
            order.field.name,
            order.direction is OrderDirection.DESC,
            page_request(first, after, last, before),
        )
        return connection(page, Project.from_model)
