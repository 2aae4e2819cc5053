"""The file an export mutation hands back (every table a user sees can be exported)."""

from __future__ import annotations

import base64

import strawberry

from jixiao.graphql.errors import UserError
from jixiao.platform.spreadsheet import ExportFile


@strawberry.type(description="An exported file; `base64` holds its bytes.")
class ExportedFile:
    file_name: str
    content_type: str
    base64: str
    row_count: int

    @classmethod
    def of(cls, exported: ExportFile) -> ExportedFile:
        return cls(
            file_name=exported.file_name,
            content_type=exported.content_type,
            base64=base64.b64encode(exported.content).decode("ascii"),
            row_count=exported.rows,
        )


@strawberry.type
class ExportPayload:
    file: ExportedFile | None = None
    errors: list[UserError] = strawberry.field(default_factory=list)

    @classmethod
    def of(cls, exported: ExportFile | None, errors: list[UserError]) -> ExportPayload:
        return cls(file=ExportedFile.of(exported) if exported else None, errors=errors)
