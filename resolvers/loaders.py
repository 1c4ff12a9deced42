"""Batch functions and the per-request `Loaders` container.

Every relation the API exposes resolves through one of these loaders, so a page of N
objects with nested relations costs one SQL statement per relation, whatever N is.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field, fields
from typing import Any, TypeVar

from strawberry.dataloader import DataLoader
from tortoise.functions import Count
from tortoise.models import Model
from tortoise.queryset import QuerySet

from portal.auth import ANONYMOUS, Identity
from portal.database.models import (
    Credential,
    CredentialField,
    CredentialStatusChange,
    Department,
    Evaluation,
    Evaluator,
    Institution,
    MaturityLevel,
    MaturityScale,
    Organization,
    OrganizationLabelGrant,
    PanelMember,
    Policy,
    Project,
    RiskFactor,
)
from portal.vocabulary import DISCLOSED_EVALUATION_STATUSES, EvaluationStatus
from resolvers.visibility import visible_evaluations, visible_policies

M = TypeVar("M", bound=Model)


def by_id(query: Callable[[], QuerySet[M]]) -> Callable[[Sequence[int]], Awaitable[list[M | None]]]:
    """Batch function loading rows of `query()` by primary key, None for ids not visible."""

    async def load(ids: Sequence[int]) -> list[M | None]:
        rows = {row.pk: row for row in await query().filter(id__in=list(ids))}
        return [rows.get(i) for i in ids]

    return load


def grouped(
    query: Callable[[], QuerySet[M]], key: str
) -> Callable[[Sequence[Any]], Awaitable[list[list[M]]]]:
    """Batch function loading lists of rows of `query()` whose column `key` is in the keys."""

    async def load(keys: Sequence[Any]) -> list[list[M]]:
        groups: dict[Any, list[M]] = defaultdict(list)
        for row in await query().filter(**{f"{key}__in": list(keys)}):
            groups[getattr(row, key)].append(row)
        return [groups.get(k, []) for k in keys]

    return load


async def _evaluation_counts(institution_ids: Sequence[int]) -> list[dict[str, int]]:
    rows = (
        await Evaluation.filter(
            institution_id__in=list(institution_ids), status__in=DISCLOSED_EVALUATION_STATUSES
        )
        .annotate(n=Count("id"))
        .group_by("institution_id", "status")
        .values("institution_id", "status", "n")
    )
    counts: dict[int, dict[str, int]] = defaultdict(dict)
    for row in rows:
        counts[row["institution_id"]][EvaluationStatus(row["status"]).value] = row["n"]
    return [counts.get(i, {}) for i in institution_ids]


def _loader(fn: Callable[[Sequence[Any]], Awaitable[Sequence[Any]]]) -> Any:
    return field(default_factory=lambda: DataLoader(load_fn=fn))


def _visible_loader(
    make: Callable[[Identity], Callable[[Sequence[Any]], Awaitable[Sequence[Any]]]],
) -> Any:
    """A loader whose batch function depends on who is asking; built in `__post_init__`."""
    return field(init=False, metadata={"visible": make})


@dataclass
class Loaders:
    """The DataLoaders of one request; build a fresh one per request so no cache outlives it.

    Loaders of rows whose visibility depends on the caller are built for `identity`.
    """

    identity: Identity = ANONYMOUS

    project_by_id: DataLoader[int, Project | None] = _loader(by_id(Project.all))
    organization_by_id: DataLoader[int, Organization | None] = _loader(by_id(Organization.all))
    evaluation_by_id: DataLoader[int, Evaluation | None] = _visible_loader(
        lambda who: by_id(lambda: Evaluation.filter(visible_evaluations(who)))
    )
    institution_by_id: DataLoader[int, Institution | None] = _loader(by_id(Institution.all))
    credential_by_id: DataLoader[int, Credential | None] = _loader(by_id(Credential.all))
    evaluator_by_id: DataLoader[int, Evaluator | None] = _loader(by_id(Evaluator.all))
    department_by_id: DataLoader[int, Department | None] = _loader(by_id(Department.all))
    maturity_level_by_id: DataLoader[int, MaturityLevel | None] = _loader(by_id(MaturityLevel.all))
    maturity_scale_by_id: DataLoader[int, MaturityScale | None] = _loader(by_id(MaturityScale.all))
    policy_by_id: DataLoader[int, Policy | None] = _visible_loader(
        lambda who: by_id(lambda: Policy.filter(visible_policies(who)))
    )
    evaluations_by_project_id: DataLoader[int, list[Evaluation]] = _visible_loader(
        lambda who: grouped(
            lambda: Evaluation.filter(visible_evaluations(who)).order_by("-version"), "project_id"
        )
    )
    risk_factors_by_evaluation_id: DataLoader[int, list[RiskFactor]] = _loader(
        grouped(lambda: RiskFactor.all().order_by("id"), "evaluation_id")
    )
    panel_by_evaluation_id: DataLoader[int, list[PanelMember]] = _loader(
        grouped(lambda: PanelMember.all().order_by("id"), "evaluation_id")
    )
    credentials_by_institution_id: DataLoader[int, list[Credential]] = _loader(
        grouped(lambda: Credential.all().order_by("valid_from", "id"), "institution_id")
    )
    fields_by_credential_id: DataLoader[int, list[CredentialField]] = _loader(
        grouped(lambda: CredentialField.all().order_by("field"), "credential_id")
    )
    status_changes_by_credential_id: DataLoader[int, list[CredentialStatusChange]] = _loader(
        grouped(
            lambda: CredentialStatusChange.all().order_by("effective_on", "id"), "credential_id"
        )
    )
    evaluators_by_institution_id: DataLoader[int, list[Evaluator]] = _loader(
        grouped(lambda: Evaluator.all().order_by("id"), "institution_id")
    )
    labels_by_organization_id: DataLoader[int, list[OrganizationLabelGrant]] = _loader(
        grouped(lambda: OrganizationLabelGrant.all().order_by("label"), "organization_id")
    )
    levels_by_scale_id: DataLoader[int, list[MaturityLevel]] = _loader(
        grouped(lambda: MaturityLevel.all().order_by("number"), "scale_id")
    )
    policy_versions_by_series: DataLoader[Any, list[Policy]] = _visible_loader(
        lambda who: grouped(
            lambda: Policy.filter(visible_policies(who)).order_by("-version"), "series"
        )
    )
    evaluation_counts_by_institution_id: DataLoader[int, dict[str, int]] = _loader(
        _evaluation_counts
    )

    def __post_init__(self) -> None:
        for f in fields(self):
            make = f.metadata.get("visible")
            if make is not None:
                setattr(self, f.name, DataLoader(load_fn=make(self.identity)))
