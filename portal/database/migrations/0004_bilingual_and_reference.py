from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('kilometer', '0003_integrity_and_audit_scope')]

    initial = False

    operations = [
        ops.CreateModel(
            name='Term',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('vocabulary', fields.CharField(max_length=64)),
                ('code', fields.CharField(max_length=64)),
                ('name_zh', fields.CharField(max_length=200)),
                ('name_en', fields.CharField(max_length=200)),
                ('position', fields.SmallIntField()),
            ],
            options={'table': 'term', 'app': 'kilometer', 'unique_together': (('vocabulary', 'code'),), 'pk_attr': 'id', 'table_description': 'One member of a fixed vocabulary with its Chinese and English names.'},
            bases=['Model'],
        ),
        ops.AddField(
            model_name='Credential',
            name='issuing_authority_en',
            field=fields.CharField(default='', db_default='', max_length=200),
        ),
        ops.AddField(
            model_name='CredentialStatusChange',
            name='reason_en',
            field=fields.TextField(default='', db_default='', unique=False),
        ),
        ops.AddField(
            model_name='Department',
            name='name_en',
            field=fields.CharField(default='', db_default='', max_length=200),
        ),
        ops.AddField(
            model_name='Evaluation',
            name='industrialization_statement_en',
            field=fields.TextField(default='', db_default='', unique=False),
        ),
        ops.AddField(
            model_name='Evaluation',
            name='maturity_evidence_en',
            field=fields.TextField(default='', db_default='', unique=False),
        ),
        ops.AddField(
            model_name='Evaluation',
            name='revocation_reason_en',
            field=fields.TextField(null=True, unique=False),
        ),
        ops.AddField(
            model_name='Evaluation',
            name='summary_en',
            field=fields.TextField(default='', db_default='', unique=False),
        ),
        ops.AddField(
            model_name='Evaluator',
            name='name_en',
            field=fields.CharField(default='', db_default='', max_length=100),
        ),
        ops.AddField(
            model_name='Evaluator',
            name='title_en',
            field=fields.CharField(default='', db_default='', max_length=100),
        ),
        ops.AddField(
            model_name='Institution',
            name='description_en',
            field=fields.TextField(default='', db_default='', unique=False),
        ),
        ops.AddField(
            model_name='Institution',
            name='name_en',
            field=fields.CharField(default='', db_default='', max_length=200),
        ),
        ops.AddField(
            model_name='MaturityLevel',
            name='description_en',
            field=fields.TextField(default='', db_default='', unique=False),
        ),
        ops.AddField(
            model_name='MaturityLevel',
            name='name_en',
            field=fields.CharField(default='', db_default='', max_length=200),
        ),
        ops.AddField(
            model_name='MaturityScale',
            name='description_en',
            field=fields.TextField(default='', db_default='', unique=False),
        ),
        ops.AddField(
            model_name='MaturityScale',
            name='name_en',
            field=fields.CharField(default='', db_default='', max_length=200),
        ),
        ops.AddField(
            model_name='Organization',
            name='name_en',
            field=fields.CharField(default='', db_default='', max_length=200),
        ),
        ops.AddField(
            model_name='PanelMember',
            name='affiliation_en',
            field=fields.CharField(default='', db_default='', max_length=200),
        ),
        ops.AddField(
            model_name='PanelMember',
            name='conflict_note_en',
            field=fields.TextField(default='', db_default='', unique=False),
        ),
        ops.AddField(
            model_name='PanelMember',
            name='name_en',
            field=fields.CharField(default='', db_default='', max_length=100),
        ),
        ops.AddField(
            model_name='Policy',
            name='summary_en',
            field=fields.TextField(default='', db_default='', unique=False),
        ),
        ops.AddField(
            model_name='Policy',
            name='title_en',
            field=fields.CharField(default='', db_default='', max_length=300),
        ),
        ops.AddField(
            model_name='Policy',
            name='withdrawal_reason_en',
            field=fields.TextField(null=True, unique=False),
        ),
        ops.AddField(
            model_name='Project',
            name='keywords_en',
            field=fields.CharField(default='', db_default='', max_length=500),
        ),
        ops.AddField(
            model_name='Project',
            name='summary_en',
            field=fields.TextField(default='', db_default='', unique=False),
        ),
        ops.AddField(
            model_name='Project',
            name='title_en',
            field=fields.CharField(default='', db_default='', max_length=300),
        ),
        ops.AddField(
            model_name='RiskFactor',
            name='note_en',
            field=fields.TextField(default='', db_default='', unique=False),
        ),
    ]
