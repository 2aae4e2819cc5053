"""Security headers on every answer: no framing, no sniffing, a CSP without inline script for the
portal and a load-nothing CSP for data; HSTS only when configured."""

from __future__ import annotations

from pathlib import Path

from starlette.testclient import TestClient

from jixiao.app import create_app
from jixiao.platform.config import Settings
from jixiao.platform.db import Database


def _client(settings: Settings, tmp_path: Path) -> TestClient:
    dist = tmp_path / "dist"
    dist.mkdir()
    (dist / "index.html").write_text(
        '<!doctype html><title>绩效考评平台</title><script type="module" src="/assets/i.js">'
        "</script>",
        encoding="utf-8",
    )
    settings = settings.with_changes(portal_dir=dist)
    return TestClient(create_app(settings, database=Database(settings)))


def _no_framing(headers: dict[str, str]) -> None:
    assert headers["x-frame-options"] == "DENY"
    assert "frame-ancestors 'none'" in headers["content-security-policy"]
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "same-origin"


def test_the_portal_may_not_be_framed_nor_run_inline_script(
    sqlite_settings: Settings, tmp_path: Path
) -> None:
    client = _client(sqlite_settings, tmp_path)
    for path in ("/", "/results/rankings/2015"):
        page = client.get(path)
        assert page.status_code == 200
        _no_framing(dict(page.headers))
        csp = page.headers["content-security-policy"]
        assert "script-src 'self';" in csp
        assert "unsafe-inline" not in csp.split("script-src", 1)[1].split(";", 1)[0]
        assert "object-src 'none'" in csp
        assert "strict-transport-security" not in page.headers
    # A reload revalidates the page: the 304 must not bring a CSP that would block the portal.
    home = client.get("/")
    etag, modified = home.headers["etag"], home.headers["last-modified"]
    again = client.get("/", headers={"If-None-Match": etag, "If-Modified-Since": modified})
    assert again.status_code == 304
    assert "content-security-policy" not in again.headers
    assert again.headers["x-frame-options"] == "DENY"


def test_api_answers_and_refusals_carry_the_headers_too(
    sqlite_settings: Settings, tmp_path: Path
) -> None:
    client = _client(sqlite_settings, tmp_path)
    answered = client.post("/graphql", json={"query": "{ viewer { authenticated } }"})
    refused = client.post(  # a cookie without the CSRF header: the middleware's own 403
        "/graphql",
        json={"query": "mutation { signOut }"},
        headers={"Cookie": "jixiao_session=x.yyyyyyyyyyyyyyyyyyyyyyyy"},
    )
    assert refused.status_code == 403
    for response in (answered, refused, client.get("/healthz")):
        _no_framing(dict(response.headers))
        assert response.headers["content-security-policy"].startswith("default-src 'none'")


def test_graphiql_outside_production_keeps_only_the_framing_rule(
    sqlite_settings: Settings, tmp_path: Path
) -> None:
    ide = _client(sqlite_settings, tmp_path).get("/graphql", headers={"Accept": "text/html"})
    assert ide.status_code == 200
    assert ide.headers["content-security-policy"] == "frame-ancestors 'none'"
    assert ide.headers["x-frame-options"] == "DENY"


def test_hsts_only_when_configured(sqlite_settings: Settings, tmp_path: Path) -> None:
    client = _client(sqlite_settings.with_changes(hsts_max_age=31536000), tmp_path)
    assert client.get("/").headers["strict-transport-security"] == "max-age=31536000"
    assert Settings.from_env({"JIXIAO_HSTS_MAX_AGE": "600"}).hsts_max_age == 600
    assert Settings.from_env({}).hsts_max_age == 0
