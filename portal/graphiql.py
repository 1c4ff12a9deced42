"""GraphiQL served from the package itself: the page and its vendored assets, no CDN.

The assets in `portal/static/graphiql/` are npm builds copied byte for byte (see its
`NOTICE.md`). The page names each asset with a digest of its content, so browsers may keep
them for a year and still fetch a new copy the day a file changes.
"""

from __future__ import annotations

import gzip
import hashlib
import os
from functools import cache, lru_cache
from pathlib import Path

from starlette.datastructures import Headers
from starlette.responses import FileResponse, HTMLResponse, Response
from starlette.routing import BaseRoute, Mount
from starlette.staticfiles import StaticFiles
from starlette.types import Scope

ASSETS = Path(__file__).parent / "static" / "graphiql"
ASSET_PATH = "static/graphiql"
"""Where the assets are mounted, relative to the application root (and to the page's URL)."""

STYLES = ("graphiql.min.css", "plugin-explorer.css")
SCRIPTS = (
    "react.production.min.js",
    "react-dom.production.min.js",
    "graphiql.min.js",
    "plugin-explorer.umd.js",
    "kilometer-graphiql.js",
)
MEDIA_TYPES = {
    ".js": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".md": "text/markdown; charset=utf-8",
}
IMMUTABLE = "public, max-age=31536000, immutable"

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'none'",
        "script-src 'self'",
        # GraphiQL and CodeMirror position their panes with inline style attributes.
        "style-src 'self' 'unsafe-inline'",
        # Fonts and icons are data: URIs inside graphiql.min.css.
        "font-src 'self' data:",
        "img-src 'self' data:",
        "connect-src 'self'",
        "base-uri 'none'",
        "form-action 'none'",
        "frame-ancestors 'none'",
    ]
)
"""The browser itself refuses any request the page would make outside this application."""

PAGE = """<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>Kilometer · GraphiQL</title>
    <link rel="icon" href="data:,">
{styles}
  </head>
  <body style="margin: 0">
    <div id="graphiql" style="height: 100vh">Loading…</div>
{scripts}
  </body>
</html>
"""


@cache
def asset_url(name: str) -> str:
    """The page-relative URL of an asset, versioned by a digest of its content."""
    digest = hashlib.sha256((ASSETS / name).read_bytes()).hexdigest()[:12]
    return f"{ASSET_PATH}/{name}?v={digest}"


@cache
def page_html() -> str:
    """The GraphiQL page; every URL in it is relative, so it works under any root path."""
    styles = "\n".join(f'    <link rel="stylesheet" href="{asset_url(n)}">' for n in STYLES)
    scripts = "\n".join(f'    <script src="{asset_url(n)}"></script>' for n in SCRIPTS)
    return PAGE.format(styles=styles, scripts=scripts)


def graphiql_page() -> HTMLResponse:
    """The response a browser gets for GET /graphql."""
    return HTMLResponse(
        page_html(),
        headers={"Content-Security-Policy": CONTENT_SECURITY_POLICY, "Cache-Control": "no-cache"},
    )


@lru_cache(maxsize=16)
def gzipped(path: str, modified_ns: int) -> bytes:
    """A file's gzip encoding, made once per process (and again if the file changes)."""
    return gzip.compress(Path(path).read_bytes(), compresslevel=9, mtime=0)


class Assets(StaticFiles):
    """Static files with explicit media types, a year-long immutable cache lifetime, and gzip.

    graphiql.min.js is ~1 MB and ~290 KB gzipped: worth it on a slow provincial link. Each
    file is compressed once and kept, so repeated downloads cost no CPU.
    """

    def file_response(
        self,
        full_path: str | os.PathLike[str],
        stat_result: os.stat_result,
        scope: Scope,
        status_code: int = 200,
    ) -> Response:
        """Serve one asset; the digest in the page's URLs makes caching it forever safe."""
        response = super().file_response(full_path, stat_result, scope, status_code)
        media_type = MEDIA_TYPES.get(Path(full_path).suffix)
        if isinstance(response, FileResponse) and media_type is not None:
            response.headers["Content-Type"] = media_type
            if "gzip" in Headers(scope=scope).get("accept-encoding", ""):
                body = gzipped(str(full_path), stat_result.st_mtime_ns)
                headers = {k: v for k, v in response.headers.items() if k != "content-length"}
                response = Response(body, status_code, headers=headers)
                response.headers["Content-Encoding"] = "gzip"
            response.headers["Vary"] = "Accept-Encoding"
        response.headers["Cache-Control"] = IMMUTABLE
        return response


def graphiql_routes(enabled: bool) -> list[BaseRoute]:
    """The asset mount, or nothing when GraphiQL is switched off (`KILOMETER_NO_GRAPHIQL`)."""
    if not enabled:
        return []
    return [Mount(f"/{ASSET_PATH}", app=Assets(directory=ASSETS), name="graphiql-assets")]
