"""Data imports merge by natural key and keep what the quarter's workflow entered (issue 16, 4);
replacing is an explicit mode, and a preview tells what either would do without writing."""

from __future__ import annotations

from typing import Any

from sqlmodel import func, select

from jixiao.schemes.models import Scheme
from jixiao.scoring.models import DATA_MODELS, CityItem, Score, ScoreStatus
from tests.assignments.conftest import Quarter
from tests.assignments.support import done, payload

SCHEME = "jinfeng-2015"
PARTIAL = """format: jixiao.data/1
scheme: jinfeng-2015
scores:
- {unit: liangtian, indicator: A2, period: Q1, actual: 55.5}
city_items:
- {unit: liangtian, item: 营商环境评价, last: true}
"""
IMPORT = """
mutation I($text: String!, $mode: DataImportMode) {
  importSchemeData(code: "jinfeng-2015", dataText: $text, mode: $mode) {
    replaced counts { name count } errors { code message field } issues { path message }
  }
}"""
PREVIEW = """
query P($text: String!, $mode: DataImportMode) {
  schemeDataImportPreview(code: "jinfeng-2015", dataText: $text, mode: $mode) {
    preview { mode added changed kept removed removedEntered
      sections { section label added changed kept removed }
      addedSamples changedSamples removedSamples }
    errors { code message }
  }
}"""
REOPEN = """
mutation R {
  reopenScores(schemeCode: "jinfeng-2015", period: "Q2", unitCodes: ["fengdeng"],
               indicatorCodes: ["A1"], reason: "重新核实") { reopened errors { message } }
}"""
ENTER = """
mutation E($entries: [ScoreEntryInput!]!) {
  enterScores(schemeCode: "jinfeng-2015", period: "Q2", entries: $entries) {
    scores { status } errors { code message field }
  }
}"""
EXPORT = 'query X { exportScheme(code: "jinfeng-2015", withData: true) }'


def _workflow_score(quarter: Quarter) -> None:
    """招商局 enters 丰登镇's Q2 actual of A1 in the portal (after the office reopened it)."""
    done(quarter.as_("office"), REOPEN)
    cell = {"unitCode": "fengdeng", "indicatorCode": "A1", "actual": "88"}
    done(quarter.as_("zsj"), ENTER, entries=[cell])


def _entered(quarter: Quarter) -> Score | None:
    with quarter.database.tenant_session(quarter.tenant.id) as session:
        return session.exec(
            select(Score).where(
                Score.unit_id == quarter.units["fengdeng"],
                Score.indicator_id == quarter.indicators["A1"],
                Score.period == "Q2",
            )
        ).first()


def _state(quarter: Quarter) -> tuple[int, int, int, int]:
    """Scores, city items, every data row, and the scheme's inputs revision."""
    with quarter.database.tenant_session(quarter.tenant.id) as session:
        scores = session.exec(select(func.count()).select_from(Score)).one()
        items = session.exec(select(func.count()).select_from(CityItem)).one()
        rows = sum(
            session.exec(select(func.count()).select_from(model)).one() for model in DATA_MODELS
        )
        seq = session.exec(select(Scheme.inputs_seq).where(Scheme.code == SCHEME)).one()
        return scores, items, rows, seq


def _counts(result: dict[str, Any]) -> dict[str, int]:
    return {c["name"]: c["count"] for c in result["counts"]}


def test_merge_keeps_what_the_workflow_entered(quarter: Quarter) -> None:
    _workflow_score(quarter)
    office = quarter.as_("office")
    scores_before, items_before, rows_before, _ = _state(quarter)
    merged = done(office, IMPORT, text=PARTIAL)  # the default mode
    assert merged["replaced"] is False
    counts = _counts(merged)
    assert (counts["added"], counts["changed"]) == (1, 1)  # the city item; A2's actual
    assert counts["removed"] == 0
    assert counts["kept"] == rows_before - 1  # all but the changed one
    entered = _entered(quarter)
    assert entered is not None
    assert str(entered.actual) == "88"
    assert entered.status is ScoreStatus.DRAFT
    scores_after, items_after, _, _ = _state(quarter)
    assert (scores_after, items_after) == (scores_before, items_before + 1)
    with quarter.database.tenant_session(quarter.tenant.id) as session:
        a2 = session.exec(
            select(Score).where(
                Score.unit_id == quarter.units["liangtian"],
                Score.indicator_id == quarter.indicators["A2"],
                Score.period == "Q1",
            )
        ).one()
        assert str(a2.actual) == "55.5"
    again = _counts(done(office, IMPORT, text=PARTIAL))
    assert (again["added"], again["changed"], again["removed"]) == (0, 0, 0)


def test_an_exported_file_merged_again_changes_nothing(quarter: Quarter) -> None:
    _workflow_score(quarter)
    office = quarter.as_("office")
    text = office.gql(EXPORT)["data"]["exportScheme"]
    data = text.split("---\n", 1)[1]
    counts = _counts(done(office, IMPORT, text=data))
    assert (counts["added"], counts["changed"], counts["removed"]) == (0, 0, 0)


def test_the_preview_writes_nothing_and_replace_removes_the_rest(quarter: Quarter) -> None:
    _workflow_score(quarter)
    office = quarter.as_("office")
    before = _state(quarter)
    shown = payload(office, PREVIEW, text=PARTIAL, mode="REPLACE")
    assert shown["errors"] == []
    preview = shown["preview"]
    assert preview["mode"] == "REPLACE"
    assert (preview["added"], preview["changed"]) == (1, 1)
    assert preview["removed"] == before[2] - 1  # every row but A2's, which changes
    assert preview["removedEntered"] == 1  # the portal's entry comes first among the samples
    assert preview["removedSamples"][0] == "「丰登镇」「招商引资到位资金」第二季度的评分：实际值 88"
    assert preview["changedSamples"][0].startswith(
        "「良田镇」「固定资产投资完成率」第一季度的评分："
    )
    assert preview["changedSamples"][0].endswith("→ 实际值 55.5")
    assert preview["addedSamples"] == ["「良田镇」的三区末位项目「营商环境评价」：末位"]
    scores = {s["section"]: s for s in preview["sections"]}["scores"]
    assert scores["label"] == "评分"
    assert _state(quarter) == before  # nothing written, the inputs revision unmoved

    merge_preview = payload(office, PREVIEW, text=PARTIAL)["preview"]
    assert (merge_preview["mode"], merge_preview["removed"]) == ("MERGE", 0)
    assert _entered(quarter) is not None

    replaced = done(office, IMPORT, text=PARTIAL, mode="REPLACE")
    assert replaced["replaced"] is True
    assert _entered(quarter) is None  # what the file does not mention is gone
    scores_after, items_after, rows_after, seq_after = _state(quarter)
    assert (scores_after, items_after, rows_after) == (1, 1, 2)
    assert seq_after > before[3]


def test_only_scheme_writers_preview_or_import(quarter: Quarter) -> None:
    zsj = quarter.as_("zsj")
    assert "errors" in zsj.gql(PREVIEW, {"text": PARTIAL})
    assert "errors" in zsj.gql(IMPORT, {"text": PARTIAL})
    refused = payload(quarter.as_("office"), PREVIEW, text=PARTIAL.replace("A2", "ZZ"))
    assert refused["preview"] is None
    assert refused["errors"][0]["code"] == "INVALID"
