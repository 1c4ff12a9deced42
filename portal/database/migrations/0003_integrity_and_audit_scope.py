"""Integrity under concurrency, public version numbers, and who may read each audit entry.

- `evaluation.version` becomes nullable: an evaluation gets its public version when it is
  published, so drafts no longer take (and reveal) numbers. Existing drafts and submitted
  evaluations lose theirs; disclosed ones keep theirs.
- `evaluation.based_on_version`: the project's highest public version when the evaluation was
  submitted; publishing refuses once another version has been published since. Back-filled
  for submitted evaluations with the project's current highest version.
- A partial unique index allows one PUBLISHED evaluation per project. Projects left with
  several by the race this closes keep their newest; the others become SUPERSEDED.
- `audit_entry.public`, `institution_id`, `department_id` say who may read an entry;
  `hash_version` 2 marks entries whose hash covers them. Existing entries stay version 1
  (their hash is unchanged) and get their scope derived from the action and the target.

On SQLite, making a column nullable means rebuilding the table; `DropNotNull` follows SQLite's
own procedure (https://www.sqlite.org/lang_altertable.html#otheralter), which needs foreign
keys off (`kilometer migrate` opens SQLite that way and checks them afterwards). Tortoise's
generic SQLite rebuild is not used: with foreign keys on it deletes every risk factor and
panel member by cascade, and it drops the table's indexes.
"""

from __future__ import annotations

from tortoise import fields, migrations
from tortoise.migrations import operations as ops
from tortoise.migrations.schema_editor.base import BaseSchemaEditor
from tortoise.migrations.schema_generator.state import State

DISCLOSED = "('PUBLISHED', 'SUPERSEDED', 'REVOKED')"
PUBLIC_ACTIONS = (
    "('evaluationPublish', 'evaluationSupersede', 'evaluationRevoke', 'policyPublish', "
    "'policyClose', 'institutionRegister', 'credentialIssue', 'credentialSuspend', "
    "'credentialReinstate', 'credentialRevoke', 'organizationRegister', 'projectRegister')"
)


class DropNotNull(ops.AlterField):
    """Make a NOT NULL integer column nullable, rebuilding the table safely on SQLite."""

    async def database_forward(
        self,
        app_label: str,
        old_state: State,
        new_state: State,
        state_editor: BaseSchemaEditor | None = None,
    ) -> None:
        if state_editor is None or state_editor.client.capabilities.dialect != "sqlite":
            await super().database_forward(app_label, old_state, new_state, state_editor)
            return
        model = new_state.apps.get_model(f"{app_label}.{self.model_name}")
        await rebuild_sqlite_table(state_editor, model._meta.db_table, self.name)

    async def database_backward(
        self,
        app_label: str,
        old_state: State,
        new_state: State,
        state_editor: BaseSchemaEditor | None = None,
    ) -> None:
        if state_editor is not None and state_editor.client.capabilities.dialect == "sqlite":
            raise NotImplementedError("restoring NOT NULL on SQLite is not supported")
        await super().database_backward(app_label, old_state, new_state, state_editor)


async def rebuild_sqlite_table(editor: BaseSchemaEditor, table: str, column: str) -> None:
    """SQLite's rebuild procedure: a copy of the table without the column's NOT NULL, its
    rows, the swap, then the same indexes again. Runs inside the migration's transaction."""
    if editor.collect_sql:
        editor.collected_sql.append(f'-- rebuild "{table}" with "{column}" nullable (SQLite)')
        return
    client = editor.client
    _, enforced = await client.execute_query("PRAGMA foreign_keys")
    if enforced and enforced[0][0]:
        raise RuntimeError(
            "rebuilding a table with foreign keys on would delete its children by cascade; "
            "apply this migration with `kilometer migrate`"
        )
    _, tables = await client.execute_query(
        "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", [table]
    )
    _, indexes = await client.execute_query(
        "SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL",
        [table],
    )
    create: str = tables[0][0]
    head, definition = f'CREATE TABLE "{table}"', f'"{column}" INT NOT NULL'
    if create.count(head) != 1 or create.count(definition) != 1:
        raise RuntimeError(f"unexpected definition of {table}.{column}: {create}")
    new = f"{table}__new"
    await editor._run_sql(
        create.replace(head, f'CREATE TABLE "{new}"').replace(definition, f'"{column}" INT')
    )
    await editor._run_sql(f'INSERT INTO "{new}" SELECT * FROM "{table}"')
    await editor._run_sql(f'DROP TABLE "{table}"')
    await editor._run_sql(f'ALTER TABLE "{new}" RENAME TO "{table}"')
    for (sql,) in indexes:
        await editor._run_sql(sql)


