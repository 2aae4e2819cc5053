"""Stored entries the engine would refuse (数据问题), named in words, and their removal.

A scheme's data is read by the engine's own parser (`parse_data` of the stored document, the
check `jixiao scheme check` and every compute apply): each refused entry is traced back to its
row (`document.data_rows`: entry i of a section is row i) and described with the unit's, the
indicator's and the period's names. The office (score:reopen) removes such a row with a reason,
audited with its values, so that no stored row can keep a scheme from being computed. The
caller commits.
"""

from __future__ import annotations

import re
import uuid
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from jixiao.assignments.queries import verified_cells
from jixiao.audit.service import record
from jixiao.engine import FormatError, parse_data
from jixiao.engine.formats import DATA_FORMAT, Issue
from jixiao.engine.model import QUARTERS, period_name
from jixiao.org.queries import unit_labels
from jixiao.platform.auth import Subject
from jixiao.platform.db import JixiaoSession
from jixiao.platform.errors import Conflict, Forbidden, InvalidInput, NotFound
from jixiao.policies import permissions as p
from jixiao.schemes import revision
from jixiao.schemes.document import data_rows, load_parts
from jixiao.schemes.errors import SchemeInvalid
from jixiao.schemes.inputs import engine_rules
from jixiao.schemes.lookup import component_names, get_scheme, indicators_by_code
from jixiao.schemes.models import Scheme
from jixiao.scoring.entry import follow
from jixiao.scoring.entry.queries import owning_record
from jixiao.scoring.models import Adjustment, CityItem, PreviousOutcome, Rating, Score
from jixiao.scoring.records import InnovationAward, Inspection

SHOWN = 10  # problems named in a refused compute's message


class EntryKind(StrEnum):
    """The kinds of stored entries, as the data document's sections."""

    SCORE = "scores"
    RATING = "ratings"
    ADJUSTMENT = "adjustments"
    CITY_ITEM = "city_items"
    PREVIOUS = "previous"

    @property
    def label(self) -> str:
        return _KIND_LABELS[self]


_KIND_LABELS = {
    EntryKind.SCORE: "评分",
    EntryKind.RATING: "评价得分",
    EntryKind.ADJUSTMENT: "加减分",
    EntryKind.CITY_ITEM: "三区末位项目",
    EntryKind.PREVIOUS: "上年考评结果",
}
MODELS: Mapping[EntryKind, Any] = {
    EntryKind.SCORE: Score,
    EntryKind.RATING: Rating,
    EntryKind.ADJUSTMENT: Adjustment,
    EntryKind.CITY_ITEM: CityItem,
    EntryKind.PREVIOUS: PreviousOutcome,
}
_FIELDS = {
    "value": "分值",
    "actual": "实际值",
    "met": "是否完成",
    "incidents": "次数",
    "rank": "名次",
    "points": "分值",
    "reason": "事由",
    "kind": "类型",
    "item": "项目",
    "last": "是否末位",
    "last_in_group": "是否组内末位",
}
_PATH = re.compile(r"^(\w+)\[(\d+)\]")


@dataclass(frozen=True)
class Problem:
    """One stored entry the engine refuses, in words."""

    kind: EntryKind
    entry_id: uuid.UUID
    unit: str  # the unit's name
    subject: str  # the indicator's or the component's name, the item, or ""
    period: str  # 第一季度, or "" when the entry has no period
    values: Mapping[str, Any]  # the stored values, as the audit keeps them
    reasons: tuple[str, ...]  # what is wrong, in words
    source: str = ""  # 导入 / 录入 / 进度填报核实值
    entered_by: str | None = None

    @property
    def entry(self) -> str:
        """Which entry: 「良田镇」「招商引资」第一季度的评分."""
        parts = [f"「{self.unit}」"]
        if self.subject:
            parts.append(f"「{self.subject}」")
        return "".join(parts) + self.period + "的" + self.kind.label

    @property
    def text(self) -> str:
        return f"{self.entry}：{'；'.join(self.reasons)}"


@dataclass
class _Names:
    """Codes as people read them (units, indicators, components, periods), and units by id."""

    words: dict[str, str] = field(default_factory=dict)
    units: dict[uuid.UUID, str] = field(default_factory=dict)

    def said(self, message: str) -> str:
        """The parser's message with every code it names replaced by its name."""
        if not self.words:
            return message
        codes = sorted(self.words, key=len, reverse=True)
        pattern = re.compile(
            r'"?(?<![\w\-])(' + "|".join(map(re.escape, codes)) + r')(?![\w\-])"?', re.ASCII
        )
        text = pattern.sub(lambda m: self.words[m.group(1)], message)
        text = re.sub(r"(?<=[^\x00-\x7f]) +| +(?=[^\x00-\x7f])", "", text)
        return text.replace("“", "「").replace("”", "」")


