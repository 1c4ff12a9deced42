"""Projects and achievements on the chain from concept to application."""

from tortoise import fields
from tortoise.models import Model

from portal.database.models.organization import Organization
from portal.vocabulary import ChainStage, City, ProjectKind, TechnologyField


class Project(Model):
    """An R&D project or scientific achievement.

    The `latest_*` columns copy the current published evaluation so that filters and
    orderings on it are single-table, index-backed SQL. They are written only by
    `resolvers.evaluations.refresh_latest_evaluation`, in the same transaction as any change of
    evaluation status.
    """

    id = fields.IntField(primary_key=True)
    revision = fields.IntField(default=1, db_default=1)
    kind = fields.CharEnumField(ProjectKind, max_length=16, db_index=True)
    title = fields.CharField(max_length=300)
    title_en = fields.CharField(max_length=300, default="", db_default="")
    summary = fields.TextField(default="")
    summary_en = fields.TextField(default="", db_default="")
    keywords = fields.CharField(max_length=500, default="")
    keywords_en = fields.CharField(max_length=500, default="", db_default="")
    field = fields.CharEnumField(TechnologyField, max_length=32, db_index=True)
    city = fields.CharEnumField(City, max_length=32, db_index=True)
    owner: fields.ForeignKeyRelation[Organization] = fields.ForeignKeyField(
        "kilometer.Organization", related_name="projects", on_delete=fields.RESTRICT
    )
    stage = fields.CharEnumField(ChainStage, max_length=32, db_index=True)
    invention_patents = fields.IntField(default=0)
    utility_patents = fields.IntField(default=0)
    software_copyrights = fields.IntField(default=0)
    pending_applications = fields.IntField(default=0)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    latest_evaluation_id = fields.IntField(null=True, db_index=True)
    latest_maturity = fields.SmallIntField(null=True)
    latest_risk_rank = fields.SmallIntField(null=True, db_index=True)
    latest_value_low_fen = fields.BigIntField(null=True)
    latest_value_high_fen = fields.BigIntField(null=True)
    latest_evaluated_on = fields.DateField(null=True)

    class Meta:
        table = "project"
        indexes = (
            ("title", "id"),
            ("latest_maturity", "id"),
            ("latest_value_high_fen", "id"),
            ("latest_value_low_fen", "id"),
            ("latest_evaluated_on", "id"),
        )
