"""Tortoise models of Kilometer, one module a domain."""

from portal.database.models.access import ApiToken, AuditEntry, RateBucket
from portal.database.models.evaluation import Evaluation, PanelMember, RiskFactor
from portal.database.models.institution import (
    Credential,
    CredentialField,
    CredentialStatusChange,
    Evaluator,
    Institution,
)
from portal.database.models.organization import Organization, OrganizationLabelGrant
from portal.database.models.policy import Department, Policy
from portal.database.models.project import Project
from portal.database.models.scale import MaturityLevel, MaturityScale
from portal.database.models.term import Term

__all__ = [
    "ApiToken",
    "AuditEntry",
    "Credential",
    "CredentialField",
    "CredentialStatusChange",
    "Department",
    "Evaluation",
    "Evaluator",
    "Institution",
    "MaturityLevel",
    "MaturityScale",
    "Organization",
    "OrganizationLabelGrant",
    "PanelMember",
    "Policy",
    "Project",
    "RateBucket",
    "RiskFactor",
    "Term",
]
