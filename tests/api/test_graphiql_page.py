"""The GraphiQL page and its assets over HTTP: nothing but the application's own files."""

from __future__ import annotations

import gzip
import re

import httpx

from portal.app import create_app
from portal.config import Settings

MEDIA_TYPES = {".js": "text/javascript", ".css": "text/css"}


async def test_graphiql_page_names_only_its_own_assets(client: httpx.AsyncClient) -> None:
    # when
    page = await client.get("/graphql", headers={"accept": "text/html,application/xhtml+xml"})
    # then
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    urls = re.findall(r'(?:src|href)="([^"]*)"', page.text)
    assets = [u for u in urls if not u.startswith("data:")]
    assert len(assets) == 7
    assert all(re.fullmatch(r"static/graphiql/[\w.-]+\?v=[0-9a-f]{12}", u) for u in assets), assets
    policy = page.headers["content-security-policy"]
    assert "default-src 'none'" in policy and "script-src 'self'" in policy
    assert "connect-src 'self'" in policy


async def test_graphiql_assets_are_served_cacheable_with_their_media_types(
    client: httpx.AsyncClient,
) -> None:
    # given
    page = await client.get("/graphql", headers={"accept": "text/html"})
    assets = re.findall(r'(?:src|href)="(static/[^"]*)"', page.text)
    # when
    responses = {url: await client.get(f"/{url}") for url in assets}
    # then
    for url, response in responses.items():
        suffix = "." + url.split("?")[0].rsplit(".", 1)[1]
        assert response.status_code == 200, url
        assert response.headers["content-type"] == f"{MEDIA_TYPES[suffix]}; charset=utf-8"
        assert response.headers["cache-control"] == "public, max-age=31536000, immutable"
        assert response.headers["x-content-type-options"] == "nosniff"
        assert len(response.content) > 500


async def test_graphiql_script_is_gzipped_for_browsers_that_accept_it(
    client: httpx.AsyncClient,
) -> None:
    # when
    url = "/static/graphiql/graphiql.min.js"
    raw = await client.get(url, headers={"accept-encoding": "identity"})
    async with client.stream("GET", url, headers={"accept-encoding": "gzip, br"}) as zipped:
        wire = b"".join([chunk async for chunk in zipped.aiter_raw()])
    # then
    assert "content-encoding" not in raw.headers
    assert zipped.headers["content-encoding"] == "gzip"
    assert zipped.headers["vary"].lower().startswith("accept-encoding")
    assert int(zipped.headers["content-length"]) == len(wire) < len(raw.content) / 2
    assert gzip.decompress(wire) == raw.content


async def test_graphiql_can_be_switched_off(settings: Settings) -> None:
    # given: KILOMETER_NO_GRAPHIQL=1
    app = create_app(Settings(database_url=settings.database_url, graphiql=False))
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://k") as client:
        # when
        page = await client.get("/graphql", headers={"accept": "text/html"})
        asset = await client.get("/static/graphiql/graphiql.min.js")
        query = await client.get(
            "/graphql",
            params={"query": "{ maturityScales { code } }"},
            headers={"accept": "application/json"},
        )
    # then
    assert page.status_code == 404 and asset.status_code == 404
    assert query.status_code == 200 and query.json()["data"]["maturityScales"]
