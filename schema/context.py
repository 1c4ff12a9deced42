"""The per-request context and the typed `Info` alias resolvers receive."""

from __future__ import annotations

from dataclasses import dataclass, field

import strawberry
from starlette.requests import Request
from starlette.responses import Response

from portal.auth import ANONYMOUS, Identity
from portal.config import Settings
from resolvers.loaders import Loaders


@dataclass
class Context:
    """What every resolver of one request can reach."""

    request: Request
    settings: Settings
    identity: Identity = ANONYMOUS
    response: Response | None = None
    loaders: Loaders = field(init=False)

    def __post_init__(self) -> None:
        self.loaders = Loaders(identity=self.identity)

    def forget_loaded(self) -> None:
        """Drop every cached row, after a write changed some of them."""
        self.loaders = Loaders(identity=self.identity)


Info = strawberry.Info[Context, None]
