"""The language of a response: Chinese first, English second.

A request chooses with `Accept-Language` (RFC 9110): `zh`, `zh-CN`, `zh-Hans` give Chinese,
`en`, `en-US`, `en-GB` English, weighted by q-values; Chinese when neither is asked for. The
response says which with `Content-Language` (`zh-CN` or `en`).
"""

from __future__ import annotations

from functools import lru_cache

CONTENT_LANGUAGE = {"zh": "zh-CN", "en": "en"}


@lru_cache(maxsize=256)
def negotiate_language(header: str) -> str:
    """'zh' or 'en' for an Accept-Language header."""
    best, best_q = "zh", 0.0
    for position, part in enumerate(header.split(",")):
        tag, *params = (p.strip() for p in part.split(";"))
        quality = 1.0
        for p in params:
            if p.startswith("q="):
                try:
                    quality = float(p[2:])
                except ValueError:
                    quality = 0.0
        primary = tag.lower().split("-")[0]
        if primary in ("zh", "en") and quality > best_q:
            best, best_q = primary, quality
        del position
    return best
