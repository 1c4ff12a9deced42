"""Fixed vocabularies of the domain, defined once.

Stored with Tortoise's enum fields and exposed to GraphQL by wrapping them with
`strawberry.enum` in `schema/`. Maturity scales are *not* here: they are data.
"""

from __future__ import annotations

from enum import StrEnum


class City(StrEnum):
    """Hebei's eleven prefecture-level cities and the Xiong'an New Area."""

    SHIJIAZHUANG = "SHIJIAZHUANG"
    TANGSHAN = "TANGSHAN"
    QINHUANGDAO = "QINHUANGDAO"
    HANDAN = "HANDAN"
    XINGTAI = "XINGTAI"
    BAODING = "BAODING"
    ZHANGJIAKOU = "ZHANGJIAKOU"
    CHENGDE = "CHENGDE"
    CANGZHOU = "CANGZHOU"
    LANGFANG = "LANGFANG"
    HENGSHUI = "HENGSHUI"
    XIONGAN = "XIONGAN"


class TechnologyField(StrEnum):
    """Technology fields used for projects and credential scopes."""

    ELECTRONIC_INFORMATION = "ELECTRONIC_INFORMATION"
    BIOMEDICINE = "BIOMEDICINE"
    NEW_MATERIALS = "NEW_MATERIALS"
    HIGH_END_EQUIPMENT = "HIGH_END_EQUIPMENT"
    NEW_ENERGY = "NEW_ENERGY"
    HYDROGEN_ENERGY = "HYDROGEN_ENERGY"
    ENERGY_SAVING_ENVIRONMENT = "ENERGY_SAVING_ENVIRONMENT"
    ADVANCED_STEEL = "ADVANCED_STEEL"
    MODERN_AGRICULTURE = "MODERN_AGRICULTURE"
    INTELLIGENT_MANUFACTURING = "INTELLIGENT_MANUFACTURING"


class ChainStage(StrEnum):
    """Stage of the chain from concept proposal to application, in order."""

    CONCEPT = "CONCEPT"
    LAB_VERIFICATION = "LAB_VERIFICATION"
    PILOT = "PILOT"
    ENGINEERING = "ENGINEERING"
    TRANSFORMATION = "TRANSFORMATION"
    APPLICATION = "APPLICATION"


class ProjectKind(StrEnum):
    """Whether a record is an R&D project or a scientific achievement."""

    RD_PROJECT = "RD_PROJECT"
    ACHIEVEMENT = "ACHIEVEMENT"


class OrganizationKind(StrEnum):
    """Kind of organization that owns projects."""

    ENTERPRISE = "ENTERPRISE"
    UNIVERSITY = "UNIVERSITY"
    RESEARCH_INSTITUTE = "RESEARCH_INSTITUTE"


class OrganizationLabel(StrEnum):
    """Recognitions an organization may hold."""

    HIGH_TECH_ENTERPRISE = "HIGH_TECH_ENTERPRISE"
    TECHNOLOGY_SME = "TECHNOLOGY_SME"
    SPECIALIZED_NEW = "SPECIALIZED_NEW"
    LEADING_ENTERPRISE = "LEADING_ENTERPRISE"


class InstitutionKind(StrEnum):
    """The three steps of building evaluation capacity."""

    PILOT = "PILOT"
    UNIVERSITY_TTO = "UNIVERSITY_TTO"
    THIRD_PARTY = "THIRD_PARTY"


class CredentialStatus(StrEnum):
    """Status of an evaluation credential."""

    ACTIVE = "ACTIVE"
    SUSPENDED = "SUSPENDED"
    REVOKED = "REVOKED"
    EXPIRED = "EXPIRED"


class EvaluationPurpose(StrEnum):
    """What an evaluation may be made for, as a credential's scope names it."""

    PROJECT_EVALUATION = "PROJECT_EVALUATION"
    ACHIEVEMENT_EVALUATION = "ACHIEVEMENT_EVALUATION"
    TECHNOLOGY_FINANCING = "TECHNOLOGY_FINANCING"
    TECHNOLOGY_TRADING = "TECHNOLOGY_TRADING"


class EvaluationStatus(StrEnum):
    """Lifecycle of an evaluation."""

    DRAFT = "DRAFT"
    SUBMITTED = "SUBMITTED"
    PUBLISHED = "PUBLISHED"
    SUPERSEDED = "SUPERSEDED"
    REVOKED = "REVOKED"


class AdvancementGrade(StrEnum):
    """Grade of technological advancement, best first."""

    INTERNATIONAL_LEADING = "INTERNATIONAL_LEADING"
    INTERNATIONAL_ADVANCED = "INTERNATIONAL_ADVANCED"
    DOMESTIC_LEADING = "DOMESTIC_LEADING"
    DOMESTIC_ADVANCED = "DOMESTIC_ADVANCED"
    PROVINCIAL_LEADING = "PROVINCIAL_LEADING"
    ORDINARY = "ORDINARY"


class ValuationMethod(StrEnum):
    """Method behind a market valuation."""

    INCOME = "INCOME"
    MARKET = "MARKET"
    COST = "COST"


class RiskRating(StrEnum):
    """Transformation risk, from least to most severe."""

    LOW = "LOW"
    MEDIUM = "MEDIUM"
    HIGH = "HIGH"
    VERY_HIGH = "VERY_HIGH"

    @property
    def rank(self) -> int:
        """Position in severity order: LOW is 1, VERY_HIGH is 4."""
        return list(RiskRating).index(self) + 1


class RiskFactorKind(StrEnum):
    """Dimensions of transformation risk."""

    TECHNICAL = "TECHNICAL"
    MARKET = "MARKET"
    FINANCIAL = "FINANCIAL"
    POLICY = "POLICY"
    TEAM = "TEAM"


class PanelRole(StrEnum):
    """Role of a person on an evaluation panel."""

    LEAD_EVALUATOR = "LEAD_EVALUATOR"
    EXPERT = "EXPERT"


class PolicyInstrument(StrEnum):
    """Instruments of the support-policy toolkit."""

    GRANT = "GRANT"
    LOAN_INTEREST_SUBSIDY = "LOAN_INTEREST_SUBSIDY"
    RISK_COMPENSATION = "RISK_COMPENSATION"
    GUIDANCE_FUND = "GUIDANCE_FUND"
    INNOVATION_VOUCHER = "INNOVATION_VOUCHER"
    TAX_INCENTIVE = "TAX_INCENTIVE"
    AWARD = "AWARD"


class PolicyStatus(StrEnum):
    """Lifecycle of a support policy."""

    DRAFT = "DRAFT"
    PUBLISHED = "PUBLISHED"
    CLOSED = "CLOSED"
    WITHDRAWN = "WITHDRAWN"


class Role(StrEnum):
    """What an API token lets its holder do; anonymous callers are the public."""

    INVESTOR = "INVESTOR"
    BANK = "BANK"
    INSTITUTION = "INSTITUTION"
    GOVERNMENT = "GOVERNMENT"
    ADMIN = "ADMIN"


DISCLOSED_EVALUATION_STATUSES = (
    EvaluationStatus.PUBLISHED,
    EvaluationStatus.SUPERSEDED,
    EvaluationStatus.REVOKED,
)
"""Statuses of evaluations that were disclosed: anyone may read them, drafts stay hidden.

Superseded and revoked versions remain public so that a project's history is complete."""

PUBLIC_POLICY_STATUSES = (PolicyStatus.PUBLISHED, PolicyStatus.CLOSED)
"""Policy statuses anyone may read."""