def scheme_problems(session: JixiaoSession, scheme_code: str) -> list[Problem]:
    """Every stored entry of the scheme that the engine refuses, in entry order per section.

    `NotFound` for an unknown scheme; `SchemeInvalid` when the rules themselves fail.
    """
    rules, scheme_id = engine_rules(session, scheme_code)
    tenant = session.require_tenant()
    row = session.get(Scheme, (tenant, scheme_id))
    assert row is not None
    parts = load_parts(session, row)
    found = data_rows(session, parts)
    document = {
        "format": DATA_FORMAT,
        "scheme": row.code,
        **{section: [entry for _, entry in rows] for section, rows in found.items()},
    }
    try:
        parse_data(document, rules, f"方案 {row.code} 的数据")
    except FormatError as error:
        issues: Sequence[Issue] = error.issues
    else:
        return []
    by_row: dict[tuple[str, int], list[Issue]] = defaultdict(list)
    for issue in issues:
        match = _PATH.match(issue.path)
        if match is not None:
            by_row[(match.group(1), int(match.group(2)))].append(issue)
    names = _names(session, row, rules.periods)
    indicators = {node.id: node.name for node in parts.indicators}
    components = {c.id: c.name for c in parts.components}
    verified = _verified_actuals(
        session, [found["scores"][i][0] for s, i in by_row if s == "scores"]
    )
    problems = []
    for (section, index), said in sorted(by_row.items(), key=lambda item: _order(item[0])):
        stored = found[section][index][0]
        problems.append(
            _problem(EntryKind(section), stored, said, names, indicators, components, verified)
        )
    return problems


def _order(key: tuple[str, int]) -> tuple[int, int]:
    return (list(EntryKind).index(EntryKind(key[0])), key[1])


def _names(session: JixiaoSession, scheme: Scheme, periods: Sequence[str]) -> _Names:
    words: dict[str, str] = {}
    units: dict[uuid.UUID, str] = {}
    for unit_id, code, name in unit_labels(session):
        words[code] = f"「{name}」"
        units[unit_id] = name
    for code, indicator in indicators_by_code(session, scheme.id).items():
        words[code] = f"「{indicator.name}」"
    for code, name in component_names(session, scheme.id).items():
        words[code] = f"「{name}」"
    for period in periods:
        words[period] = period_name(period)
    return _Names(words, units)


def _verified_actuals(session: JixiaoSession, rows: Sequence[Any]) -> set[uuid.UUID]:
    """The score rows (of `rows`) whose actual is a progress report's verified value."""
    with_actual = [score for score in rows if score.actual is not None]
    verified = verified_cells(session, {(s.unit_id, s.indicator_id, s.period) for s in with_actual})
    return {s.id for s in with_actual if (s.unit_id, s.indicator_id, s.period) in verified}


def _problem(
    kind: EntryKind,
    row: Any,
    issues: Sequence[Issue],
    names: _Names,
    indicators: Mapping[uuid.UUID, str],
    components: Mapping[uuid.UUID, str],
    verified: set[uuid.UUID],
) -> Problem:
    unit = names.units.get(row.unit_id) or str(row.unit_id)
    subject, period = "", ""
    if kind is EntryKind.SCORE:
        subject = indicators.get(row.indicator_id) or _other_indicator(row)
        period = period_name(row.period)
    elif kind is EntryKind.RATING:
        subject = components.get(row.component_id, "")
    elif kind is EntryKind.CITY_ITEM:
        subject = row.item
    reasons = []
    for issue in issues:
        what = issue.path.rsplit(".", 1)[-1] if "." in issue.path else ""
        label = _FIELDS.get(what)
        said = names.said(issue.message)
        reasons.append(f"{label}：{said}" if label and label not in said else said)
    source = "导入" if getattr(row, "source", "import") == "import" else "录入"
    if row.id in verified:
        source = "进度填报核实值"
    return Problem(
        kind=kind,
        entry_id=row.id,
        unit=unit,
        subject=subject,
        period=period,
        values=values_of(row),
        reasons=tuple(dict.fromkeys(reasons)),
        source=source,
        entered_by=getattr(row, "entered_by", None),
    )


