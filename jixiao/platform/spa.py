"""Serve the built portal: hashed assets cached a year; client routes fall back to index.html."""

from __future__ import annotations

from pathlib import Path

from starlette.exceptions import HTTPException
from starlette.responses import FileResponse, HTMLResponse, Response
from starlette.staticfiles import StaticFiles
from starlette.types import Scope

_MISSING = """<!doctype html><meta charset="utf-8"><title>绩效考评平台</title>
<p>门户尚未构建：请运行 <code>make demo</code>（或 <code>make portal</code>）。
GraphQL 接口在 <a href="/graphql">/graphql</a>。</p>"""


class SinglePageApp(StaticFiles):
    """Static files of `portal/dist`; unknown paths without an extension get index.html."""

    def __init__(self, directory: Path) -> None:
        super().__init__(directory=directory, check_dir=False, html=True)
        self.index = directory / "index.html"

    async def check_config(self) -> None:
        """An unbuilt portal is explained at request time instead of failing the app."""
        if self.index.exists():
            await super().check_config()

    async def get_response(self, path: str, scope: Scope) -> Response:
        if not self.index.exists():
            return HTMLResponse(_MISSING, status_code=503)
        try:
            response = await super().get_response(path, scope)
        except HTTPException as error:
            if error.status_code != 404 or "." in Path(path).name:
                raise
            response = FileResponse(self.index)
        if response.status_code == 404 and "." not in Path(path).name:
            response = FileResponse(self.index)
        if path.startswith("assets/"):
            response.headers["Cache-Control"] = "public, max-age=31536000, immutable"
        else:
            response.headers["Cache-Control"] = "no-cache"
        return response
