"""The `kilometer` command line: serve, migrate, load-demo, generate, export-schema."""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from portal.config import Settings, tortoise_config
from portal.vocabulary import Role

if TYPE_CHECKING:
    from fixtures.reference import Counts

SCHEMA_FILE = Path(__file__).resolve().parent.parent / "schema.graphql"


@dataclass
class Release:
    """What the release step did: migrations applied and reference rows written."""

    migrations: list[str] = field(default_factory=list)
    reference: dict[str, Counts] = field(default_factory=dict)
    demo_loaded: bool = False

    def lines(self) -> list[str]:
        """Human-readable report; one line saying nothing changed when that is so."""
        out = [f"Applied migration {name}" for name in self.migrations]
        out += [
            f"Reference data {table}: {counts}"
            for table, counts in self.reference.items()
            if counts.changed
        ]
        return out or ["Database is up to date."]


async def _pending_migrations(settings: Settings) -> list[str]:
    """Names of the committed migrations the database has not applied yet."""
    from tortoise import Tortoise, connections
    from tortoise.migrations.executor import MigrationExecutor

    config = tortoise_config(settings)
    await Tortoise.init(config=config, init_connections=False)
    try:
        executor = MigrationExecutor(connections.get("default"), config["apps"])
        steps = await executor.plan()
    finally:
        await Tortoise.close_connections()
    return [f"{s.migration.app_label}.{s.migration.name}" for s in steps if not s.backward]


async def _prepare(settings: Settings, demo: bool) -> Release:
    """The release step: migrate, sync the reference data, and optionally load the demo."""
    from fixtures.loader import load_demo
    from fixtures.reference import sync_reference
    from portal.database import close_orm, init_orm, migrate_database

    release = Release(migrations=await _pending_migrations(settings))
    await migrate_database(settings)
    await init_orm(settings, global_fallback=False)
    try:
        release.reference = dict(await sync_reference())
        release.demo_loaded = await load_demo() if demo else False
    finally:
        await close_orm()
    return release


@click.group()
def main() -> None:
    """Kilometer: the public GraphQL API over a province's technology chain."""


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on.")
@click.option("--port", default=8000, show_default=True, help="Port to listen on.")
@click.option(
    "--demo/--no-demo",
    default=True,
    show_default=True,
    help="Load the demo dataset when the database has no projects.",
)
def serve(host: str, port: int, demo: bool) -> None:
    """Migrate the database, load the demo data into an empty one, and serve the API."""
    import uvicorn

    settings = Settings.from_env()
    release = asyncio.run(_prepare(settings, demo))
    for line in release.lines():
        click.echo(line)
    if release.demo_loaded:
        click.echo("Loaded the demo dataset.")
    click.echo(f"GraphQL API and GraphiQL at http://{host}:{port}/graphql")
    uvicorn.run("portal.app:create_app", factory=True, host=host, port=port)


@main.command()
def migrate() -> None:
    """Apply the committed migrations and sync the reference data; say what changed.

    This is the release step of a deployment: afterwards the database holds the maturity
    scales, departments and vocabulary terms, so institutions can be accredited, policies
    published and department tokens issued without the demo dataset.
    """
    for line in asyncio.run(_prepare(Settings.from_env(), demo=False)).lines():
        click.echo(line)


@main.command("load-demo")
def load_demo_command() -> None:
    """Migrate, then load the demo dataset if the database has no projects yet."""
    release = asyncio.run(_prepare(Settings.from_env(), demo=True))
    for line in release.lines():
        if line != "Database is up to date.":
            click.echo(line)
    click.echo(
        "Loaded the demo dataset."
        if release.demo_loaded
        else "Projects already present: nothing loaded."
    )


