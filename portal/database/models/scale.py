"""Maturity scales, kept as data because standards are revised."""

from tortoise import fields
from tortoise.models import Model


class MaturityScale(Model):
    """A maturity scale, such as the provincial 13 levels or the nine-level TRL."""

    id = fields.IntField(primary_key=True)
    code = fields.CharField(max_length=32, unique=True)
    name = fields.CharField(max_length=200)
    name_en = fields.CharField(max_length=200, default="", db_default="")
    edition = fields.CharField(max_length=32)
    description = fields.TextField(default="")
    description_en = fields.TextField(default="", db_default="")

    class Meta:
        table = "maturity_scale"


class MaturityLevel(Model):
    """One ordered level of a scale, mapped onto the nine-level TRL by trl_equivalent."""

    id = fields.IntField(primary_key=True)
    scale: fields.ForeignKeyRelation[MaturityScale] = fields.ForeignKeyField(
        "kilometer.MaturityScale", related_name="levels", on_delete=fields.RESTRICT
    )
    number = fields.SmallIntField()
    name = fields.CharField(max_length=200)
    name_en = fields.CharField(max_length=200, default="", db_default="")
    description = fields.TextField(default="")
    description_en = fields.TextField(default="", db_default="")
    phase = fields.CharField(max_length=32)
    trl_equivalent = fields.SmallIntField(null=True)

    class Meta:
        table = "maturity_level"
        unique_together = (("scale", "number"),)
