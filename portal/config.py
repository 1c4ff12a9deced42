"""Settings read once from the environment, and the ORM configuration derived from them."""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

from tortoise.backends.base.config_generator import expand_db_url

DEFAULT_DATABASE_URL = "sqlite://kilometer.db"
MODEL_MODULES = ["portal.database.models"]
MIGRATIONS_MODULE = "portal.database.migrations"
POSTGRES_ENGINE = "portal.dbclient"
"""Tortoise's asyncpg backend with a pool-acquire timeout (see portal/dbclient.py)."""


@dataclass(frozen=True)
class Settings:
    """Runtime settings of one Kilometer process.

    Attributes:
        database_url: Tortoise database URL; `sqlite://FILE` (the embedded default) or
            `postgres://USER@HOST:PORT/NAME` in production.
        debug: Show unmasked errors to clients; never on in production.
        graphiql: Serve the GraphiQL IDE on GET /graphql from a browser.
        max_query_cost: Largest cost one operation may have; larger ones are refused unrun.
        rate_limit_public: Query cost an anonymous caller (per IP, per /64 for IPv6) may spend
            per window.
        rate_limit_token: Query cost a token may spend per window.
        rate_window_seconds: Length of a rate-limit window.
        planner: Answer queries from compiled read plans; False answers them field by field
            (the reference the planner is tested against).
        log_format: `text` (the default) or `json`: one JSON object per log line.
        redis_url: Redis holding the shared rate-limit budgets; None keeps them in the database.
        rate_sync_points: Cost a process may admit for one caller before it must reconcile with
            the shared store; the over-limit tolerance across N processes is N times this.
        rate_sync_interval: Seconds between two reconciliations of a process with the store.
        db_statement_timeout: Seconds a PostgreSQL statement may run (0: no limit).
        db_pool_timeout: Seconds a request waits for a pooled PostgreSQL connection.
        db_connect_timeout: Seconds to open a new PostgreSQL connection.
        retry_after_seconds: What `Retry-After` tells a caller when the database is unavailable.
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
    redis_url: str | None = None
    rate_sync_points: int = 1_000
    rate_sync_interval: float = 0.1
    db_statement_timeout: float = 5.0
    db_pool_timeout: float = 3.0
    db_connect_timeout: float = 5.0
    retry_after_seconds: int = 5

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
            redis_url=env.get("REDIS_URL") or None,
            rate_sync_points=int(env.get("KILOMETER_RATE_SYNC_POINTS", "1000")),
            rate_sync_interval=float(env.get("KILOMETER_RATE_SYNC_INTERVAL", "0.1")),
            db_statement_timeout=float(env.get("KILOMETER_DB_STATEMENT_TIMEOUT", "5")),
            db_pool_timeout=float(env.get("KILOMETER_DB_POOL_TIMEOUT", "3")),
            db_connect_timeout=float(env.get("KILOMETER_DB_CONNECT_TIMEOUT", "5")),
            retry_after_seconds=int(env.get("KILOMETER_RETRY_AFTER", "5")),
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


def postgres_connection(settings: Settings) -> dict[str, Any]:
    """Tortoise's connection entry for PostgreSQL, with every wait on the database bounded.

    The statement timeout is PostgreSQL's own `statement_timeout`; the client-side command
    timeout, one second longer, answers when the server (or the network) never replies. The
    pool starts empty (`minsize=0`), so a database that is down when the first request comes
    costs that request a bounded connect, not every queued request one after another.
    """
    config = expand_db_url(settings.database_url)
    credentials: dict[str, Any] = config["credentials"]
    credentials.setdefault("minsize", 0)
    credentials.setdefault("timeout", settings.db_connect_timeout)
    credentials["acquire_timeout"] = settings.db_pool_timeout
    if settings.db_statement_timeout > 0:
        server_settings = dict(credentials.get("server_settings") or {})
        server_settings["statement_timeout"] = str(int(settings.db_statement_timeout * 1000))
        credentials["server_settings"] = server_settings
        credentials["command_timeout"] = settings.db_statement_timeout + 1
    config["engine"] = POSTGRES_ENGINE
    return config


def tortoise_config(settings: Settings) -> dict[str, Any]:
    """Build the Tortoise ORM configuration for `settings`."""
    connection: str | dict[str, Any] = (
        postgres_connection(settings) if settings.is_postgres else settings.database_url
    )
    return {
        "connections": {"default": connection},
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
