"""`jixiao scheme import|export` on the configured database (SQLite and PostgreSQL)."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from sqlmodel import select
from typer.testing import CliRunner

from jixiao.cli import app
from jixiao.engine import compute, load_data, load_scheme, results_to_dict
from jixiao.schemes.inputs import engine_inputs
from tests.schemes.conftest import World
from tests.schemes.support import big_data_file, parse_export, snapshot

runner = CliRunner()


@pytest.fixture
def env(world: World) -> dict[str, str]:
    settings = world.database.settings
    values = {"JIXIAO_DATA_DIR": str(settings.data_dir), "JIXIAO_ENV": "test"}
    if settings.database_url:
        values["JIXIAO_DATABASE_URL"] = settings.database_url
    return values


def test_import_by_command_then_compute(
    world: World, env: dict[str, str], example_dir: Path
) -> None:
    done = runner.invoke(
        app,
        [
            "scheme", "import", str(example_dir / "scheme.yaml"),
            "--tenant", world.tenant.code, "--data", str(example_dir / "data.yaml"),
        ],
        env=env,
    )  # fmt: skip
    assert done.exit_code == 0, done.output
    assert done.stdout.startswith(f"imported scheme jinfeng-2015 into tenant {world.tenant.code}")
    with world.database.tenant_session(world.tenant.id) as session:
        inputs = engine_inputs(session, "jinfeng-2015")
    for period in ("Q1", "Q2", "Q4", "annual"):
        expected = json.loads((example_dir / f"results.{period}.json").read_text("utf-8"))
        produced = results_to_dict(compute(inputs.scheme, inputs.data, period))
        for unit in produced["units"]:
            unit.pop("explain")
        assert produced == expected, period
    exported = runner.invoke(
        app, ["scheme", "export", "jinfeng-2015", "--tenant", world.tenant.code, "--with-data"],
        env=env,
    )  # fmt: skip
    assert exported.exit_code == 0, exported.output
    scheme, data = parse_export(exported.stdout)
    assert scheme == load_scheme(example_dir / "scheme.yaml")
    assert data == load_data(example_dir / "data.yaml", scheme)


def test_a_bad_file_exits_2_naming_the_entry(
    world: World, env: dict[str, str], example_dir: Path, tmp_path: Path
) -> None:
    data = big_data_file(tmp_path, example_dir, entries=1000, bad_at=17)
    before = snapshot(world.database, world.tenant.id)
    done = runner.invoke(
        app,
        [
            "scheme", "import", str(example_dir / "scheme.yaml"),
            "--tenant", world.tenant.code, "--data", str(data),
        ],
        env=env,
    )  # fmt: skip
    assert done.exit_code == 2
    assert "scores[17].unit" in done.stderr
    assert done.stdout == ""
    assert snapshot(world.database, world.tenant.id) == before


def test_unknown_tenant_and_scheme(world: World, env: dict[str, str]) -> None:
    nobody = runner.invoke(app, ["scheme", "export", "x", "--tenant", "nobody"], env=env)
    assert nobody.exit_code == 2
    assert "nobody" in nobody.stderr
    missing = runner.invoke(app, ["scheme", "export", "x", "--tenant", world.tenant.code], env=env)
    assert missing.exit_code == 2
    assert "没有代码为「x」的考评方案" in missing.stderr


def test_check_names_every_stored_entry_a_compute_would_refuse(
    world: World, env: dict[str, str], example_dir: Path
) -> None:
    from jixiao.schemes.models import Indicator
    from jixiao.scoring.models import Score

    tenant = ["--tenant", world.tenant.code]
    imported = runner.invoke(
        app,
        ["scheme", "import", str(example_dir / "scheme.yaml"), *tenant,
         "--data", str(example_dir / "data.yaml")],
        env=env,
    )  # fmt: skip
    assert imported.exit_code == 0, imported.output
    clean = runner.invoke(app, ["scheme", "check", *tenant], env=env)
    assert clean.exit_code == 0, clean.output
    assert "jinfeng-2015:" in clean.stdout
    assert "均可计算" in clean.stdout
    with world.database.tenant_session(world.tenant.id) as session:  # a row stored long ago
        a1 = session.exec(select(Indicator).where(Indicator.code == "A1")).one()
        some = session.exec(select(Score).where(Score.indicator_id == a1.id)).first()
        assert some is not None
        session.add(
            Score(scheme_id=a1.scheme_id, unit_id=some.unit_id, indicator_id=a1.id,
                  period="Q1", actual=Decimal(-5), seq=99_999)
        )  # fmt: skip
        session.commit()
    found = runner.invoke(app, ["scheme", "check", "jinfeng-2015", *tenant], env=env)
    assert found.exit_code == 1, found.output
    # in words: the unit, the indicator and the period by name, and what is wrong
    assert "「招商引资到位资金」第一季度的评分" in found.stdout
    assert "没有分值份额" in found.stdout
    assert "scores " in found.stdout  # the kind and id that removeBadEntry takes
    assert "共 1 处数据会使计算失败" in found.stdout
    unknown = runner.invoke(app, ["scheme", "check", "nope", *tenant], env=env)
    assert unknown.exit_code == 2
    assert "nope" in unknown.stderr


def test_import_data_merges_previews_and_replaces(
    world: World, env: dict[str, str], example_dir: Path, tmp_path: Path
) -> None:
    tenant = ["--tenant", world.tenant.code]
    imported = runner.invoke(
        app,
        ["scheme", "import", str(example_dir / "scheme.yaml"), *tenant,
         "--data", str(example_dir / "data.yaml")],
        env=env,
    )  # fmt: skip
    assert imported.exit_code == 0, imported.output
    partial = tmp_path / "city.yaml"
    partial.write_text(
        "format: jixiao.data/1\nscheme: jinfeng-2015\n"
        "city_items:\n- {unit: liangtian, item: 营商环境评价, last: true}\n",
        encoding="utf-8",
    )
    base = ["scheme", "import-data", "jinfeng-2015", str(partial), *tenant]
    preview = runner.invoke(app, [*base, "--replace", "--preview"], env=env)
    assert preview.exit_code == 0, preview.output
    assert "预览：替换" in preview.stdout
    assert "未做任何修改" in preview.stdout
    assert "删除：「良田镇」" in preview.stdout
    merged = runner.invoke(app, base, env=env)
    assert merged.exit_code == 0, merged.output
    assert "已合并方案 jinfeng-2015 的数据（新增 1 条，更改 0 条" in merged.stdout
    assert "删除 0 条" in merged.stdout
    replaced = runner.invoke(app, [*base, "--replace"], env=env)
    assert replaced.exit_code == 0, replaced.output
    assert "已替换" in replaced.stdout
    assert "保留 1 条" in replaced.stdout  # the city item, now the only row
