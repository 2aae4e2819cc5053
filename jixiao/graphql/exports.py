"""The file an export mutation hands back (every table a user sees can be exported)."""

from __future__ import annotations

import base64

import strawberry

from jixiao.graphql.errors import ERRORS, UserError
from jixiao.platform.spreadsheet import ExportFile


@strawberry.type(description="An exported file; `base64` holds its bytes.")
class ExportedFile:
    file_name: str = strawberry.field(
        description="A name to save it under, mostly with the local time (.xlsx or .csv)."
    )
    content_type: str = strawberry.field(
        description="Its media type: the .xlsx one for workbooks, text/csv for CSV."
    )
    base64: str = strawberry.field(description="The file's bytes, base64-encoded.")
    row_count: int = strawberry.field(description="How many data rows it holds (without headers).")

    @classmethod
    def of(cls, exported: ExportFile) -> ExportedFile:
        return cls(
            file_name=exported.file_name,
            content_type=exported.content_type,
            base64=base64.b64encode(exported.content).decode("ascii"),
            row_count=exported.rows,
        )


@strawberry.type(description="What an export mutation returns: the file, or why not.")
class ExportPayload:
    file: ExportedFile | None = strawberry.field(
        default=None, description="The file made; null when refused."
    )
    errors: list[UserError] = strawberry.field(default_factory=list, description=ERRORS)

    @classmethod
    def of(cls, exported: ExportFile | None, errors: list[UserError]) -> ExportPayload:
        return cls(file=ExportedFile.of(exported) if exported else None, errors=errors)
