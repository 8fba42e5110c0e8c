"""The API docs page: its Swagger UI files come from this site, as the CSP requires."""

from __future__ import annotations

import re

from django.conf import settings
from django.contrib.staticfiles import finders
from django.test import Client, override_settings

ASSET = re.compile(r'<(?:script|link)\b[^>]*?\b(?:src|href)="([^"]+)"')


def static_prefix() -> str:
    return "/" + settings.STATIC_URL.strip("/") + "/"


def test_it_serves_the_api_docs_from_local_assets() -> None:
    page = Client().get("/api/v1/docs")
    assert page.status_code == 200
    html = page.content.decode()
    assets = ASSET.findall(html)
    scripts = [a for a in assets if a.endswith(".js")]
    assert any("swagger-ui-bundle" in a for a in scripts), assets
    assert any(a.endswith(".css") for a in assets), assets
    for asset in assets:
        assert asset.startswith(static_prefix()), asset  # not a CDN
    # The page's policy lets exactly these scripts run: same origin, nothing inline.
    policy = page["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "<script>" not in html


@override_settings(WHITENOISE_USE_FINDERS=True, WHITENOISE_AUTOREFRESH=True)
def test_it_serves_every_asset_of_the_api_docs_page() -> None:
    web = Client()  # a new client builds its middleware with the settings above
    html = web.get("/api/v1/docs").content.decode()
    for asset in ASSET.findall(html):
        name = asset.removeprefix(static_prefix())
        assert finders.find(name), name
        served = web.get(asset)
        assert served.status_code == 200, asset
        body = served.getvalue() if not served.streaming else b"".join(served)
        assert body


def test_it_serves_the_openapi_schema_the_docs_page_reads() -> None:
    schema = Client().get("/api/v1/openapi.json")
    assert schema.status_code == 200
    assert schema.json()["info"]["title"] == "Recovery Circle API"
