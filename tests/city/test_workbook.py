"""The city's ranking in Excel: a template naming its districts, an import read back whole or
not at all, every problem at its row and column."""

from __future__ import annotations

import io

import pytest
from openpyxl import Workbook, load_workbook

from jixiao.city import rankings, workbook
from jixiao.org.sheets import WorkbookInvalid
from tests.city.conftest import Cities


def _book(rows: list[list[object]]) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = workbook.SHEET
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_the_template_names_the_districts_and_an_import_replaces_the_year(cities: Cities) -> None:
    office = cities.city_office
    with cities.database.tenant_session(cities.city.id) as session:
        blank = load_workbook(io.BytesIO(workbook.template(session, office, 2015)))
        header = [c.value for c in blank[workbook.SHEET][1]]
        assert header[0] == "考评项目"
        assert sorted(header[1:]) == sorted(["金凤区", "西夏区", "兴庆区"])

        content = _book(
            [
                ["考评项目", "金凤区", "西夏区", "兴庆区"],
                ["地区生产总值增速", 3, 1, 2],
                ["招商引资", 1, 2, None],
            ]
        )
        done = workbook.import_ranking(session, office, 2015, content)
        session.commit()
        ids = {t.name: t.id for t in done.children}
        assert [(i.item, i.ranks[ids["金凤区"]]) for i in done.items] == [
            ("地区生产总值增速", 3),
            ("招商引资", 1),
        ]
        assert done.items[0].last == {ids["金凤区"]}
        again = load_workbook(io.BytesIO(workbook.template(session, office, 2015)))
        assert again[workbook.SHEET]["A2"].value == "地区生产总值增速"


def test_a_bad_workbook_changes_nothing_and_names_rows_and_columns(cities: Cities) -> None:
    office = cities.city_office
    content = _book(
        [
            ["考评项目", "金凤区", "西夏区", "大武口区"],
            ["地区生产总值增速", "第一", 1, 2],
            ["招商引资", 1, 5, None],
        ]
    )
    with cities.database.tenant_session(cities.city.id) as session:
        with pytest.raises(WorkbookInvalid) as raised:
            workbook.import_ranking(session, office, 2015, content)
        problems = raised.value.problems
        assert "第 1 行 D 列「大武口区」不是本级的下级单位" in problems
        assert "第 2 行「金凤区」列：名次须为正整数，收到「第一」" in problems
        with pytest.raises(WorkbookInvalid) as raised:
            workbook.import_ranking(
                session, office, 2015, _book([["考评项目", "金凤区", "西夏区"], ["招商引资", 1, 5]])
            )
        assert raised.value.problems == ("第 2 行「西夏区」列：名次须在 1 到 2 之间，收到 5",)
        assert rankings.ranking(session, office, 2015).items == []
