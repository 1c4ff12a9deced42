"""Who may do what: the one place that decides, as plain functions over an identity."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

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
    "auditLog": frozenset({Role.ADMIN, Role.GOVERNMENT, Role.INSTITUTION}),
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


PUBLIC_AUDIT_ACTIONS = frozenset(
    {
        "evaluationPublish",
        "evaluationSupersede",
        "evaluationRevoke",
        "policyPublish",
        "policyClose",
        "institutionRegister",
        "credentialIssue",
        "credentialSuspend",
        "credentialReinstate",
        "credentialRevoke",
        "organizationRegister",
        "projectRegister",
    }
)
"""Actions whose entries every reader of the trail sees: they change what the public sees."""
PUBLIC_WHEN_PUBLISHED = frozenset({"policyUpdate", "policyWithdraw"})
"""Actions that are public when they change a published policy (an amendment, a withdrawal),
and the department's own business when they change a draft."""


@dataclass(frozen=True)
class AuditScope:
    """Who may read one audit entry, besides administrators.

    Attributes:
        public: Every caller allowed to read the trail.
        institution_id: The institution whose object it is (evaluations, credentials).
        department_id: The department whose policy it is.
    """

    public: bool
    institution_id: int | None
    department_id: int | None


def audit_scope(
    action: str, target_type: str, after: Mapping[str, Any], before: Mapping[str, Any] | None
) -> AuditScope:
    """The scope of the entry for `action` on a `target_type` row, from the row's snapshots.

    Token entries name no owner and are never public: only administrators read them.
    """
    was_published = before is not None and before.get("status") == PolicyStatus.PUBLISHED.value
    public = action in PUBLIC_AUDIT_ACTIONS or (action in PUBLIC_WHEN_PUBLISHED and was_published)
    institution_id = {
        "Institution": after.get("id"),
        "Evaluation": after.get("institution_id"),
        "Credential": after.get("institution_id"),
    }.get(target_type)
    department_id = after.get("department_id") if target_type == "Policy" else None
    return AuditScope(public, institution_id, department_id)


def sees_audit_entry(identity: Identity, scope: AuditScope) -> bool:
    """Administrators read every entry; departments and institutions the public ones and
    those about their own objects (including their drafts)."""
    if identity.role is Role.ADMIN:
        return True
    if not may(identity, "auditLog"):
        return False
    return (
        scope.public
        or (identity.role is Role.GOVERNMENT and scope.department_id == identity.department_id)
        or (identity.role is Role.INSTITUTION and scope.institution_id == identity.institution_id)
    )
