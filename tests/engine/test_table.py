"""The terminal table lines columns up whatever the width of the characters."""

from __future__ import annotations

from jixiao.engine import Data, Scheme, compute
from jixiao.engine.table import display_width, format_rows, render_table


def test_display_width_counts_cjk_double() -> None:
    assert display_width("abc") == 3
    assert display_width("良田镇") == 6
    assert display_width("Ａ1（集体）") == 11
    assert display_width("e\u0301") == 1


def test_rows_line_up_in_display_columns() -> None:
    lines = format_rows(["单位", "总分"], [["良田镇", "84.41"], ["abc", "9.00"]], right={1})
    ends = {display_width(line) for line in lines}
    assert ends == {display_width(lines[0])}
    assert lines[2] == "良田镇  84.41"
    assert lines[3] == "abc      9.00"


def test_table_has_each_group_and_aligned_columns(
    example_scheme: Scheme, example_data: Data
) -> None:
    text = render_table(example_scheme, compute(example_scheme, example_data))
    for name in ("镇街组", "经济发展组", "社会事业组", "综合管理组"):
        assert f"【{name}】" in text
    block = text.split("【镇街组】")[1].split("\n\n")[0].splitlines()[1:]
    header, rule = block[0], block[1]
    # the column of totals ends at the same display column on every row
    total_end = display_width(header[: header.index("总分") + 2])
    assert display_width(rule[:total_end]) == total_end
    for row in block[2:]:
        cut = row
        while display_width(cut) > total_end:
            cut = cut[:-1]
        assert cut.endswith(("84.91", "84.41", "83.63", "81.27", "79.78", "76.41", "70.56"))
    quarter = render_table(example_scheme, compute(example_scheme, example_data, "Q1"))
    assert "第一季度" in quarter
    assert "基础等次" not in quarter
