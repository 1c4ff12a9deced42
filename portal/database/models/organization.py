"""Organizations that own projects: enterprises, universities, research institutes."""

from tortoise import fields
from tortoise.models import Model

from portal.vocabulary import City, OrganizationKind, OrganizationLabel


class Organization(Model):
    """A legal entity identified by its unified social credit code."""

    id = fields.IntField(primary_key=True)
    revision = fields.IntField(default=1, db_default=1)
    name = fields.CharField(max_length=200, db_index=True)
    name_en = fields.CharField(max_length=200, default="", db_default="")
    kind = fields.CharEnumField(OrganizationKind, max_length=32, db_index=True)
    credit_code = fields.CharField(max_length=18, unique=True)
    city = fields.CharEnumField(City, max_length=32, db_index=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "organization"


class OrganizationLabelGrant(Model):
    """One label (high-tech enterprise, technology SME, ...) held by an organization."""

    id = fields.IntField(primary_key=True)
    organization: fields.ForeignKeyRelation[Organization] = fields.ForeignKeyField(
        "kilometer.Organization", related_name="labels", on_delete=fields.CASCADE
    )
    label = fields.CharEnumField(OrganizationLabel, max_length=32, db_index=True)

    class Meta:
        table = "organization_label"
        unique_together = (("organization", "label"),)
