"""Government departments and the support policies they publish."""

from tortoise import fields
from tortoise.models import Model

from portal.vocabulary import PolicyInstrument, PolicyStatus, RiskRating


class Department(Model):
    """A government department that issues support policies."""

    id = fields.IntField(primary_key=True)
    code = fields.CharField(max_length=32, unique=True)
    name = fields.CharField(max_length=200)
    name_en = fields.CharField(max_length=200, default="", db_default="")

    class Meta:
        table = "department"


class Policy(Model):
    """One version of a support policy.

    An amendment is a new row with the same `series` and the next `version`; the row it
    replaces keeps its content and status and only stops being `is_current`.
    """

    id = fields.IntField(primary_key=True)
    revision = fields.IntField(default=1, db_default=1)
    series = fields.UUIDField(db_index=True)
    version = fields.IntField()
    department: fields.ForeignKeyRelation[Department] = fields.ForeignKeyField(
        "kilometer.Department", related_name="policies", on_delete=fields.RESTRICT
    )
    title = fields.CharField(max_length=300)
    title_en = fields.CharField(max_length=300, default="", db_default="")
    summary = fields.TextField(default="")
    summary_en = fields.TextField(default="", db_default="")
    instrument = fields.CharEnumField(PolicyInstrument, max_length=32, db_index=True)
    budget_fen = fields.BigIntField()
    max_award_fen = fields.BigIntField(null=True)
    opens_on = fields.DateField(db_index=True)
    closes_on = fields.DateField(null=True, db_index=True)
    min_maturity = fields.SmallIntField(null=True)
    max_maturity = fields.SmallIntField(null=True)
    worst_acceptable_risk = fields.CharEnumField(RiskRating, max_length=16, null=True)
    eligible_fields: list[str] = fields.JSONField(default=list)
    eligible_cities: list[str] = fields.JSONField(default=list)
    eligible_stages: list[str] = fields.JSONField(default=list)
    eligible_labels: list[str] = fields.JSONField(default=list)
    status = fields.CharEnumField(PolicyStatus, max_length=16, db_index=True)
    is_current = fields.BooleanField(default=True, db_index=True)
    published_at = fields.DatetimeField(null=True, db_index=True)
    withdrawal_reason = fields.TextField(null=True)
    withdrawal_reason_en = fields.TextField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "policy"
        unique_together = (("series", "version"),)
