"""SQL conditions for what a caller may read, mirroring `portal.auth.rules`."""

from __future__ import annotations

from tortoise.expressions import Q

from portal.auth import Identity
from portal.vocabulary import DISCLOSED_EVALUATION_STATUSES, PUBLIC_POLICY_STATUSES, Role
from resolvers.select import Scope
from resolvers.sql import Sql, param


def visible_evaluations(identity: Identity) -> Q:
    """Rows of `evaluation` the caller may read (see `rules.sees_evaluation`)."""
    if identity.role is Role.ADMIN:
        return Q()
    public = Q(status__in=DISCLOSED_EVALUATION_STATUSES)
    if identity.role is Role.INSTITUTION:
        return public | Q(institution_id=identity.institution_id)
    return public


def visible_policies(identity: Identity) -> Q:
    """Rows of `policy` the caller may read (see `rules.sees_policy`)."""
    if identity.role is Role.ADMIN:
        return Q()
    public = Q(status__in=PUBLIC_POLICY_STATUSES)
    if identity.role is Role.GOVERNMENT:
        return public | Q(department_id=identity.department_id)
    return public


def sees_drafts(identity: Identity) -> bool:
    """True when the caller may see some unpublished rows, so status filters are not limited."""
    return identity.role in (Role.ADMIN, Role.INSTITUTION, Role.GOVERNMENT)


def _statuses(statuses: tuple[str, ...]) -> str:
    return ", ".join(f"'{s}'" for s in statuses)


def evaluation_rows(scope: Scope, alias: str) -> Sql | None:
    """SQL over `evaluation` aliased `alias`: the rows the caller may read (as above)."""
    identity = scope.identity
    if identity.role is Role.ADMIN:
        return None
    public = f"{alias}.status IN ({_statuses(DISCLOSED_EVALUATION_STATUSES)})"
    if identity.role is Role.INSTITUTION:
        return Sql(f"({public} OR {alias}.institution_id = ", param(identity.institution_id), ")")
    return Sql(public)


def policy_rows(scope: Scope, alias: str) -> Sql | None:
    """SQL over `policy` aliased `alias`: the rows the caller may read (as above)."""
    identity = scope.identity
    if identity.role is Role.ADMIN:
        return None
    public = f"{alias}.status IN ({_statuses(PUBLIC_POLICY_STATUSES)})"
    if identity.role is Role.GOVERNMENT:
        return Sql(f"({public} OR {alias}.department_id = ", param(identity.department_id), ")")
    return Sql(public)
