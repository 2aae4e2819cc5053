"""The HTTP surface: the portal with SPA fallback and caching, health, request ids."""

from __future__ import annotations

from pathlib import Path

from starlette.testclient import TestClient

from jixiao.app import create_app
from jixiao.platform.config import Settings
from jixiao.platform.db import Database


def _portal(tmp_path: Path) -> Path:
    dist = tmp_path / "dist"
    (dist / "assets").mkdir(parents=True)
    (dist / "index.html").write_text("<!doctype html><title>绩效考评平台</title>", encoding="utf-8")
    (dist / "assets" / "index-abc123.js").write_text("console.log(1)", encoding="utf-8")
    return dist


def test_portal_routes_fall_back_to_index_and_assets_cache_for_a_year(
    sqlite_settings: Settings, tmp_path: Path
) -> None:
    settings = sqlite_settings.with_changes(portal_dir=_portal(tmp_path))
    client = TestClient(create_app(settings, database=Database(settings)))
    home = client.get("/")
    assert home.status_code == 200
    assert "绩效考评平台" in home.text
    assert home.headers["cache-control"] == "no-cache"
    deep = client.get("/results/rankings/2015")
    assert deep.status_code == 200
    assert "绩效考评平台" in deep.text
    asset = client.get("/assets/index-abc123.js")
    assert asset.headers["cache-control"] == "public, max-age=31536000, immutable"
    assert client.get("/assets/missing-1.js").status_code == 404
    assert client.get("/healthz").json() == {"status": "ok"}
    assert len(home.headers["x-request-id"]) >= 8


def test_an_unbuilt_portal_says_how_to_build_it(sqlite_settings: Settings, tmp_path: Path) -> None:
    settings = sqlite_settings.with_changes(portal_dir=tmp_path / "nothing")
    response = TestClient(create_app(settings, database=Database(settings))).get("/")
    assert response.status_code == 503
    assert "make demo" in response.text
