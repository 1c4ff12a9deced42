"""The `kilometer` command line: serve, migrate, load-demo, generate, export-schema."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

import click

from portal.config import Settings

SCHEMA_FILE = Path(__file__).resolve().parent.parent / "schema.graphql"


async def _prepare(settings: Settings, demo: bool) -> bool:
    from fixtures.loader import load_demo
    from portal.database import close_orm, init_orm, migrate_database

    await migrate_database(settings)
    await init_orm(settings, global_fallback=False)
    try:
        return await load_demo() if demo else False
    finally:
        await close_orm()


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
    if asyncio.run(_prepare(settings, demo)):
        click.echo("Loaded the demo dataset.")
    click.echo(f"GraphQL API and GraphiQL at http://{host}:{port}/graphql")
    uvicorn.run("portal.app:create_app", factory=True, host=host, port=port)


@main.command()
def migrate() -> None:
    """Apply every committed migration to the database DATABASE_URL names."""
    asyncio.run(_prepare(Settings.from_env(), demo=False))
    click.echo("Database is up to date.")


@main.command("load-demo")
def load_demo_command() -> None:
    """Migrate, then load the demo dataset if the database has no projects yet."""
    loaded = asyncio.run(_prepare(Settings.from_env(), demo=True))
    click.echo(
        "Loaded the demo dataset." if loaded else "Projects already present: nothing loaded."
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
    """Add COUNT generated projects with owners and evaluation histories, with a progress bar."""
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
