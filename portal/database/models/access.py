"""API tokens, the audit trail and rate-limit buckets."""

from tortoise import fields
from tortoise.models import Model

from portal.database.models.institution import Institution
from portal.database.models.policy import Department
from portal.vocabulary import Role


class ApiToken(Model):
    """A bearer token bound to one role. Only a SHA-256 hash of the secret is stored."""

    id = fields.IntField(primary_key=True)
    revision = fields.IntField(default=1, db_default=1)
    name = fields.CharField(max_length=100)
    role = fields.CharEnumField(Role, max_length=16)
    institution: fields.ForeignKeyNullableRelation[Institution] = fields.ForeignKeyField(
        "kilometer.Institution", related_name="tokens", null=True, on_delete=fields.RESTRICT
    )
    department: fields.ForeignKeyNullableRelation[Department] = fields.ForeignKeyField(
        "kilometer.Department", related_name="tokens", null=True, on_delete=fields.RESTRICT
    )
    prefix = fields.CharField(max_length=16, db_index=True)
    secret_hash = fields.CharField(max_length=64, unique=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    revoked_at = fields.DatetimeField(null=True)

    class Meta:
        table = "api_token"


class AuditEntry(Model):
    """One successful mutation, chained to the previous entry by hash, never changed."""

    id = fields.IntField(primary_key=True)
    occurred_at = fields.DatetimeField()
    actor = fields.CharField(max_length=100)
    role = fields.CharField(max_length=16)
    action = fields.CharField(max_length=64, db_index=True)
    target_type = fields.CharField(max_length=32)
    target_id = fields.IntField()
    before_digest = fields.CharField(max_length=64, null=True)
    after_digest = fields.CharField(max_length=64, null=True)
    previous_hash = fields.CharField(max_length=64)
    entry_hash = fields.CharField(max_length=64, unique=True)
    public = fields.BooleanField(default=False, db_default=False)
    """Every caller allowed to read the trail may read this entry (see `rules.audit_scope`)."""
    institution_id = fields.IntField(null=True)
    """The institution whose object this is: it may read the entry even when not public."""
    department_id = fields.IntField(null=True)
    """The department whose policy this is: it may read the entry even when not public."""
    hash_version = fields.SmallIntField(default=1, db_default=1)
    """1: the hash covers the original fields; 2: it also covers the three above."""

    class Meta:
        table = "audit_entry"
        indexes = (("target_type", "target_id"),)


class RateBucket(Model):
    """Query cost spent by one caller in one fixed window, shared by every app process."""

    id = fields.IntField(primary_key=True)
    caller = fields.CharField(max_length=100)
    window_start = fields.BigIntField()
    spent = fields.IntField(default=0)

    class Meta:
        table = "rate_bucket"
        unique_together = (("caller", "window_start"),)