def _other_indicator(row: Any) -> str:
    return f"（其他方案的指标 {row.indicator_id}）"


def values_of(row: Any) -> dict[str, Any]:
    """A stored entry's values, as the audit keeps them."""
    names: tuple[str, ...] = {
        "Score": ("period", "scorer", "value", "actual", "met", "incidents", "rank", "status"),
        "Rating": ("value", "rater"),
        "Adjustment": ("kind", "points", "reason"),
        "CityItem": ("item", "last"),
        "PreviousOutcome": ("last_in_group",),
    }.get(type(row).__name__, ())
    found: dict[str, Any] = {"unit_id": str(row.unit_id)}
    if hasattr(row, "source"):
        found["source"] = str(row.source)
    if isinstance(row, Score):
        found["indicator_id"] = str(row.indicator_id)
    if isinstance(row, Rating):
        found["component_id"] = str(row.component_id)
    for name in names:
        value = getattr(row, name)
        found[name] = value if isinstance(value, bool | int | type(None)) else str(value)
    return found


class DataProblems(InvalidInput):
    """A compute refused because stored entries fail the engine's checks; `problems` names
    each in words (the office removes or corrects them, then computes)."""

    def __init__(self, scheme_name: str, problems: Sequence[Problem]) -> None:
        self.problems = tuple(problems)
        lines = [f"{index}. {problem.text}" for index, problem in enumerate(problems[:SHOWN], 1)]
        if len(problems) > SHOWN:
            lines.append(f"……另有 {len(problems) - SHOWN} 条")
        super().__init__(
            f"方案「{scheme_name}」有 {len(problems)} 条数据无法计算，"
            "请考评办在方案的「数据问题」中更正或删除后再计算：\n" + "\n".join(lines),
            field="schemeCode",
        )


def blocked(session: JixiaoSession, scheme_code: str, error: SchemeInvalid) -> InvalidInput:
    """What a compute refused by `error` tells: the stored entries in words when they are the
    cause (else `error` itself, e.g. for rules that fail)."""
    try:
        found = scheme_problems(session, scheme_code)
        rules, _ = engine_rules(session, scheme_code)
    except (SchemeInvalid, NotFound):
        return error
    return DataProblems(rules.name, found) if found else error


def remove_entry(
    session: JixiaoSession,
    subject: Subject,
    scheme_code: str,
    kind: EntryKind,
    entry_id: uuid.UUID,
    reason: str,
    files: Any = None,
) -> Problem:
    """The office removes one stored entry that the engine refuses, with a reason (audited
    with its values). An entry the engine accepts is refused here: it is changed where it was
    entered. `files` (a `FileStore`) drops a removed adjustment's evidence files too."""
    from jixiao.scoring.entry.owned import prepare_removal

    if not subject.can(p.SCORE_REOPEN.code):
        raise Forbidden("只有考评办可以删除有问题的数据")
    reason = reason.strip()
    if not reason:
        raise InvalidInput("删除数据须填写原因", field="reason")
    scheme = get_scheme(session, scheme_code)
    row = session.get(MODELS[kind], (session.require_tenant(), entry_id))
    if row is None or row.scheme_id != scheme.id:
        raise NotFound("没有找到这条数据（可能已被删除）", field="entryId")
    problem = next(
        (x for x in scheme_problems(session, scheme_code) if x.entry_id == entry_id), None
    )
    if problem is None:
        raise Conflict(
            f"这条{kind.label}可以计算，不是数据问题：请在录入它的地方修改", field="entryId"
        )
    if kind is EntryKind.ADJUSTMENT:
        for model in (Inspection, InnovationAward):
            owner = owning_record(session, model, entry_id)
            if owner is not None:
                owner.adjustment_id = None
                session.add(owner)
        session.flush()
        prepare_removal(session, entry_id, files)
    revision.hold(session, scheme.id)
    session.delete(row)
    session.flush()
    record(
        session,
        actor=subject,
        action="scheme.entry.remove",
        target_type=kind.value,
        target_id=entry_id,
        before={"entry": problem.entry, **problem.values},
        after={"scheme": scheme_code, "problems": list(problem.reasons)},
        reason=reason[:500],
    )
    period = getattr(row, "period", follow.ANNUAL)
    follow.schedule(session, scheme_code, period if period in QUARTERS else follow.ANNUAL)
    return problem
