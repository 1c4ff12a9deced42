"""Who may do what: the one place that decides, as plain functions over an identity."""

from __future__ import annotations

from portal.auth.identity import Identity
from portal.vocabulary import (
    DISCLOSED_EVALUATION_STATUSES,
    PUBLIC_POLICY_STATUSES,
    EvaluationStatus,
    PolicyStatus,
    Role,
)

POLICY_ACTIONS = ("policyCreate", "policyUpdate", "policyPublish", "policyClose", "policyWithdraw")
EVALUATION_ACTIONS = (
    "evaluationCreate",
    "evaluationUpdate",
    "evaluationSubmit",
    "evaluationPublish",
    "evaluationRevoke",
)
ADMIN_ACTIONS = (
    "institutionRegister",
    "credentialIssue",
    "credentialSuspend",
    "credentialReinstate",
    "credentialRevoke",
    "organizationRegister",
    "projectRegister",
    "tokenCreate",
    "tokenRevoke",
)
READ_ACTIONS = ("auditLog",)

ALLOWED: dict[str, frozenset[Role]] = {
    **{action: frozenset({Role.GOVERNMENT}) for action in POLICY_ACTIONS},
    **{action: frozenset({Role.INSTITUTION}) for action in EVALUATION_ACTIONS},
    **{action: frozenset({Role.ADMIN}) for action in ADMIN_ACTIONS},
    "auditLog": frozenset({Role.ADMIN, Role.GOVERNMENT}),
}
"""Each guarded action and the roles that may perform it. Departments and institutions write
only their own records; administrators accredit and issue but publish nothing themselves."""


def may(identity: Identity, action: str) -> bool:
    """True when the caller's role may perform `action`."""
    return identity.role is not None and identity.role in ALLOWED[action]


def permitted_actions(identity: Identity) -> list[str]:
    """Every guarded action the caller's role may perform, in a stable order."""
    return [action for action in ALLOWED if may(identity, action)]


def owns_policy(identity: Identity, department_id: int) -> bool:
    """A GOVERNMENT caller touches only its own department's policies."""
    return identity.role is Role.GOVERNMENT and identity.department_id == department_id


def owns_evaluation(identity: Identity, institution_id: int) -> bool:
    """An INSTITUTION caller touches only its own institution's evaluations."""
    return identity.role is Role.INSTITUTION and identity.institution_id == institution_id


def sees_evaluation(identity: Identity, status: EvaluationStatus, institution_id: int) -> bool:
    """Disclosed evaluations are public; drafts are seen by their institution and admins."""
    return (
        status in DISCLOSED_EVALUATION_STATUSES
        or identity.role is Role.ADMIN
        or owns_evaluation(identity, institution_id)
    )


def sees_policy(identity: Identity, status: PolicyStatus, department_id: int) -> bool:
    """Published and closed policies are public; others are seen by their department and admins."""
    return (
        status in PUBLIC_POLICY_STATUSES
        or identity.role is Role.ADMIN
        or owns_policy(identity, department_id)
    )
