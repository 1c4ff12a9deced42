"""Settings read once from the environment, and the ORM configuration derived from them."""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

DEFAULT_DATABASE_URL = "sqlite://kilometer.db"
MODEL_MODULES = ["portal.database.models"]
MIGRATIONS_MODULE = "portal.database.migrations"


@dataclass(frozen=True)
class Settings:
    """Runtime settings of one Kilometer process.

    Attributes:
        database_url: Tortoise database URL; `sqlite://FILE` (the embedded default) or
            `postgres://USER@HOST:PORT/NAME` in production.
        debug: Show unmasked errors to clients; never on in production.
        graphiql: Serve the GraphiQL IDE on GET /graphql from a browser.
        max_query_cost: Largest cost one operation may have; larger ones are refused unrun.
        rate_limit_public: Query cost an anonymous caller (per IP) may spend per window.
        rate_limit_token: Query cost a token may spend per window.
        rate_window_seconds: Length of a rate-limit window.
        planner: Answer queries from compiled read plans; False answers them field by field
            (the reference the planner is tested against).
        log_format: `text` (the default) or `json`: one JSON object per log line.
    """

    database_url: str = DEFAULT_DATABASE_URL
    debug: bool = False
    graphiql: bool = True
    max_query_cost: int = 20_000
    rate_limit_public: int = 30_000
    rate_limit_token: int = 150_000
    rate_window_seconds: int = 60
    planner: bool = True
    log_format: str = "text"

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> Settings:
        """Read settings from the process environment (or a given mapping)."""
        env = dict(os.environ if environ is None else environ)
        return cls(
            database_url=normalize_database_url(env.get("DATABASE_URL") or DEFAULT_DATABASE_URL),
            debug=_flag(env.get("KILOMETER_DEBUG", "")),
            graphiql=not _flag(env.get("KILOMETER_NO_GRAPHIQL", "")),
            max_query_cost=int(env.get("KILOMETER_MAX_QUERY_COST", "20000")),
            rate_limit_public=int(env.get("KILOMETER_RATE_LIMIT_PUBLIC", "30000")),
            rate_limit_token=int(env.get("KILOMETER_RATE_LIMIT_TOKEN", "150000")),
            log_format=env.get("KILOMETER_LOG_FORMAT", "text").strip().lower() or "text",
        )

    @property
    def is_postgres(self) -> bool:
        """True when the configured database is PostgreSQL."""
        return self.database_url.startswith(("postgres://", "asyncpg://"))


def _flag(value: str) -> bool:
    return value.strip().lower() in {"1", "true", "yes", "on"}


def normalize_database_url(url: str) -> str:
    """Accept the URL spellings platforms hand out (`postgresql://`) as Tortoise's."""
    if url.startswith("postgresql://"):
        return "postgres://" + url.removeprefix("postgresql://")
    return url


def tortoise_config(settings: Settings) -> dict[str, Any]:
    """Build the Tortoise ORM configuration for `settings`."""
    return {
        "connections": {"default": settings.database_url},
        "apps": {
            "kilometer": {
                "models": MODEL_MODULES,
                "default_connection": "default",
                "migrations": MIGRATIONS_MODULE,
            }
        },
        "use_tz": True,
        "timezone": "UTC",
    }


# Read by `tortoise makemigrations` / `tortoise migrate` through [tool.tortoise] in pyproject.toml.
TORTOISE_ORM = tortoise_config(Settings.from_env())
