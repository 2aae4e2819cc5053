"""The reports' HTML and CSS: a government document's layout (红头, title, body, issuing office
and date, page numbers) on A4, text in Debian's Noto CJK fonts, which WeasyPrint embeds.

Every value is escaped here (`_e`); nothing else writes into the markup.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal
from html import escape

from jixiao.engine.table import FLAG_LABELS
from jixiao.reports.chart import trend_svg
from jixiao.reports.content import Card, Header, groups
from jixiao.scoring.runs.queries import UnitFigures
from jixiao.scoring.runs.service import PERIOD_LABELS

CENT = Decimal("0.01")
ORDINALS = "一二三四五六七八九十"
LINE_STATUS = {"scored": "已评分", "missing": "缺项", "binding_failed": "约束性指标未完成"}
CSS = """
@page {
  size: A4; margin: 32mm 26mm 30mm 28mm;
  @bottom-center {
    content: "第 " counter(page) " 页 共 " counter(pages) " 页";
    font-family: "Noto Serif CJK SC", serif; font-size: 10pt;
  }
}
@page wide { size: A4 landscape; margin: 24mm 20mm 24mm 20mm; }
body { font-family: "Noto Serif CJK SC", "Noto Sans CJK SC", serif; font-size: 12pt;
       line-height: 1.6; color: #000; }
.wide { page: wide; }
.red-head { color: #c00; text-align: center; font-size: 24pt; font-weight: bold;
            letter-spacing: 2pt; margin: 0; }
.red-rule { border: 0; border-top: 2pt solid #c00; margin: 3mm 0 6mm; }
h1 { text-align: center; font-size: 18pt; font-weight: bold; margin: 4mm 0 6mm; }
h2 { font-family: "Noto Sans CJK SC", sans-serif; font-size: 13pt; margin: 6mm 0 2mm; }
p { text-indent: 2em; margin: 1mm 0; }
p.plain { text-indent: 0; }
.draft { color: #c00; text-align: center; font-weight: bold; }
table { border-collapse: collapse; width: 100%; font-family: "Noto Sans CJK SC", sans-serif;
        font-size: 9pt; line-height: 1.3; margin: 2mm 0 4mm; }
th, td { border: 0.5pt solid #333; padding: 1.2mm 1.5mm; }
th { background: #f0f0f0; font-weight: bold; text-align: center; white-space: nowrap; }
td.n { text-align: right; white-space: nowrap; }
td.c { text-align: center; white-space: nowrap; }
td.u { white-space: nowrap; }
tr { page-break-inside: avoid; }
.facts td { font-size: 10pt; }
.sign { text-align: right; margin-top: 10mm; }
.note { font-size: 9pt; color: #444; text-indent: 0; }
svg.trend { display: block; margin: 2mm auto; }
"""


def _e(value: object) -> str:
    return escape("" if value is None else str(value))


def _money(value: Decimal | None) -> str:
    return "-" if value is None else f"{value.quantize(CENT):,}"


def _number(value: Decimal | str | None) -> str:
    """A score as the portal shows it, at most two decimals (the stored figure is exact);
    plain digits, safe in markup."""
    if value is None or value == "":
        return "-"
    try:
        exact = Decimal(value)
    except ArithmeticError:
        return _e(value)
    exponent = exact.as_tuple().exponent
    return str(exact.quantize(CENT) if isinstance(exponent, int) and exponent < -2 else exact)


def _flags(unit: UnitFigures) -> str:
    return "、".join(FLAG_LABELS.get(flag, flag) for flag in unit.flags) or "-"


def _document(title: str, body: Iterable[str], *, wide: bool = False) -> str:
    classes = ' class="wide"' if wide else ""
    return (
        f'<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>{_e(title)}'
        f"</title><style>{CSS}</style></head><body{classes}>{''.join(body)}</body></html>"
    )


def _red_head(header: Header) -> str:
    head = f'<p class="red-head">{_e(header.office)}</p><hr class="red-rule">'
    if not header.final:
        head += f'<p class="draft">（{_e(header.status_label)}，未公布，仅供内部审核）</p>'
    return head


def _signature(header: Header) -> str:
    return (
        f'<p class="sign">{_e(header.office)}</p><p class="sign" style="margin-top:0">'
        f"{_e(header.issued_on)}</p>"
        f'<p class="note">考评方案：{_e(header.scheme_name)}（{_e(header.scheme_code)}）；'
        f"结果版本：{_e(header.inputs_version[:12])}；状态：{_e(header.status_label)}</p>"
    )


def _table(
    heads: Sequence[str],
    rows: Iterable[Sequence[tuple[str, str]]],
    widths: dict[str, str] | None = None,
) -> str:
    """A table; each cell is (css class, escaped html); `widths` by heading (CSS lengths)."""
    wide = widths or {}
    head = "".join(
        f'<th style="width:{wide[h]}">{_e(h)}</th>' if h in wide else f"<th>{_e(h)}</th>"
        for h in heads
    )
    body = "".join(
        "<tr>" + "".join(f'<td class="{c}">{html}</td>' for c, html in row) + "</tr>"
        for row in rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def notice(header: Header, title: str, units: Sequence[UnitFigures]) -> str:
    """考评结果通报: every group's units with ranks, grades, flags, bonus points and amounts."""
    components = header.components
    amounts = any(unit.bonus_amount is not None for unit in units)
    heads = [
        "名次",
        "单位",
        *[c.get("name", c.get("code", "")) for c in components],
        "加分",
        "扣分",
        "总分",
        "等次",
        "标记",
        *(["绩效奖（元）"] if amounts else []),
    ]
    body = [
        _red_head(header),
        f"<h1>{_e(title)}</h1>",
        '<p class="plain">各考评单位：</p>',
        f"<p>根据《{_e(header.scheme_name)}》，经考评办审核、考评领导小组审定，现将"
        f"{_e(header.period_label)}考评结果通报如下。共 {len(units)} 个考评对象，"
        f"分 {len(groups(units))} 个考评分组。</p>",
    ]
    for index, (group_name, members) in enumerate(groups(units)):
        ordinal = ORDINALS[index] if index < len(ORDINALS) else str(index + 1)
        body.append(f"<h2>{ordinal}、{_e(group_name)}（{len(members)} 个单位）</h2>")
        rows = [
            [
                ("c", _e(unit.rank)),
                ("u", _e(unit.unit_name)),
                *[("n", _number(unit.components.get(c.get("code", "")))) for c in components],
                ("n", _number(unit.bonus)),
                ("n", _number(unit.deductions)),
                ("n", _number(unit.total)),
                ("c", _e(unit.grade or "-")),
                ("", _e(_flags(unit))),
                *([("n", _money(unit.bonus_amount))] if amounts else []),
            ]
            for unit in members
        ]
        body.append(_table(heads, rows, {"标记": "26mm"}))
    body.append("<p>希望受到表彰的单位再接再厉，排名靠后的单位认真查找差距、抓好整改。</p>")
    body.append(_signature(header))
    # Landscape, as a notice's attached tables are: the columns of every component, the
    # adjustments, grade, flags and bonus do not fit a portrait page's width.
    return _document(title, body, wide=True)


def card(header: Header, title: str, item: Card) -> str:
    """考评报告单 of one unit: its figures, scores by indicator, explanations, quarterly trend."""
    unit = item.unit
    facts = [
        ("单位", unit.unit_name, "考评分组", unit.group_name),
        ("总分", _number(unit.total), "等次", unit.grade or "-"),
        ("组内名次", f"{unit.rank} / {item.group_size}", "总名次", str(unit.overall_rank)),
        ("加分", _number(unit.bonus), "扣分", _number(unit.deductions)),
        ("标记", _flags(unit), "绩效奖（元）", _money(unit.bonus_amount)),
    ]
    fact_rows = "".join(
        f"<tr><th>{_e(a)}</th><td>{_e(b)}</td><th>{_e(c)}</th><td>{_e(d)}</td></tr>"
        for a, b, c, d in facts
    )
    body = [
        f'<p class="red-head" style="font-size:18pt">{_e(header.office)}</p><hr class="red-rule">',
        f"<h1>{_e(title)}</h1>",
        *(
            [f'<p class="draft">（{_e(header.status_label)}，未公布，仅供内部审核）</p>']
            if not header.final
            else []
        ),
        f'<table class="facts"><tbody>{fact_rows}</tbody></table>',
    ]
    if header.components:
        body.append("<h2>一、分项得分</h2>")
        heads = [c.get("name", c.get("code", "")) for c in header.components]
        body.append(
            _table(
                ["分项", *heads],
                [
                    [
                        ("", "得分"),
                        *[
                            ("n", _number(unit.components.get(c["code"])))
                            for c in header.components
                        ],
                    ]
                ],
            )
        )
    body.append("<h2>二、指标得分</h2>")
    rows = [
        [
            ("c", _e(line.indicator_code)),
            ("", _e(line.indicator_name)),
            ("c", _e(PERIOD_LABELS.get(line.period, line.period))),
            ("n", _number(line.available)),
            ("n", _number(line.score)),
            ("c", _e(LINE_STATUS.get(line.status, line.status))),
        ]
        for line in item.lines
    ]
    body.append(_table(["代码", "指标", "周期", "分值", "得分", "状态"], rows))
    body.append("<h2>三、得分说明</h2>")
    explain = [*unit.explain, *(f"缺项：{m}" for m in unit.missing)]
    if explain:
        body.extend(f"<p>{_e(text)}</p>" for text in explain)
    else:
        body.append("<p>无扣分或加分说明。</p>")
    body.append("<h2>四、季度得分走势</h2>")
    chart = trend_svg(item.trend)
    body.append(chart or "<p>暂无季度考评结果。</p>")
    body.append(_signature(header))
    return _document(title, body)


def bonus(header: Header, title: str, units: Sequence[UnitFigures]) -> str:
    """绩效奖金表: each unit's headcount, grade, base per head, coefficient and amount."""
    total = sum((unit.bonus_amount or Decimal(0) for unit in units), Decimal(0))
    rows = [
        [
            ("c", _e(number)),
            ("u", _e(unit.group_name)),
            ("u", _e(unit.unit_name)),
            ("n", _e(unit.headcount)),
            ("n", _number(unit.total)),
            ("c", _e(unit.rank)),
            ("c", _e(unit.grade or "-")),
            ("n", _money(unit.base_per_head)),
            ("n", _number(unit.bonus_coefficient)),
            ("n", _money(unit.bonus_amount)),
            ("", _e("该分组不设绩效奖" if unit.bonus_amount is None else _flags(unit))),
        ]
        for number, unit in enumerate(units, start=1)
    ]
    rows.append([("c", "合计"), *[("", "")] * 8, ("n", _money(total)), ("", "")])
    heads = [
        "序号",
        "考评分组",
        "单位名称",
        "人数",
        "总分",
        "名次",
        "等次",
        "人均基数（元）",
        "系数",
        "绩效奖（元）",
        "说明",
    ]
    body = [
        _red_head(header),
        f"<h1>{_e(title)}</h1>",
        f"<p>根据{_e(header.period_label)}考评结果，各单位绩效奖核定如下，"
        f"合计 {_money(total)} 元。</p>",
        _table(heads, rows),
        _signature(header),
    ]
    return _document(title, body, wide=True)
