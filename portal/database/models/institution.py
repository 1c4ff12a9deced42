"""Evaluation institutions, their credentials and evaluators."""

from tortoise import fields
from tortoise.models import Model

from portal.vocabulary import City, CredentialStatus, InstitutionKind, TechnologyField


class Institution(Model):
    """An accredited evaluation institution."""

    id = fields.IntField(primary_key=True)
    revision = fields.IntField(default=1, db_default=1)
    name = fields.CharField(max_length=200, unique=True)
    name_en = fields.CharField(max_length=200, default="", db_default="")
    kind = fields.CharEnumField(InstitutionKind, max_length=32, db_index=True)
    city = fields.CharEnumField(City, max_length=32, db_index=True)
    description = fields.TextField(default="")
    description_en = fields.TextField(default="", db_default="")
    website = fields.CharField(max_length=200, default="")
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "institution"


class Credential(Model):
    """An accreditation allowing an institution to evaluate within a scope and period."""

    id = fields.IntField(primary_key=True)
    revision = fields.IntField(default=1, db_default=1)
    institution: fields.ForeignKeyRelation[Institution] = fields.ForeignKeyField(
        "kilometer.Institution", related_name="credentials", on_delete=fields.RESTRICT
    )
    number = fields.CharField(max_length=64, unique=True)
    issuing_authority = fields.CharField(max_length=200)
    issuing_authority_en = fields.CharField(max_length=200, default="", db_default="")
    purposes: list[str] = fields.JSONField(default=list)
    valid_from = fields.DateField(db_index=True)
    valid_until = fields.DateField(db_index=True)
    status = fields.CharEnumField(CredentialStatus, max_length=16, db_index=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "credential"


class CredentialField(Model):
    """One technology field within the scope of a credential."""

    id = fields.IntField(primary_key=True)
    credential: fields.ForeignKeyRelation[Credential] = fields.ForeignKeyField(
        "kilometer.Credential", related_name="fields", on_delete=fields.CASCADE
    )
    field = fields.CharEnumField(TechnologyField, max_length=32, db_index=True)

    class Meta:
        table = "credential_field"
        unique_together = (("credential", "field"),)


class CredentialStatusChange(Model):
    """An entry in the status history of a credential, never updated once written."""

    id = fields.IntField(primary_key=True)
    credential: fields.ForeignKeyRelation[Credential] = fields.ForeignKeyField(
        "kilometer.Credential", related_name="status_changes", on_delete=fields.RESTRICT
    )
    status = fields.CharEnumField(CredentialStatus, max_length=16)
    effective_on = fields.DateField()
    reason = fields.TextField(default="")
    reason_en = fields.TextField(default="", db_default="")
    recorded_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "credential_status_change"
        indexes = (("credential_id", "effective_on"),)


class Evaluator(Model):
    """A person qualified to lead evaluations for an institution."""

    id = fields.IntField(primary_key=True)
    institution: fields.ForeignKeyRelation[Institution] = fields.ForeignKeyField(
        "kilometer.Institution", related_name="evaluators", on_delete=fields.RESTRICT
    )
    name = fields.CharField(max_length=100)
    name_en = fields.CharField(max_length=100, default="", db_default="")
    title = fields.CharField(max_length=100, default="")
    title_en = fields.CharField(max_length=100, default="", db_default="")
    qualification_number = fields.CharField(max_length=64, unique=True)

    class Meta:
        table = "evaluator"
