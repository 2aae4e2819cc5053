"""`python -m jixiao.engine` (the `jixiao simulate` command) as a user runs it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from tests.engine.builders import read_raw, write_yaml

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "jixiao" / "engine" / "examples" / "jinfeng-2015"
Doc = dict[str, Any]


def simulate(*args: str | Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONIOENCODING": "utf-8"}
    return subprocess.run(
        [sys.executable, "-m", "jixiao.engine", *map(str, args)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=ROOT,
        env=env,
        timeout=60,
        check=False,
    )


def test_json_output_is_the_expected_results(tmp_path: Path) -> None:
    done = simulate(EXAMPLE / "scheme.yaml", EXAMPLE / "data.yaml", "--period", "Q2")
    assert done.returncode == 0, done.stderr
    produced = json.loads(done.stdout)
    for unit in produced["units"]:
        del unit["explain"]
    assert produced == json.loads((EXAMPLE / "results.Q2.json").read_text(encoding="utf-8"))


def test_json_files_are_read_like_yaml(tmp_path: Path) -> None:
    scheme = tmp_path / "scheme.json"
    data = tmp_path / "data.json"
    for source, target in ((EXAMPLE / "scheme.yaml", scheme), (EXAMPLE / "data.yaml", data)):
        target.write_text(json.dumps(read_raw(source), default=str, ensure_ascii=False))
    # default=str writes numbers as strings: the files must then be refused, not misread
    refused = simulate(scheme, data)
    assert refused.returncode == 2
    assert "应为数字" in refused.stderr
    for source, target in ((EXAMPLE / "scheme.yaml", scheme), (EXAMPLE / "data.yaml", data)):
        text = json.dumps(read_raw(source), default=_exact, ensure_ascii=False)
        target.write_text(text.replace('"<num:', "").replace(':num>"', ""))
    done = simulate(scheme, data)
    assert done.returncode == 0, done.stderr
    assert done.stdout == simulate(EXAMPLE / "scheme.yaml", EXAMPLE / "data.yaml").stdout


def _exact(value: object) -> str:
    assert isinstance(value, Decimal)
    return f"<num:{value}:num>"


def test_table_output_lines_up_chinese_names() -> None:
    done = simulate(EXAMPLE / "scheme.yaml", EXAMPLE / "data.yaml", "--format", "table")
    assert done.returncode == 0, done.stderr
    assert "【镇街组】" in done.stdout
    assert "上海西路街道" in done.stdout


def _set(path: list[str | int], value: Any) -> Callable[[Doc], None]:
    def mutate(doc: Doc) -> None:
        node: Any = doc
        for key in path[:-1]:
            node = node[key]
        node[path[-1]] = value

    return mutate


def _delete(path: list[str | int]) -> Callable[[Doc], None]:
    def mutate(doc: Doc) -> None:
        node: Any = doc
        for key in path[:-1]:
            node = node[key]
        del node[path[-1]]

    return mutate


def _append(section: str, entry: Doc | int) -> Callable[[Doc], None]:
    def mutate(doc: Doc) -> None:
        doc[section].append(dict(doc[section][entry]) if isinstance(entry, int) else entry)

    return mutate


A1 = ["scheme", "indicators", 0, "children", 0]
A2 = ["scheme", "indicators", 0, "children", 1]
SCHEME_CASES: dict[str, tuple[Callable[[Doc], None], str, str]] = {
    "wrong type": (_set(["scheme", "year"], "二〇一五"), "scheme.year", "应为整数"),
    "unknown key": (
        _set(["scheme", "units", 0, "colour"], "red"),
        "scheme.units[0].colour",
        "未知的字段",
    ),
    "unknown unit code": (
        _set(["scheme", "indicators", 2, "children", 1, "applies_to", 0], "xx"),
        "scheme.indicators[2].children[1].applies_to[0]",
        '未知的考评对象代码 "xx"',
    ),
    "unknown group code": (
        _set(["scheme", "units", 0, "group"], "villages"),
        "scheme.units[0].group",
        "未知的考评分组代码",
    ),
    "unknown grade": (
        _set(["scheme", "groups", 0, "bonus", "coefficients", "特等奖"], 2),
        "scheme.groups[0].bonus.coefficients.特等奖",
        "未知的等次",
    ),
    "duplicate code": (
        _set(["scheme", "units", 1, "code"], "liangtian"),
        "scheme.units[1].code",
        "重复",
    ),
    "weights not 100": (
        _set(["scheme", "components", 2, "weight"], 20),
        "scheme.components",
        "之和为 110",
    ),
    "shares not 1": (
        _set([*A1, "periods"], {"Q2": Decimal("0.5"), "Q4": Decimal("0.4")}),
        "scheme.indicators[0].children[0].periods",
        "之和为 0.9",
    ),
    "ratio longer than grades": (
        _set(["scheme", "groups", 1, "grading", "ratio"], [1, 2, 3, 4, 5]),
        "scheme.groups[1].grading.ratio",
        "多于等次列表",
    ),
    "negative points": (
        _set([*A2, "points"], -10),
        "scheme.indicators[0].children[1].points",
        "大于0",
    ),
    "ratio without target": (
        _delete([*A1, "target"]),
        "scheme.indicators[0].children[0].target",
        "ratio 方法缺少必填字段",
    ),
    "linear floor above target": (
        _set([*A2, "floor"], 120),
        "scheme.indicators[0].children[1].floor",
        "必须小于目标值",
    ),
}
DATA_CASES: dict[str, tuple[Callable[[Doc], None], str, str]] = {
    "another scheme": (_set(["scheme"], "xixia-2015"), "scheme", '属于方案 "xixia-2015"'),
    "unknown unit": (
        _set(["scores", 17, "unit"], "xx"),
        "scores[17].unit",
        '未知的考评对象代码 "xx"',
    ),
    "unknown indicator": (
        _set(["scores", 3, "indicator"], "Z9"),
        "scores[3].indicator",
        "未知的指标代码",
    ),
    "unknown component": (
        _set(["ratings", 0, "component"], "media"),
        "ratings[0].component",
        "未知的考评构成代码",
    ),
    "manual value above available": (
        _set(["scores", 6, "value"], 4),
        "scores[6].value",
        "不能大于 3.75",
    ),
    "negative manual value": (_set(["scores", 6, "value"], -1), "scores[6].value", "不能为负数"),
    "negative adjustment": (
        _set(["adjustments", 0, "points"], -1),
        "adjustments[0].points",
        "不能为负数",
    ),
    "wrong type": (_set(["scores", 0, "actual"], "八十"), "scores[0].actual", "应为数字"),
    "missing method field": (_delete(["scores", 0, "actual"]), "scores[0].actual", "缺少必填字段"),
    "field of another method": (
        _set(["scores", 0, "value"], 3),
        "scores[0].value",
        "不使用字段",
    ),
    "unknown key": (_set(["scores", 1, "comment"], "好"), "scores[1].comment", "未知的字段"),
    "not applicable unit": (
        _append("scores", {"unit": "fagaiju", "indicator": "C2", "period": "Q4", "rank": 1}),
        "scores[619].unit",
        "不适用于考评对象",
    ),
    "period without share": (
        _append("scores", {"unit": "liangtian", "indicator": "A1", "period": "Q1", "actual": 5}),
        "scores[619].period",
        "没有分值份额",
    ),
    "duplicate score": (_append("scores", 0), "scores[619]", "与 scores[0] 重复"),
    "duplicate manual score": (_append("scores", 6), "scores[619]", "评分人 lingdao1"),
    "duplicate city item": (_append("city_items", 0), "city_items[5]", "与 city_items[0] 重复"),
}


def _refused(done: subprocess.CompletedProcess[str], path: str, words: str) -> None:
    assert done.returncode == 2, done.stdout[:500] + done.stderr
    assert done.stdout == ""
    assert f": {path}: " in done.stderr, done.stderr
    line = next(line for line in done.stderr.splitlines() if f": {path}: " in line)
    assert words in line, line


@pytest.mark.parametrize("case", sorted(SCHEME_CASES))
def test_bad_scheme_is_refused(case: str, tmp_path: Path) -> None:
    mutate, path, words = SCHEME_CASES[case]
    doc = read_raw(EXAMPLE / "scheme.yaml")
    mutate(doc)
    scheme = write_yaml(tmp_path / "scheme.yaml", doc)
    _refused(simulate(scheme, EXAMPLE / "data.yaml"), path, words)


@pytest.mark.parametrize("case", sorted(DATA_CASES))
def test_bad_data_is_refused(case: str, tmp_path: Path) -> None:
    mutate, path, words = DATA_CASES[case]
    doc = read_raw(EXAMPLE / "data.yaml")
    mutate(doc)
    data = write_yaml(tmp_path / "data.yaml", doc)
    _refused(simulate(EXAMPLE / "scheme.yaml", data), path, words)


def test_every_error_of_a_file_is_reported_together(tmp_path: Path) -> None:
    doc = read_raw(EXAMPLE / "data.yaml")
    for name in ("unknown unit", "unknown indicator", "negative adjustment", "duplicate city item"):
        DATA_CASES[name][0](doc)
    done = simulate(EXAMPLE / "scheme.yaml", write_yaml(tmp_path / "data.yaml", doc))
    for name in ("unknown unit", "unknown indicator", "negative adjustment", "duplicate city item"):
        _refused(done, DATA_CASES[name][1], DATA_CASES[name][2])
    assert "共 4 处错误" in done.stderr


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("format: jixiao.data/1\nscheme: [unclosed\n", "YAML 语法错误"),
        ("format: jixiao.data/1\nscheme: jinfeng-2015\nscheme: again\n", "重复的键"),
        ("[1, 2]\n", "文件内容应为映射"),
        ("format: jixiao.results/1\n", "此处需要 jixiao.data/1"),
    ],
)
def test_unreadable_data_is_refused(text: str, words: str, tmp_path: Path) -> None:
    data = tmp_path / "data.yaml"
    data.write_text(text, encoding="utf-8")
    done = simulate(EXAMPLE / "scheme.yaml", data)
    assert (done.returncode, done.stdout) == (2, "")
    assert str(data) in done.stderr
    assert words in done.stderr


def test_missing_file_and_bad_options_are_refused(tmp_path: Path) -> None:
    done = simulate(tmp_path / "nope.yaml", EXAMPLE / "data.yaml")
    assert (done.returncode, done.stdout) == (2, "")
    assert "nope.yaml" in done.stderr
    assert "无法读取文件" in done.stderr
    for option in (["--period", "Q5"], ["--format", "xml"]):
        done = simulate(EXAMPLE / "scheme.yaml", EXAMPLE / "data.yaml", *option)
        assert (done.returncode, done.stdout) == (2, ""), option
        assert done.stderr
