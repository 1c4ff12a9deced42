"""Evaluation institutions, their credentials and evaluators."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Annotated, Any

import strawberry

from portal import vocabulary as v
from portal.vocabulary import DISCLOSED_EVALUATION_STATUSES, EvaluationStatus
from resolvers.institutions import INSTITUTION_SORT_KEYS, evaluation_count
from resolvers.select import Scope
from resolvers.sql import Sql, param
from schema.enums import City, CredentialStatus, EvaluationPurpose, InstitutionKind, TechnologyField
from schema.plan.declare import column, entity, expr, page, term_name, text, to_many, to_one, values
from schema.plan.values import BOOL
from schema.relay import Connection, Node

if TYPE_CHECKING:
    from schema.evaluations.types import Evaluation

EvaluationRef = Annotated["Evaluation", strawberry.lazy("schema.evaluations.types")]

REVISION = "Concurrency token: send it back as `revision` in a mutation that changes this object; it grows with every change, and a stale one is refused with STALE_VERSION."


def valid_on(scope: Scope, alias: str, args: Any) -> Sql:
    """The credential was in its validity period and ACTIVE on the date argument."""
    day = args["date"]
    return Sql(
        f"({alias}.valid_from <= ",
        param(day),
        f" AND {alias}.valid_until >= ",
        param(day),
        f" AND (SELECT vs.status FROM {scope.table('credential_status_change')} AS vs "
        f"WHERE vs.credential_id = {alias}.id AND vs.effective_on <= ",
        param(day),
        " ORDER BY vs.effective_on DESC, vs.id DESC LIMIT 1) = 'ACTIVE')",
    )


def disclosed(scope: Scope, alias: str) -> Sql:
    """Only disclosed evaluations (an institution's page is public)."""
    listed = ", ".join(f"'{s}'" for s in DISCLOSED_EVALUATION_STATUSES)
    return Sql(f"{alias}.status IN ({listed})")


@entity("credential_status_change")
@strawberry.type(description="An entry in a credential's status history.")
class CredentialStatusChange:
    """A status change."""

    status: CredentialStatus = column("status", description="Status from this date on.")
    status_name: str = term_name(
        "status",
        v.CredentialStatus,
        description="Name of `status` in the response's language (Accept-Language: Chinese first, English second).",
    )
    effective_on: datetime.date = column("effective_on", description="Date the status took effect.")
    reason: str = text("reason", description="Why the status changed.")


@entity("credential")
@strawberry.type(
    description="An accreditation allowing an institution to evaluate within a scope of fields and purposes for a validity period."
)
class Credential(Node):
    """A credential."""

    number: str = column("number", description="Credential number.")
    issuing_authority: str = text("issuing_authority", description="Authority that issued it.")
    purposes: list[EvaluationPurpose] = column(
        "purposes", description="Purposes evaluations may be made for under it."
    )
    valid_from: datetime.date = column("valid_from", description="First day of validity.")
    valid_until: datetime.date = column("valid_until", description="Last day of validity.")
    status: CredentialStatus = column("status", description="Current status.")
    status_name: str = term_name(
        "status",
        v.CredentialStatus,
        description="Name of `status` in the response's language (Accept-Language: Chinese first, English second).",
    )
    revision: int = column("revision", description=REVISION)
    fields: list[TechnologyField] = values(
        "credential_field",
        "credential_id",
        "field",
        order=("field",),
        description="Technology fields in the credential's scope.",
    )
    status_history: list[CredentialStatusChange] = to_many(
        "credential_id",
        order=("effective_on", "id"),
        description="Every status change, oldest first.",
    )
    valid_on: bool = expr(
        valid_on,
        conv=BOOL,
        arguments={"date": (datetime.date, "The date to check.")},
        description="True when the credential was within its validity period and ACTIVE on the given date.",
    )
    institution: Institution = to_one(
        "institution_id", description="The institution holding the credential."
    )


@entity("evaluator")
@strawberry.type(description="A person qualified to lead evaluations for an institution.")
class Evaluator(Node):
    """An evaluator."""

    name: str = text("name", description="Name.")
    title: str = text("title", description="Professional title.")
    qualification_number: str = column(
        "qualification_number", description="Number of the personal qualification."
    )


@entity("institution", orderings=INSTITUTION_SORT_KEYS)
@strawberry.type(
    description="An accredited evaluation institution: the provincial pilot, a university technology-transfer office or a market-oriented third party."
)
class Institution(Node):
    """An evaluation institution."""

    name: str = text("name", description="Name.")
    kind: InstitutionKind = column("kind", description="Kind of institution.")
    city: City = column("city", description="City of its seat.")
    kind_name: str = term_name(
        "kind",
        v.InstitutionKind,
        description="Name of `kind` in the response's language (Accept-Language: Chinese first, English second).",
    )
    city_name: str = term_name(
        "city",
        v.City,
        description="Name of `city` in the response's language (Accept-Language: Chinese first, English second).",
    )
    description: str = text("description", description="Short description.")
    website: str = column("website", description="Website address.")
    revision: int = column("revision", description=REVISION)
    credentials: list[Credential] = to_many(
        "institution_id", order=("valid_from", "id"), description="Credentials held, oldest first."
    )
    evaluators: list[Evaluator] = to_many(
        "institution_id", order=("id",), description="Evaluators of the institution."
    )
    published_evaluation_count: int = expr(
        evaluation_count((EvaluationStatus.PUBLISHED.value,)),
        description="Number of its evaluations currently PUBLISHED.",
    )
    disclosed_evaluation_count: int = expr(
        evaluation_count(tuple(s.value for s in DISCLOSED_EVALUATION_STATUSES)),
        description="Number of its evaluations ever disclosed (published, superseded or revoked).",
    )
    revoked_evaluation_count: int = expr(
        evaluation_count((EvaluationStatus.REVOKED.value,)),
        description="Number of its disclosed evaluations later REVOKED.",
    )
    evaluations: Connection[EvaluationRef] = page(
        "institution_id",
        ordering=("PUBLISHED_AT", True),
        where=disclosed,
        description="Its disclosed evaluations, most recently published first.",
    )