@main.command()
@click.option(
    "--projects",
    "count",
    type=click.IntRange(1, 10_000_000),
    default=100_000,
    show_default=True,
    help="How many projects to add.",
)
@click.option(
    "--seed",
    type=int,
    default=1,
    show_default=True,
    help="Seed; the same seed gives the same data.",
)
def generate(count: int, seed: int) -> None:
    """Add COUNT generated projects with owners and evaluation histories, with a progress bar.

    The same seed gives the same rows. On PostgreSQL the rows are streamed with COPY; the
    planner statistics are refreshed (ANALYZE) at the end.
    """
    from tqdm import tqdm

    from fixtures.loader import generate as generate_rows
    from portal.database import close_orm, init_orm

    async def run() -> int:
        settings = Settings.from_env()
        await _prepare(settings, demo=False)
        await init_orm(settings, global_fallback=False)
        try:
            with tqdm(total=count, unit="project") as bar:
                return await generate_rows(count, seed, progress=bar.update)
        finally:
            await close_orm()

    started = time.perf_counter()
    evaluations = asyncio.run(run())
    elapsed = time.perf_counter() - started
    click.echo(
        f"Added {count} projects and {evaluations} evaluations in {elapsed:.1f} s "
        f"({count / elapsed:.0f} projects/s)."
    )


@main.command("export-schema")
@click.option(
    "--output",
    type=click.Path(path_type=Path),
    default=SCHEMA_FILE,
    show_default=True,
    help="Where to write the SDL.",
)
def export_schema(output: Path) -> None:
    """Write the GraphQL schema (SDL) to schema.graphql."""
    from schema import schema

    output.write_text(str(schema) + "\n", encoding="utf-8")
    click.echo(f"Wrote {output}")


async def _with_orm(work: Any) -> Any:
    from portal.database import close_orm, init_orm

    settings = Settings.from_env()
    await _prepare(settings, demo=False)
    await init_orm(settings, global_fallback=False)
    try:
        return await work()
    finally:
        await close_orm()


@main.group()
def token() -> None:
    """Issue and revoke API tokens."""


@token.command("create")
@click.option(
    "--role",
    required=True,
    type=click.Choice([r.value for r in Role]),
    help="Role the token grants.",
)
@click.option("--name", default="", help="What the token is for.")
@click.option("--institution", type=int, help="Institution id, for INSTITUTION tokens.")
@click.option("--department", help="Department code (e.g. HBST), for GOVERNMENT tokens.")
def token_create(role: str, name: str, institution: int | None, department: str | None) -> None:
    """Issue a token and print its secret once."""
    from portal.auth.tokens import create_token
    from portal.database.models import Department

    async def work() -> tuple[int, str]:
        department_id = None
        if department is not None:
            dept = await Department.get_or_none(code=department)
            if dept is None:
                raise click.BadParameter(
                    f"no department with code {department}", param_hint="--department"
                )
            department_id = dept.id
        try:
            row, secret = await create_token(
                name or f"{role.lower()} token", Role(role), institution, department_id
            )
        except ValueError as problem:
            raise click.UsageError(str(problem)) from None
        return row.id, secret

    token_id, secret = asyncio.run(_with_orm(work))
    click.echo(
        f"token {token_id} ({role}); send it as 'Authorization: Bearer <secret>'. Secret, shown once:"
    )
    click.echo(secret)


@token.command("revoke")
@click.argument("token_id", type=int)
def token_revoke(token_id: int) -> None:
    """Revoke the token with this id."""
    from portal.auth.tokens import revoke_token

    if not asyncio.run(_with_orm(lambda: revoke_token(token_id))):
        raise click.ClickException(f"no live token {token_id}")
    click.echo(f"token {token_id} revoked")


@main.group()
def audit() -> None:
    """Check the audit trail."""


@audit.command("verify")
def audit_verify() -> None:
    """Recompute the audit hash chain; exit 1 naming the first broken entry."""
    from portal.database.audit import verify_chain

    verdict = asyncio.run(_with_orm(verify_chain))
    if verdict.first_broken_id is not None:
        click.echo(f"BROKEN at audit entry {verdict.first_broken_id}: {verdict.reason}", err=True)
        raise SystemExit(1)
    click.echo(f"audit chain intact: {verdict.entries} entries")
