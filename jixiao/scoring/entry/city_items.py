"""City items (三区末位) and last year's outcomes (连续末位) of a scheme, entered by the office.

Both are data of the annual result (DOMAIN.md 4.6, steps 2 and 5). A list is set whole, all or
nothing, and checked by the engine's own data parser: the entries become the `city_items` or
`previous` section of a `jixiao.data/1` document read with `parse_data` against the scheme's
rules, so entry accepts exactly what an import and `jixiao simulate` accept (a unit of the
scheme, a non-empty item, true or false, no second entry for a unit and item, or for a unit).

They stay writable until the scheme or its 全年 period is closed (`schemes.periods`): a new
year's draft gets last year's outcomes before approval, the city's rankings come in during the
year. Writing needs scheme:write (the office, which imported them before); every change is
audited, moves the scheme's inputs revision (ORM writes, noted by `schemes.revision`, with the
scheme held shared as every single-row writer holds it) and schedules the annual recompute.
The caller commits.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from jixiao.audit.service import record
from jixiao.engine import Data, FormatError, parse_data
from jixiao.engine.formats import Issue
from jixiao.engine.formats.data import DATA_FORMAT
from jixiao.org.models import Unit
from jixiao.org.queries import unit_ids_by_code, units_by_id
from jixiao.platform.auth import Subject
from jixiao.platform.db import JixiaoSession
from jixiao.platform.errors import Forbidden, InvalidInput, NotFound
from jixiao.policies import permissions as p
from jixiao.schemes import periods, revision
from jixiao.schemes.errors import SchemeInvalid
from jixiao.schemes.inputs import engine_rules
from jixiao.schemes.lookup import member_unit_ids
from jixiao.schemes.models import Scheme
from jixiao.scoring.entry import follow
from jixiao.scoring.entry.last_year import LastYear, read_last_year
from jixiao.scoring.entry.owned import scheme_by_code
from jixiao.scoring.entry.queries import rows_with_units
from jixiao.scoring.models import CityItem, PreviousOutcome

ITEM_LIMIT = 200  # the column's length
_FIELDS = {"unit": "unitCode", "item": "item", "last": "last", "last_in_group": "lastInGroup"}
_LISTS = {"city_items": "items", "previous": "outcomes"}
_ROW = re.compile(r"(city_items|previous)\[(\d+)\]")

Row = TypeVar("Row", CityItem, PreviousOutcome)


@dataclass(frozen=True)
class CityItemEntry:
    """One item of the upper government's ranking: its responsible unit, and whether last."""

    unit: str
    item: str
    last: bool


@dataclass(frozen=True)
class OutcomeEntry:
    """A unit's outcome last year: whether it was last in its group."""

    unit: str
    last_in_group: bool


class EntriesInvalid(InvalidInput):
    """Entries the engine's parser refused: every problem with the field it is at."""

    def __init__(self, problems: Sequence[tuple[str, str]]) -> None:
        self.problems = tuple(problems)
        summary = f"共 {len(problems)} 处错误，未做任何修改：" + "；".join(m for _, m in problems)
        super().__init__(summary, field=problems[0][0] if problems else None)


def city_items(session: JixiaoSession, scheme_code: str) -> list[tuple[CityItem, Unit]]:
    """A scheme's city items in entry order, with their units."""
    scheme = scheme_by_code(session, scheme_code)
    return rows_with_units(session, CityItem, scheme.id)


def previous_outcomes(
    session: JixiaoSession, scheme_code: str
) -> list[tuple[PreviousOutcome, Unit]]:
    """A scheme's outcomes of last year in entry order, with their units."""
    scheme = scheme_by_code(session, scheme_code)
    return rows_with_units(session, PreviousOutcome, scheme.id)


def set_city_items(
    session: JixiaoSession, subject: Subject, scheme_code: str, entries: Sequence[CityItemEntry]
) -> list[tuple[CityItem, Unit]]:
    """Make the scheme's city items exactly these (in this order)."""
    scheme = _writable(session, subject, scheme_code, "录入市级排名")
    clean = [CityItemEntry(e.unit.strip(), e.item.strip(), e.last) for e in entries]
    for index, entry in enumerate(clean):
        if len(entry.item) > ITEM_LIMIT:
            message = f"第 {index + 1} 行：项目名称不能超过 {ITEM_LIMIT} 个字"
            raise EntriesInvalid([(f"items[{index}].item", message)])
    raw = [{"unit": e.unit, "item": e.item, "last": e.last} for e in clean]
    data = _checked(session, scheme, "city_items", raw)
    wanted = [((c.unit, c.item), {"last": c.last}) for c in data.city_items]
    before, after = _replace(session, scheme, CityItem, lambda r, u: (u.code, r.item), wanted)
    _audit(session, subject, scheme, "scheme.city_items.set", before, after)
    return rows_with_units(session, CityItem, scheme.id)


