"""The per-request context and the typed `Info` alias resolvers receive."""

from __future__ import annotations

from dataclasses import dataclass, field

import strawberry
from starlette.requests import Request

from portal.config import Settings
from resolvers.loaders import Loaders


@dataclass
class Context:
    """What every resolver of one request can reach."""

    request: Request
    settings: Settings
    loaders: Loaders = field(default_factory=Loaders)


Info = strawberry.Info[Context, None]
