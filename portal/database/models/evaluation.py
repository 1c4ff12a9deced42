"""Evaluations of projects, with every dimension of the provincial standard."""

from tortoise import fields
from tortoise.models import Model

from portal.database.models.institution import Credential, Evaluator, Institution
from portal.database.models.project import Project
from portal.database.models.scale import MaturityLevel
from portal.vocabulary import (
    AdvancementGrade,
    EvaluationStatus,
    PanelRole,
    RiskFactorKind,
    RiskRating,
    ValuationMethod,
)


class Evaluation(Model):
    """One version of an evaluation of a project by an institution.

    Money is stored in fen (0.01 CNY) as integers so sums are exact on every database.
    Once published a row is never edited: a correction is a new version that supersedes it.
    A project has at most one PUBLISHED evaluation: migration 0003 adds the partial unique
    index `uniq_evaluation_one_published` (Tortoise cannot declare one that SQLite accepts).
    """

    id = fields.IntField(primary_key=True)
    revision = fields.IntField(default=1, db_default=1)
    project: fields.ForeignKeyRelation[Project] = fields.ForeignKeyField(
        "kilometer.Project", related_name="evaluations", on_delete=fields.RESTRICT
    )
    version = fields.IntField(null=True)
    """Public version, assigned at publication (1 + the project's highest); null before."""
    based_on_version = fields.IntField(null=True)
    """The project's highest public version when this was submitted; publishing refuses once
    another version has been published since."""
    status = fields.CharEnumField(EvaluationStatus, max_length=16, db_index=True)
    evaluated_on = fields.DateField(db_index=True)
    published_at = fields.DatetimeField(null=True, db_index=True)
    institution: fields.ForeignKeyRelation[Institution] = fields.ForeignKeyField(
        "kilometer.Institution", related_name="evaluations", on_delete=fields.RESTRICT
    )
    credential: fields.ForeignKeyRelation[Credential] = fields.ForeignKeyField(
        "kilometer.Credential", related_name="evaluations", on_delete=fields.RESTRICT
    )
    lead_evaluator: fields.ForeignKeyNullableRelation[Evaluator] = fields.ForeignKeyField(
        "kilometer.Evaluator", related_name="evaluations", null=True, on_delete=fields.RESTRICT
    )
    maturity_level: fields.ForeignKeyRelation[MaturityLevel] = fields.ForeignKeyField(
        "kilometer.MaturityLevel", related_name="evaluations", on_delete=fields.RESTRICT
    )
    maturity_number = fields.SmallIntField(db_index=True)
    maturity_evidence = fields.TextField(default="")
    maturity_evidence_en = fields.TextField(default="", db_default="")
    advancement_grade = fields.CharEnumField(AdvancementGrade, max_length=32, db_index=True)
    advancement_score = fields.SmallIntField()
    industrialization_score = fields.SmallIntField()
    industrialization_statement = fields.TextField(default="")
    industrialization_statement_en = fields.TextField(default="", db_default="")
    value_low_fen = fields.BigIntField()
    value_high_fen = fields.BigIntField()
    currency = fields.CharField(max_length=3, default="CNY")
    valuation_method = fields.CharEnumField(ValuationMethod, max_length=16)
    risk_rating = fields.CharEnumField(RiskRating, max_length=16, db_index=True)
    summary = fields.TextField(default="")
    summary_en = fields.TextField(default="", db_default="")
    revocation_reason = fields.TextField(null=True)
    revocation_reason_en = fields.TextField(null=True)
    revoked_at = fields.DatetimeField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "evaluation"
        unique_together = (("project", "version"),)
        indexes = (("project_id", "status"), ("evaluated_on", "id"), ("published_at", "id"))


class RiskFactor(Model):
    """One rated dimension of the transformation risk of an evaluation."""

    id = fields.IntField(primary_key=True)
    evaluation: fields.ForeignKeyRelation[Evaluation] = fields.ForeignKeyField(
        "kilometer.Evaluation", related_name="risk_factors", on_delete=fields.CASCADE
    )
    kind = fields.CharEnumField(RiskFactorKind, max_length=16)
    rating = fields.CharEnumField(RiskRating, max_length=16)
    note = fields.TextField(default="")
    note_en = fields.TextField(default="", db_default="")

    class Meta:
        table = "risk_factor"
        unique_together = (("evaluation", "kind"),)


class PanelMember(Model):
    """A member of an evaluation expert panel, with the conflict-of-interest declaration."""

    id = fields.IntField(primary_key=True)
    evaluation: fields.ForeignKeyRelation[Evaluation] = fields.ForeignKeyField(
        "kilometer.Evaluation", related_name="panel", on_delete=fields.CASCADE
    )
    name = fields.CharField(max_length=100)
    name_en = fields.CharField(max_length=100, default="", db_default="")
    affiliation = fields.CharField(max_length=200, default="")
    affiliation_en = fields.CharField(max_length=200, default="", db_default="")
    role = fields.CharEnumField(PanelRole, max_length=16)
    conflict_declared = fields.BooleanField(default=False)
    conflict_note = fields.TextField(default="")
    conflict_note_en = fields.TextField(default="", db_default="")

    class Meta:
        table = "panel_member"
