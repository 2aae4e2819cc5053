"""`jixiao scheme import|export`: interchange files in and out of a tenant's database."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

import jixiao.models  # noqa: F401 - every table, before the database opens
from jixiao.audit.service import SYSTEM
from jixiao.platform.config import Settings, SettingsError
from jixiao.platform.db import Database, JixiaoSession
from jixiao.platform.errors import DomainError
from jixiao.schemes.errors import SchemeInvalid

BAD_INPUT = 2
scheme_app = typer.Typer(
    help="Schemes: import and export jixiao.scheme/1 and jixiao.data/1 files",
    no_args_is_help=True,
)


class ExportFormat(StrEnum):
    YAML = "yaml"
    JSON = "json"


def _refuse(lines: list[str]) -> typer.Exit:
    for line in lines:
        sys.stderr.write(line + "\n")
    sys.stderr.flush()
    return typer.Exit(BAD_INPUT)


def _explain(error: DomainError) -> list[str]:
    if isinstance(error, SchemeInvalid):
        issues = [str(issue) for issue in error.issues]
        return [*issues, f"共 {len(issues)} 处错误，未做任何修改。"]
    return [f"error: {error.field + ': ' if error.field else ''}{error.message}"]


@contextmanager
def _tenant_session(tenant_code: str) -> Iterator[JixiaoSession]:
    """A session of the named tenant on the configured database; the caller commits."""
    from jixiao.platform.schema_version import is_current
    from jixiao.tenants.service import find_tenant

    try:
        settings = Settings.from_env()
    except SettingsError as error:
        raise _refuse([f"error: {error}"]) from None
    if not is_current(settings):
        raise _refuse(["error: the database is not up to date: run `jixiao migrate` first"])
    database = Database(settings)
    try:
        with database.platform_session() as platform:
            tenant = find_tenant(platform, tenant_code)
        if tenant is None:
            raise _refuse([f"error: --tenant: 没有代码为「{tenant_code}」的租户"])
        with database.tenant_session(tenant.id) as session:
            yield session
    finally:
        database.dispose()


_STAGES = {"reading": "reading files…", "validating": "validating…", "committing": "committing…"}


class ProgressPrinter:
    """Import progress on stderr: one line per stage and, while rows are written, a line at
    each tenth of them (on a terminal, one line rewritten in place)."""

    def __init__(self) -> None:
        self.stage = ""
        self.shown = -1  # the last tenth of the rows shown
        self.live = sys.stderr.isatty()

    def __call__(self, stage: str, done: int, total: int) -> None:
        if stage != "writing":
            if self.live and self.stage == "writing":
                self._write("\n")
            if stage != self.stage:
                self._write(_STAGES.get(stage, stage + "…") + "\n")
            self.stage = stage
            return
        self.stage = stage
        text = f"writing {done:,} of {total:,} rows"
        if self.live:
            self._write(f"\r{text}")
            return
        tenth = 10 * done // total if total else 10
        if tenth > self.shown:
            self._write(text + "\n")
            self.shown = tenth

    @staticmethod
    def _write(text: str) -> None:
        sys.stderr.write(text)
        sys.stderr.flush()


@scheme_app.command("import")
def import_command(
    scheme_file: Annotated[
        Path, typer.Argument(metavar="SCHEME_FILE", help="jixiao.scheme/1 file (YAML or JSON)")
    ],
    tenant: Annotated[str, typer.Option("--tenant", help="Code of the tenant, e.g. jinfeng")],
    data: Annotated[
        Path | None, typer.Option("--data", help="jixiao.data/1 file (YAML or JSON)")
    ] = None,
) -> None:
    """Import a scheme (and its data) into a tenant: all or nothing; a draft is replaced.

    Progress goes to stderr (reading, validating, writing N of M rows, committing)."""
    from jixiao.schemes.interchange import import_files

    progress = ProgressPrinter()
    with _tenant_session(tenant) as session:
        try:
            outcome = import_files(session, scheme_file, data, SYSTEM, progress=progress)
            progress("committing", 0, 0)
            session.commit()
        except DomainError as error:
            session.rollback()
            raise _refuse(_explain(error)) from None
    verb = "replaced" if outcome.replaced else "imported"
    counts = ", ".join(f"{name} {count}" for name, count in outcome.counts.items())
    typer.echo(f"{verb} scheme {outcome.scheme.code} into tenant {tenant} ({counts})")


@scheme_app.command("import-data")
def import_data_command(
    code: Annotated[str, typer.Argument(metavar="SCHEME_CODE", help="Code of the scheme")],
    data_file: Annotated[
        Path, typer.Argument(metavar="DATA_FILE", help="jixiao.data/1 file (YAML or JSON)")
    ],
    tenant: Annotated[str, typer.Option("--tenant", help="Code of the tenant, e.g. jinfeng")],
    replace: Annotated[
        bool, typer.Option("--replace", help="The file becomes the whole data (default: merge)")
    ] = False,
    preview: Annotated[
        bool, typer.Option("--preview", help="Only tell what the import would do; write nothing")
    ] = False,
) -> None:
    """Import a scheme's data, all or nothing: merged by natural key (what the file does not
    mention is kept), or with --replace the whole data replaced."""
    from jixiao.engine import FormatError
    from jixiao.engine.formats import read_document
    from jixiao.schemes.interchange import import_data
    from jixiao.schemes.merge import CHANGES, DataMode

    mode = DataMode.REPLACE if replace else DataMode.MERGE
    progress = ProgressPrinter()
    with _tenant_session(tenant) as session:
        try:
            try:
                raw = read_document(data_file)
            except FormatError as error:
                raise SchemeInvalid(error.issues) from None
            outcome = import_data(
                session, code, raw, actor=SYSTEM, file=str(data_file), progress=progress,
                mode=mode, preview=preview,
            )  # fmt: skip
            if preview:
                session.rollback()
            else:
                progress("committing", 0, 0)
                session.commit()
        except DomainError as error:
            session.rollback()
            raise _refuse(_explain(error)) from None
    labels = {"added": "新增", "changed": "更改", "kept": "保留", "removed": "删除"}
    counts = "，".join(f"{labels[c]} {outcome.counts.get(c, 0)} 条" for c in CHANGES)
    verb = {DataMode.MERGE: "合并", DataMode.REPLACE: "替换"}[mode]
    if not preview:
        typer.echo(f"已{verb}方案 {code} 的数据（{counts}）")
        return
    typer.echo(f"预览：{verb}方案 {code} 的数据将{counts}；未做任何修改。")
    assert outcome.diff is not None
    for change in ("added", "changed", "removed"):
        for line in outcome.diff.samples[change]:
            typer.echo(f"  {labels[change]}：{line}")


@scheme_app.command("export")
def export_command(
    code: Annotated[str, typer.Argument(metavar="SCHEME_CODE", help="Code of the scheme")],
    tenant: Annotated[str, typer.Option("--tenant", help="Code of the tenant, e.g. jinfeng")],
    with_data: Annotated[
        bool, typer.Option("--with-data", help="Append the data as a second YAML document")
    ] = False,
    output_format: Annotated[
        ExportFormat, typer.Option("--format", help="yaml, or json (scheme only)")
    ] = ExportFormat.YAML,
    output: Annotated[
        Path | None, typer.Option("--output", help="Write the scheme here instead of stdout")
    ] = None,
    data_output: Annotated[
        Path | None, typer.Option("--data-output", help="Write the data to its own file")
    ] = None,
) -> None:
    """Print a scheme as jixiao.scheme/1 (and its data as jixiao.data/1)."""
    from jixiao.schemes.interchange import export_documents
    from jixiao.schemes.textio import dump_json, dump_yaml

    json_out = output_format is ExportFormat.JSON
    if json_out and with_data and data_output is None:
        raise _refuse(["error: --format json 只能导出方案本身；带数据请加 --data-output 或用 YAML"])
    with _tenant_session(tenant) as session:
        try:
            documents = export_documents(
                session, code, with_data=with_data or data_output is not None
            )
        except DomainError as error:
            raise _refuse(_explain(error)) from None

    def dump(document: dict[str, object]) -> str:
        return dump_json(document) + "\n" if json_out else dump_yaml(document)

    if data_output is not None:
        data_output.write_text(dump(documents[1]), encoding="utf-8")
        documents = documents[:1]
    text = "---\n".join(dump(document) for document in documents)
    if output is not None:
        output.write_text(text, encoding="utf-8")
        return
    stream = getattr(sys.stdout, "buffer", None)
    if stream is None:
        sys.stdout.write(text)
    else:
        stream.write(text.encode("utf-8"))
    sys.stdout.flush()


@scheme_app.command("check")
def check_command(
    tenant: Annotated[str, typer.Option("--tenant", help="Code of the tenant, e.g. jinfeng")],
    code: Annotated[
        str | None,
        typer.Argument(metavar="[SCHEME_CODE]", help="Code of one scheme (default: every one)"),
    ] = None,
) -> None:
    """Report every stored entry the engine would refuse (exit 1 when there is any)."""
    from jixiao.schemes.inputs import engine_inputs
    from jixiao.schemes.queries import scheme_codes
    from jixiao.scoring.entry.problems import scheme_problems

    found = 0
    with _tenant_session(tenant) as session:
        codes = [code] if code else scheme_codes(session)
        for scheme_code in codes:
            try:
                inputs = engine_inputs(session, scheme_code)
            except SchemeInvalid as error:
                problems = scheme_problems(session, scheme_code) if error.issues else []
                found += len(problems) or len(error.issues)
                for problem in problems:  # in words, with what removes it (removeBadEntry)
                    kind, entry = problem.kind.value, problem.entry_id
                    sys.stdout.write(f"{scheme_code}: {problem.text}（{kind} {entry}）\n")
                for issue in () if problems else error.issues:
                    sys.stdout.write(f"{scheme_code}: {issue}\n")
            except DomainError as error:
                raise _refuse(_explain(error)) from None
            else:
                entries = len(inputs.data.scores)
                sys.stdout.write(f"{scheme_code}: {entries} 条评分均可计算\n")
    if found:
        sys.stdout.write(f"共 {found} 处数据会使计算失败，请由考评办更正或删除。\n")
        raise typer.Exit(1)
