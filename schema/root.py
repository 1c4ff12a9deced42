"""The root Query and Mutation, composed from the domains."""

from __future__ import annotations

import strawberry

from schema.admin.mutation import AdminMutation
from schema.audit.query import AuditQuery
from schema.evaluations.mutation import EvaluationMutation
from schema.evaluations.query import EvaluationQuery
from schema.institutions.query import InstitutionQuery
from schema.nodes import NodeQuery
from schema.policies.mutation import PolicyMutation
from schema.policies.query import PolicyQuery
from schema.projects.query import ProjectQuery
from schema.scales.query import ScaleQuery
from schema.summary.query import SummaryQuery
from schema.viewer.query import ViewerQuery
from schema.vocabulary.query import VocabularyQuery


@strawberry.type(
    description="Public, read-only entry points of Kilometer: projects, evaluations, institutions, policies and maturity scales across the chain from research to production."
)
class Query(
    NodeQuery,
    ProjectQuery,
    EvaluationQuery,
    InstitutionQuery,
    PolicyQuery,
    ScaleQuery,
    SummaryQuery,
    ViewerQuery,
    VocabularyQuery,
    AuditQuery,
):
    """Root query type."""


@strawberry.type(
    description="Writes, each guarded by the caller's role: governments publish policies, institutions publish evaluations, administrators accredit and issue. Each takes one `input` and is all-or-nothing."
)
class Mutation(PolicyMutation, EvaluationMutation, AdminMutation):
    """Root mutation type."""