def set_previous_outcomes(
    session: JixiaoSession, subject: Subject, scheme_code: str, entries: Sequence[OutcomeEntry]
) -> list[tuple[PreviousOutcome, Unit]]:
    """Make the scheme's outcomes of last year exactly these (in this order)."""
    scheme = _writable(session, subject, scheme_code)
    raw = [{"unit": e.unit.strip(), "last_in_group": e.last_in_group} for e in entries]
    _store_outcomes(session, subject, scheme, raw, "scheme.previous.set")
    return rows_with_units(session, PreviousOutcome, scheme.id)


def remove_city_item(session: JixiaoSession, subject: Subject, item_id: uuid.UUID) -> Scheme:
    """Remove one city item (the office); returns its scheme."""
    row = session.get(CityItem, (session.require_tenant(), item_id))
    if row is None:
        raise NotFound("没有这条市级排名记录", field="id")
    return _remove(session, subject, row, "scheme.city_items.remove")


def remove_previous_outcome(
    session: JixiaoSession, subject: Subject, outcome_id: uuid.UUID
) -> Scheme:
    """Remove one unit's outcome of last year (the office); returns its scheme."""
    row = session.get(PreviousOutcome, (session.require_tenant(), outcome_id))
    if row is None:
        raise NotFound("没有这条上年结果记录", field="id")
    return _remove(session, subject, row, "scheme.previous.remove")


def _remove(
    session: JixiaoSession, subject: Subject, row: CityItem | PreviousOutcome, action: str
) -> Scheme:
    owner = session.get(Scheme, (row.tenant_id, row.scheme_id))
    if owner is None:
        raise NotFound("没有这条记录", field="id")
    scheme = _writable(session, subject, owner.code)
    unit = session.get(Unit, (row.tenant_id, row.unit_id))
    code = unit.code if unit else str(row.unit_id)
    before = [_described((code,) if isinstance(row, CityItem) else code, row)]
    session.delete(row)
    session.flush()
    follow.schedule(session, scheme.code, follow.ANNUAL)
    _audit(session, subject, scheme, action, before, [])
    return scheme


def fill_previous_outcomes(
    session: JixiaoSession, subject: Subject, scheme_code: str, source_code: str | None = None
) -> LastYear:
    """Set the scheme's outcomes of last year from last year's published annual result: the
    scheme it was copied from, or `source_code`. Replaces the outcomes entered before."""
    scheme = _writable(session, subject, scheme_code)
    if source_code:
        source = scheme_by_code(session, source_code.strip())
    elif scheme.copied_from_id is not None:
        found = session.get(Scheme, (scheme.tenant_id, scheme.copied_from_id))
        if found is None:
            raise NotFound("本方案复制自的上年方案已不存在，请选择上年方案", field="sourceCode")
        source = found
    else:
        raise InvalidInput("本方案不是复制上年方案而来，请选择上年方案", field="sourceCode")
    if source.id == scheme.id:
        raise InvalidInput("不能从本方案自身填入上年结果", field="sourceCode")
    last = fill_from(session, subject, scheme, source)
    if last is None:
        raise InvalidInput(
            f"方案「{source.name}」的年度结果尚未公布，无法填入上年结果", field="sourceCode"
        )
    return last


def fill_from(
    session: JixiaoSession, subject: Subject, scheme: Scheme, source: Scheme
) -> LastYear | None:
    """Replace `scheme`'s outcomes of last year with what `source`'s published annual run
    says of its member units (None, and nothing written, when none is published)."""
    in_order = member_unit_ids(session, scheme.id)
    members = set(in_order)
    last = read_last_year(session, source, members)
    if last is None:
        return None
    codes = {unit_id: unit.code for unit_id, unit in units_by_id(session, members).items()}
    order = {unit_id: position for position, unit_id in enumerate(in_order)}
    ranked = sorted(last.last_in_group.items(), key=lambda pair: order.get(pair[0], 0))
    raw = [{"unit": codes[unit], "last_in_group": flag} for unit, flag in ranked]
    _store_outcomes(session, subject, scheme, raw, "scheme.previous.fill", run=last)
    return last


