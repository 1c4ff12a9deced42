"""Fixed vocabularies of the domain, defined once, each member named in Chinese and English.

Stored with Tortoise's enum fields and exposed to GraphQL by wrapping them with
`strawberry.enum` in `schema/`. Every member a person reads has a `Term`: its official
Chinese (zh-CN, the portal's primary language) and English names, read with `term(member)`.
`kilometer migrate` copies the terms into the `term` table, where SQL can join and search them.
Maturity scales are *not* here: they are data.
"""

from __future__ import annotations

from enum import StrEnum
from typing import NamedTuple


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


class MaturityPhase(StrEnum):
    """Phase of development a maturity level belongs to, from concept to market."""

    CONCEPT = "CONCEPT"
    LABORATORY = "LABORATORY"
    LABORATORY_TO_PILOT = "LABORATORY_TO_PILOT"
    PILOT = "PILOT"
    ENGINEERING = "ENGINEERING"
    APPLICATION = "APPLICATION"
    PRODUCTION = "PRODUCTION"
    MARKET = "MARKET"


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


class Term(NamedTuple):
    """A member's name in Chinese (zh-CN, primary) and in English."""

    zh: str
    en: str


_T = Term
_NAMES: dict[type[StrEnum], dict[str, Term]] = {
    City: {
        City.SHIJIAZHUANG: _T("石家庄市", "Shijiazhuang"),
        City.TANGSHAN: _T("唐山市", "Tangshan"),
        City.QINHUANGDAO: _T("秦皇岛市", "Qinhuangdao"),
        City.HANDAN: _T("邯郸市", "Handan"),
        City.XINGTAI: _T("邢台市", "Xingtai"),
        City.BAODING: _T("保定市", "Baoding"),
        City.ZHANGJIAKOU: _T("张家口市", "Zhangjiakou"),
        City.CHENGDE: _T("承德市", "Chengde"),
        City.CANGZHOU: _T("沧州市", "Cangzhou"),
        City.LANGFANG: _T("廊坊市", "Langfang"),
        City.HENGSHUI: _T("衡水市", "Hengshui"),
        City.XIONGAN: _T("雄安新区", "Xiong'an New Area"),
    },
    TechnologyField: {
        TechnologyField.ELECTRONIC_INFORMATION: _T("电子信息", "Electronic information"),
        TechnologyField.BIOMEDICINE: _T("生物医药", "Biomedicine"),
        TechnologyField.NEW_MATERIALS: _T("新材料", "New materials"),
        TechnologyField.HIGH_END_EQUIPMENT: _T("高端装备制造", "High-end equipment manufacturing"),
        TechnologyField.NEW_ENERGY: _T("新能源", "New energy"),
        TechnologyField.HYDROGEN_ENERGY: _T("氢能", "Hydrogen energy"),
        TechnologyField.ENERGY_SAVING_ENVIRONMENT: _T(
            "节能环保", "Energy saving and environmental protection"
        ),
        TechnologyField.ADVANCED_STEEL: _T("精品钢铁", "Advanced steel"),
        TechnologyField.MODERN_AGRICULTURE: _T("现代农业", "Modern agriculture"),
        TechnologyField.INTELLIGENT_MANUFACTURING: _T("智能制造", "Intelligent manufacturing"),
    },
    ChainStage: {
        ChainStage.CONCEPT: _T("概念提出", "Concept proposal"),
        ChainStage.LAB_VERIFICATION: _T("实验室验证", "Laboratory verification"),
        ChainStage.PILOT: _T("中试熟化", "Pilot"),
        ChainStage.ENGINEERING: _T("工程化", "Engineering"),
        ChainStage.TRANSFORMATION: _T("成果转化", "Transformation"),
        ChainStage.APPLICATION: _T("推广应用", "Application"),
    },
    MaturityPhase: {
        MaturityPhase.CONCEPT: _T("概念", "Concept"),
        MaturityPhase.LABORATORY: _T("实验室", "Laboratory"),
        MaturityPhase.LABORATORY_TO_PILOT: _T("实验室向中试过渡", "Laboratory to pilot"),
        MaturityPhase.PILOT: _T("中试", "Pilot"),
        MaturityPhase.ENGINEERING: _T("工程化", "Engineering"),
        MaturityPhase.APPLICATION: _T("应用", "Application"),
        MaturityPhase.PRODUCTION: _T("生产", "Production"),
        MaturityPhase.MARKET: _T("市场", "Market"),
    },
    ProjectKind: {
        ProjectKind.RD_PROJECT: _T("研发项目", "R&D project"),
        ProjectKind.ACHIEVEMENT: _T("科技成果", "Scientific and technological achievement"),
    },
    OrganizationKind: {
        OrganizationKind.ENTERPRISE: _T("企业", "Enterprise"),
        OrganizationKind.UNIVERSITY: _T("高等学校", "University"),
        OrganizationKind.RESEARCH_INSTITUTE: _T("科研院所", "Research institute"),
    },
    OrganizationLabel: {
        OrganizationLabel.HIGH_TECH_ENTERPRISE: _T("高新技术企业", "High-tech enterprise"),
        OrganizationLabel.TECHNOLOGY_SME: _T("科技型中小企业", "Technology-based SME"),
        OrganizationLabel.SPECIALIZED_NEW: _T(
            "专精特新企业", "Specialized, refined, distinctive and new enterprise"
        ),
        OrganizationLabel.LEADING_ENTERPRISE: _T("科技领军企业", "Leading technology enterprise"),
    },
    InstitutionKind: {
        InstitutionKind.PILOT: _T("试点专业评价机构", "Pilot professional evaluation institution"),
        InstitutionKind.UNIVERSITY_TTO: _T(
            "高校技术转移机构", "University technology transfer office"
        ),
        InstitutionKind.THIRD_PARTY: _T("第三方评价机构", "Third-party evaluation institution"),
    },
    CredentialStatus: {
        CredentialStatus.ACTIVE: _T("有效", "Active"),
        CredentialStatus.SUSPENDED: _T("暂停", "Suspended"),
        CredentialStatus.REVOKED: _T("撤销", "Revoked"),
        CredentialStatus.EXPIRED: _T("过期", "Expired"),
    },
    EvaluationPurpose: {
        EvaluationPurpose.PROJECT_EVALUATION: _T("项目评价", "Project evaluation"),
        EvaluationPurpose.ACHIEVEMENT_EVALUATION: _T("成果评价", "Achievement evaluation"),
        EvaluationPurpose.TECHNOLOGY_FINANCING: _T("科技金融", "Technology financing"),
        EvaluationPurpose.TECHNOLOGY_TRADING: _T("技术交易", "Technology trading"),
    },
    EvaluationStatus: {
        EvaluationStatus.DRAFT: _T("草稿", "Draft"),
        EvaluationStatus.SUBMITTED: _T("已提交", "Submitted"),
        EvaluationStatus.PUBLISHED: _T("已发布", "Published"),
        EvaluationStatus.SUPERSEDED: _T("已被替代", "Superseded"),
        EvaluationStatus.REVOKED: _T("已撤销", "Revoked"),
    },
    AdvancementGrade: {
        AdvancementGrade.INTERNATIONAL_LEADING: _T("国际领先", "International leading"),
        AdvancementGrade.INTERNATIONAL_ADVANCED: _T("国际先进", "International advanced"),
        AdvancementGrade.DOMESTIC_LEADING: _T("国内领先", "Domestic leading"),
        AdvancementGrade.DOMESTIC_ADVANCED: _T("国内先进", "Domestic advanced"),
        AdvancementGrade.PROVINCIAL_LEADING: _T("省内领先", "Provincial leading"),
        AdvancementGrade.ORDINARY: _T("一般", "Ordinary"),
    },
    ValuationMethod: {
        ValuationMethod.INCOME: _T("收益法", "Income approach"),
        ValuationMethod.MARKET: _T("市场法", "Market approach"),
        ValuationMethod.COST: _T("成本法", "Cost approach"),
    },
    RiskRating: {
        RiskRating.LOW: _T("低", "Low"),
        RiskRating.MEDIUM: _T("中", "Medium"),
        RiskRating.HIGH: _T("高", "High"),
        RiskRating.VERY_HIGH: _T("很高", "Very high"),
    },
    RiskFactorKind: {
        RiskFactorKind.TECHNICAL: _T("技术风险", "Technical risk"),
        RiskFactorKind.MARKET: _T("市场风险", "Market risk"),
        RiskFactorKind.FINANCIAL: _T("财务风险", "Financial risk"),
        RiskFactorKind.POLICY: _T("政策风险", "Policy risk"),
        RiskFactorKind.TEAM: _T("团队风险", "Team risk"),
    },
    PanelRole: {
        PanelRole.LEAD_EVALUATOR: _T("评价组长", "Lead evaluator"),
        PanelRole.EXPERT: _T("评审专家", "Expert"),
    },
    PolicyInstrument: {
        PolicyInstrument.GRANT: _T("资金资助", "Grant or subsidy"),
        PolicyInstrument.LOAN_INTEREST_SUBSIDY: _T("贷款贴息", "Loan interest subsidy"),
        PolicyInstrument.RISK_COMPENSATION: _T("风险补偿", "Risk compensation"),
        PolicyInstrument.GUIDANCE_FUND: _T("引导基金", "Guidance fund"),
        PolicyInstrument.INNOVATION_VOUCHER: _T("创新券", "Innovation voucher"),
        PolicyInstrument.TAX_INCENTIVE: _T("税收优惠", "Tax incentive"),
        PolicyInstrument.AWARD: _T("奖励", "Award"),
    },
    PolicyStatus: {
        PolicyStatus.DRAFT: _T("草稿", "Draft"),
        PolicyStatus.PUBLISHED: _T("已发布", "Published"),
        PolicyStatus.CLOSED: _T("已截止", "Closed"),
        PolicyStatus.WITHDRAWN: _T("已撤回", "Withdrawn"),
    },
    Role: {
        Role.INVESTOR: _T("投资机构", "Investor"),
        Role.BANK: _T("银行", "Bank"),
        Role.INSTITUTION: _T("评价机构", "Evaluation institution"),
        Role.GOVERNMENT: _T("政府部门", "Government department"),
        Role.ADMIN: _T("平台管理员", "Administrator"),
    },
}

VOCABULARIES: dict[str, type[StrEnum]] = {enum.__name__: enum for enum in _NAMES}
"""Every vocabulary a person reads, by its stable name (the enum's name, e.g. "City")."""


def term(member: StrEnum) -> Term:
    """The Chinese and English names of a vocabulary member.

    Keyed by the member's enum as well as its value, because members of different
    vocabularies share values (`InstitutionKind.PILOT`, `MaturityPhase.PILOT`).
    """
    return _NAMES[type(member)][member.value]
