"""The CORS policy of the public API (applied by `portal.edge`)."""

from __future__ import annotations

EXPOSED_HEADERS = [
    "X-Request-ID",
    "RateLimit-Limit",
    "RateLimit-Remaining",
    "RateLimit-Reset",
    "Retry-After",
    "Content-Language",
]


CORS_OPTIONS: dict[str, object] = {
    "allow_origins": ["*"],
    "allow_credentials": False,
    "allow_methods": ["GET", "POST", "OPTIONS"],
    "allow_headers": ["Authorization", "Content-Type", "X-Request-ID", "Accept-Language"],
    "expose_headers": EXPOSED_HEADERS,
    "max_age": 600,
}
"""CORS for the public API: any origin may read it, never with credentials.

Browsers send a bearer token only when a page's script adds it itself, so `*` without
credentials lets any site query the API while no cookie or ambient login is ever used."""