class Migration(migrations.Migration):
    dependencies = [("kilometer", "0002_access_and_revisions")]

    initial = False

    operations = [
        DropNotNull(model_name="Evaluation", name="version", field=fields.IntField(null=True)),
        ops.AddField(
            model_name="Evaluation",
            name="based_on_version",
            field=fields.IntField(null=True),
        ),
        ops.RunSQL(
            [
                # Repair the race this migration closes: the newest published version stays.
                "UPDATE evaluation SET status = 'SUPERSEDED', revision = revision + 1 "
                "WHERE status = 'PUBLISHED' AND EXISTS (SELECT 1 FROM evaluation AS newer "
                "WHERE newer.project_id = evaluation.project_id AND newer.status = 'PUBLISHED' "
                "AND newer.version > evaluation.version)",
                "UPDATE evaluation SET based_on_version = (SELECT MAX(disclosed.version) "
                "FROM evaluation AS disclosed WHERE disclosed.project_id = evaluation.project_id "
                f"AND disclosed.status IN {DISCLOSED}) WHERE status = 'SUBMITTED'",
                "UPDATE evaluation SET version = NULL WHERE status IN ('DRAFT', 'SUBMITTED')",
            ],
            reverse_sql=ops.RunSQL.noop,
        ),
        ops.RunSQL(
            'CREATE UNIQUE INDEX "uniq_evaluation_one_published" ON "evaluation" ("project_id") '
            "WHERE status = 'PUBLISHED'",
            reverse_sql='DROP INDEX "uniq_evaluation_one_published"',
        ),
        ops.AddField(
            model_name="AuditEntry",
            name="public",
            field=fields.BooleanField(default=False, db_default=False),
        ),
        ops.AddField(
            model_name="AuditEntry",
            name="institution_id",
            field=fields.IntField(null=True),
        ),
        ops.AddField(
            model_name="AuditEntry",
            name="department_id",
            field=fields.IntField(null=True),
        ),
        ops.AddField(
            model_name="AuditEntry",
            name="hash_version",
            field=fields.SmallIntField(default=1, db_default=1),
        ),
        ops.RunSQL(
            [
                "UPDATE audit_entry SET institution_id = (SELECT institution_id FROM evaluation "
                "WHERE evaluation.id = audit_entry.target_id) WHERE target_type = 'Evaluation'",
                "UPDATE audit_entry SET institution_id = (SELECT institution_id FROM credential "
                "WHERE credential.id = audit_entry.target_id) WHERE target_type = 'Credential'",
                "UPDATE audit_entry SET institution_id = target_id "
                "WHERE target_type = 'Institution'",
                "UPDATE audit_entry SET department_id = (SELECT department_id FROM policy "
                "WHERE policy.id = audit_entry.target_id) WHERE target_type = 'Policy'",
                f"UPDATE audit_entry SET public = TRUE WHERE action IN {PUBLIC_ACTIONS}",
                # An amendment (a policyUpdate of a published policy) is the only way a policy
                # row gets a version above 1; a withdrawn policy was public if it was published.
                "UPDATE audit_entry SET public = TRUE WHERE target_type = 'Policy' AND ("
                "(action = 'policyUpdate' AND target_id IN (SELECT id FROM policy WHERE version > 1)) "
                "OR (action = 'policyWithdraw' AND target_id IN "
                "(SELECT id FROM policy WHERE published_at IS NOT NULL)))",
            ],
            reverse_sql=ops.RunSQL.noop,
        ),
    ]
