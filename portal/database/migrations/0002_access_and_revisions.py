from tortoise import migrations
from tortoise.migrations import operations as ops
from portal.vocabulary import Role
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('kilometer', '0001_initial')]

    initial = False

    operations = [
        ops.CreateModel(
            name='ApiToken',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('revision', fields.IntField(default=1, db_default=1)),
                ('name', fields.CharField(max_length=100)),
                ('role', fields.CharEnumField(description='INVESTOR: INVESTOR\nBANK: BANK\nINSTITUTION: INSTITUTION\nGOVERNMENT: GOVERNMENT\nADMIN: ADMIN', enum_type=Role, max_length=16)),
                ('institution', fields.ForeignKeyField('kilometer.Institution', source_field='institution_id', null=True, db_constraint=True, to_field='id', related_name='tokens', on_delete=OnDelete.RESTRICT)),
                ('department', fields.ForeignKeyField('kilometer.Department', source_field='department_id', null=True, db_constraint=True, to_field='id', related_name='tokens', on_delete=OnDelete.RESTRICT)),
                ('prefix', fields.CharField(db_index=True, max_length=16)),
                ('secret_hash', fields.CharField(unique=True, max_length=64)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('revoked_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'api_token', 'app': 'kilometer', 'pk_attr': 'id', 'table_description': 'A bearer token bound to one role. Only a SHA-256 hash of the secret is stored.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='AuditEntry',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('occurred_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('actor', fields.CharField(max_length=100)),
                ('role', fields.CharField(max_length=16)),
                ('action', fields.CharField(db_index=True, max_length=64)),
                ('target_type', fields.CharField(max_length=32)),
                ('target_id', fields.IntField()),
                ('before_digest', fields.CharField(null=True, max_length=64)),
                ('after_digest', fields.CharField(null=True, max_length=64)),
                ('previous_hash', fields.CharField(max_length=64)),
                ('entry_hash', fields.CharField(unique=True, max_length=64)),
            ],
            options={'table': 'audit_entry', 'app': 'kilometer', 'indexes': [Index(fields=['target_type', 'target_id'])], 'pk_attr': 'id', 'table_description': 'One successful mutation, chained to the previous entry by hash, never changed.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='RateBucket',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('caller', fields.CharField(max_length=100)),
                ('window_start', fields.BigIntField()),
                ('spent', fields.IntField(default=0)),
            ],
            options={'table': 'rate_bucket', 'app': 'kilometer', 'unique_together': (('caller', 'window_start'),), 'pk_attr': 'id', 'table_description': 'Query cost spent by one caller in one fixed window, shared by every app process.'},
            bases=['Model'],
        ),
        ops.AddField(
            model_name='Credential',
            name='revision',
            field=fields.IntField(default=1, db_default=1),
        ),
        ops.AddField(
            model_name='Evaluation',
            name='revision',
            field=fields.IntField(default=1, db_default=1),
        ),
        ops.AddField(
            model_name='Institution',
            name='revision',
            field=fields.IntField(default=1, db_default=1),
        ),
        ops.AddField(
            model_name='Organization',
            name='revision',
            field=fields.IntField(default=1, db_default=1),
        ),
        ops.AddField(
            model_name='Policy',
            name='revision',
            field=fields.IntField(default=1, db_default=1),
        ),
        ops.AddField(
            model_name='Project',
            name='revision',
            field=fields.IntField(default=1, db_default=1),
        ),
    ]
