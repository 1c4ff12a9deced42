"""The per-request context and the typed `Info` alias resolvers receive."""

from __future__ import annotations

from dataclasses import dataclass, field

import strawberry
from starlette.requests import Request
from starlette.responses import Response

from portal.auth import ANONYMOUS, Identity
from portal.config import Settings
from resolvers.reader import database
from resolvers.select import Scope
from schema.i18n import negotiate_language
from schema.plan.fallback import Fetcher


@dataclass
class Context:
    """What every resolver of one request can reach."""

    request: Request
    settings: Settings
    identity: Identity = ANONYMOUS
    response: Response | None = None
    scope: Scope = field(init=False)
    fetcher: Fetcher = field(init=False)
    planned: bool = True
    """Answer query operations from their plan (False: field by field, for comparison)."""

    def __post_init__(self) -> None:
        self.planned = self.settings.planner
        language = negotiate_language(self.request.headers.get("accept-language", ""))
        self.scope = Scope(database().dialect, self.identity, language)
        self.fetcher = Fetcher(self.scope)

    def forget_loaded(self) -> None:
        """Drop every cached row, after a write changed some of them."""
        self.fetcher = Fetcher(self.scope)


Info = strawberry.Info[Context, None]
