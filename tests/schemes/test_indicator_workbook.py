"""The indicator sheet in the offices' layout: a round trip keeps every field of every node."""

from __future__ import annotations

import base64
import io
from dataclasses import replace
from decimal import Decimal
from typing import Any

import pytest
from openpyxl import load_workbook
from sqlmodel import select

from jixiao.engine.model import Method
from jixiao.identity.service import create_user
from jixiao.org.models import Unit
from jixiao.org.sheets import WorkbookInvalid
from jixiao.platform.db import JixiaoSession
from jixiao.policies.service import assign_roles
from jixiao.schemes import copying, service, tree, workbook
from jixiao.schemes.document import load_parts
from jixiao.schemes.models import Indicator
from tests.schemes.conftest import World


def _fields_of(node: Indicator) -> tree.IndicatorFields:
    return tree.IndicatorFields(
        code=node.code, name=node.name, is_leaf=node.is_leaf, points=node.points,
        method=node.method, target=node.target, floor=node.floor,
        lower_is_better=node.lower_is_better, per_incident=node.per_incident,
        rank_table={int(k): Decimal(v) for k, v in (node.rank_table or {}).items()} or None,
        periods={k: Decimal(v) for k, v in (node.periods or {}).items()} or None,
        applies_all=node.applies_all, applies_groups=node.applies_groups,
        applies_units=node.applies_units, key_project=node.key_project, binding=node.binding,
        scorers=node.scorers, criteria=node.criteria, evidence=node.evidence,
    )  # fmt: skip


def _tree(session: JixiaoSession, code: str) -> list[dict[str, Any]]:
    parts = load_parts(session, service.get_scheme(session, code))
    codes = {node.id: node.code for node in parts.indicators}
    skip = {"tenant_id", "id", "scheme_id", "parent_id"}
    return [
        {k: v for k, v in node.model_dump().items() if k not in skip}
        | {"parent": codes.get(node.parent_id) if node.parent_id else None, "depth": depth}
        for node, depth in parts.walk()
    ]


def test_the_sheet_round_trips_every_field(imported: World) -> None:
    actor = imported.office
    with imported.database.tenant_session(imported.tenant.id) as session:
        scheme = service.get_scheme(session, "jinfeng-2015")
        nodes = {n.code: n for n in session.exec(select(Indicator)).all()}
        changes = {
            "A1": {
                "criteria": "到位资金达到目标得满分；\n按比例计分",
                "evidence": "合同、到账凭证",
            },
            "C3": {
                "applies_all": False,
                "applies_groups": ["econ"],
                "applies_units": ["liangtian"],
            },
            "B2": {"scorers": ["lingdao1", "fagaiju"], "key_project": True},
        }
        for code, change in changes.items():
            fields = replace(_fields_of(nodes[code]), **change)
            tree.update_indicator(session, scheme, nodes[code].id, fields, actor=actor)
        empty = tree.IndicatorFields("E", "空的一级指标", is_leaf=False)
        tree.create_indicator(session, scheme, empty, actor=actor)
        top_leaf = tree.IndicatorFields(
            "T",
            "顶层叶子",
            points=Decimal("2.5"),
            method=Method.PASS_FAIL,
            periods={"Q4": Decimal(1)},
        )
        tree.create_indicator(session, scheme, top_leaf, actor=actor)
        session.commit()
        exported = workbook.export_indicators(session, scheme)
        expected = _tree(session, "jinfeng-2015")
        copy = copying.copy_scheme(
            session, "jinfeng-2015", service.SchemeSettings("copy", "副本", 2016), actor=actor
        )
        for top in load_parts(session, copy).children[None]:
            tree.delete_indicator(session, copy, top.id, actor=actor)
        assert _tree(session, "copy") == []
        done = workbook.import_indicators(session, copy, base64.b64decode(exported), actor=actor)
        session.commit()
        assert (done.created, done.deleted) == (len(expected), 0)
        assert _tree(session, "copy") == expected
    sheet = load_workbook(io.BytesIO(base64.b64decode(exported)))["指标体系"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:6] == ("一级指标", "二级指标", "分值", "评分标准", "责任单位", "考评主体")
    assert rows[1][:3] == ("经济发展", "招商引资到位资金", 12)
    assert "A2:A3" in {str(r) for r in sheet.merged_cells.ranges}


def test_a_bad_sheet_names_row_and_column(imported: World) -> None:
    book = load_workbook(io.BytesIO(base64.b64decode(workbook.indicator_template())))
    sheet = book["指标体系"]
    sheet.append(["经济发展", "招商", "十", None, "火星", None, "猜"])
    sheet.append(
        [None, "投资", 5, None, None, None, "完成比例", 100, None, None, None, None, "Q5:1"]
    )
    buffer = io.BytesIO()
    book.save(buffer)
    with imported.database.tenant_session(imported.tenant.id) as session:
        scheme = service.get_scheme(session, "jinfeng-2015")
        before = _tree(session, "jinfeng-2015")
        with pytest.raises(WorkbookInvalid) as refused:
            workbook.import_indicators(session, scheme, buffer.getvalue(), actor=imported.office)
        session.rollback()
        assert _tree(session, "jinfeng-2015") == before
    assert sorted(refused.value.problems) == sorted(
        [
            "第2行 分值：「十」不是数字",
            "第2行 评分方法：「猜」无效，可选：手工评分、完成比例、线性插值、达标制、扣分制、名次",
            "第2行 责任单位：「火星」既不是本方案的分组，也不是考评对象",
            "第3行 各期分值比例：「Q5:1」无效，应写成如 Q2:0.5、Q4:0.5",
        ]
    )


def test_scorers_are_written_and_read_by_name(imported: World) -> None:
    with imported.database.tenant_session(imported.tenant.id) as session:
        user, _ = create_user(session, username="lingdao1", display_name="张副区长")
        assign_roles(session, None, user.id, ["scoring_leader"])
        fagaiju = session.exec(select(Unit).where(Unit.code == "fagaiju")).one()
        fagaiju.monitoring = True
        session.add(fagaiju)
        scheme = service.get_scheme(session, "jinfeng-2015")
        b2 = session.exec(select(Indicator).where(Indicator.code == "B2")).one()
        fields = replace(_fields_of(b2), scorers=["lingdao1", "fagaiju", "lingdao2"])
        tree.update_indicator(session, scheme, b2.id, fields, actor=imported.office)
        session.commit()
        exported = base64.b64decode(workbook.export_indicators(session, scheme))
        sheet = load_workbook(io.BytesIO(exported))["指标体系"]
        row = next(r for r in sheet.iter_rows(values_only=True) if r[1] == "民生实事项目")
        # lingdao2 is no one's username here: it stays a code, and reads back as one.
        assert row[5] == "张副区长、发展和改革局、lingdao2"
        b2.scorers = []
        session.add(b2)
        session.commit()
        workbook.import_indicators(session, scheme, exported, actor=imported.office)
        session.commit()
        again = session.exec(select(Indicator).where(Indicator.code == "B2")).one()
        assert again.scorers == ["lingdao1", "fagaiju", "lingdao2"]