def _store_outcomes(
    session: JixiaoSession,
    subject: Subject,
    scheme: Scheme,
    raw: list[dict[str, Any]],
    action: str,
    run: LastYear | None = None,
) -> None:
    data = _checked(session, scheme, "previous", raw)
    wanted = [(o.unit, {"last_in_group": o.last_in_group}) for o in data.previous]
    before, after = _replace(session, scheme, PreviousOutcome, lambda _r, u: u.code, wanted)
    source = None if run is None else {"scheme": run.source.code, "run": str(run.run.id)}
    _audit(session, subject, scheme, action, before, after, source)


def _writable(
    session: JixiaoSession, subject: Subject, scheme_code: str, what: str = "修改市级排名和上年结果"
) -> Scheme:
    if not subject.can(p.SCHEME_WRITE.code):
        raise Forbidden(f"没有权限：需要「{p.SCHEME_WRITE.label}」")
    scheme = scheme_by_code(session, scheme_code.strip())
    revision.hold(session, scheme.id)  # as every single-row writer: no import meanwhile
    session.refresh(scheme)
    # Year-round entries: refused once the scheme or its 全年 period is closed.
    periods.require_open(session, scheme, periods.ANNUAL, what=what)
    return scheme


def _checked(
    session: JixiaoSession, scheme: Scheme, section: str, raw: list[dict[str, Any]]
) -> Data:
    """The entries as the engine's data parser reads them against the scheme's rules."""
    try:
        rules, _ = engine_rules(session, scheme.code)
    except SchemeInvalid as error:
        raise InvalidInput(
            f"方案「{scheme.name}」的规则尚未通过校验（{len(error.issues)} 处错误），"
            "请先修正方案再录入",
            field="schemeCode",
        ) from None
    document = {"format": DATA_FORMAT, "scheme": rules.code, section: raw}
    try:
        return parse_data(document, rules, "录入")
    except FormatError as error:
        raise EntriesInvalid([_problem(issue) for issue in error.issues]) from None


def _problem(issue: Issue) -> tuple[str, str]:
    """An issue of the parser as (field of the mutation's input, message naming the row)."""
    found = _ROW.match(issue.path)
    if found is None:
        return "schemeCode", issue.message
    index = int(found.group(2))
    key = issue.path[found.end() :].lstrip(".")
    field = f"{_LISTS[found.group(1)]}[{index}]" + (f".{_FIELDS.get(key, key)}" if key else "")
    text = _ROW.sub(lambda m: f"第 {int(m.group(2)) + 1} 行", issue.message)
    return field, f"第 {index + 1} 行：{text}"


def _replace(
    session: JixiaoSession,
    scheme: Scheme,
    model: type[Row],
    key: Callable[[Row, Unit], Any],
    wanted: list[tuple[Any, dict[str, Any]]],
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Make the rows exactly `wanted` ((natural key, values) by unit code), keeping the rows
    whose key stays (only a changed value is written); returns (before, after) for the audit."""
    current = {key(row, unit): row for row, unit in rows_with_units(session, model, scheme.id)}
    before = [_described(key_, row) for key_, row in current.items()]
    units = unit_ids_by_code(session)
    kept = {k for k, _ in wanted}
    for k, old in current.items():
        if k not in kept:
            session.delete(old)
    session.flush()
    after = []
    for seq, (k, values) in enumerate(wanted):
        found = current.get(k)
        if found is None:
            code, *rest = k if isinstance(k, tuple) else (k,)
            fields = {"item": rest[0]} if rest else {}
            row = model(scheme_id=scheme.id, unit_id=units[code], **fields, **values)
        else:
            row = found
            for name, value in values.items():
                setattr(row, name, value)
        row.seq = seq
        session.add(row)
        after.append(_described(k, row))
    session.flush()
    follow.schedule(session, scheme.code, follow.ANNUAL)
    return before, after


def _described(key: Any, row: CityItem | PreviousOutcome) -> dict[str, Any]:
    if isinstance(row, CityItem):
        return {"unit": key[0], "item": row.item, "last": row.last}
    return {"unit": key, "last_in_group": row.last_in_group}


def _audit(
    session: JixiaoSession,
    subject: Subject,
    scheme: Scheme,
    action: str,
    before: list[dict[str, Any]],
    after: list[dict[str, Any]],
    source: dict[str, str] | None = None,
) -> None:
    record(
        session,
        actor=subject,
        action=action,
        target_type="scheme",
        target_id=scheme.id,
        before={"scheme": scheme.code, "entries": before},
        after={"scheme": scheme.code, "entries": after} | ({"from": source} if source else {}),
    )
