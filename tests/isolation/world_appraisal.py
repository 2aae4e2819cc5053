"""金凤区's appraisal for the isolation world: units and their people, a scheme with its data,
and its annual result computed, reviewed, approved and published.

The scheme is the shipped jinfeng-2015 example, renamed: the platform seeds a public template
identical to that example (`schemeTemplates`, `createSchemeFromTemplate`), so the example's own
texts are nobody's secret. Every code of 金凤区 (scheme, units, groups, components, scorers) gets
the world's identifier prefix (the attacker sends codes), every name a person chose (scheme,
units, groups, indicators, adjustment reasons, city items) the marker (the attacker never sends
it). `derive` makes the same renaming with plain names for the attacker's own imports: a scheme
named with 金凤区's codes, whose units are 金凤区's unit codes.

Made the way the government makes it, through GraphQL: the office imports the scheme with its
data, the leadership group approves it, the office publishes it; the system administrator links
a reporter and a head to a unit and a scoring leader to two; the office computes the annual
result, reviews it, the leadership approves it, the office publishes it; a Q4 result is computed
and reviewed, not yet approved; the office copies the scheme into next year's draft (what a
draft-only edit, were it to reach 金凤区, could change).

The attacker's uploads (`Appraisal.probe_*`) bear 金凤区's codes and plain names: a scheme with
data, and units sheets (one linking 金凤区's reporter by username).
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from jixiao.engine.examples import example_path
from jixiao.engine.formats import read_document
from jixiao.org import workbook as units_sheet
from jixiao.org.sheets import new_sheet, to_base64
from jixiao.platform.auth import CSRF_COOKIE
from jixiao.schemes.textio import dump_yaml
from tests.isolation.world_notices import PDF

EXAMPLE = "jinfeng-2015"
INDICATORS = "indicators"  # the component of the indicator tree: its code is the engine's
# How many of each data section the attacker's own import carries (a small, valid data set).
PROBE_DATA = {"scores": 24, "ratings": 6, "adjustments": 2, "city_items": 2, "previous": 2}


@dataclass(frozen=True)
class Appraisal:
    """金凤区's appraisal identifiers, and the attacker's uploads made with them."""

    # "scheme", "unit", "group", "component", "indicator" → 金凤区's codes, the telling first.
    codes: dict[str, tuple[str, ...]]
    ids: dict[str, list[str]]  # GraphQL type → global ids, as 金凤区's office reads them
    probe_scheme: str  # jixiao.scheme/1 YAML: 金凤区's codes, plain names (the attacker's import)
    probe_data: str  # jixiao.data/1 YAML for it
    probe_units: str  # units sheet (base64 .xlsx) with 金凤区's unit codes, plain names
    probe_units_linked: str  # the same, linking 金凤区's reporter (by username) to the units


def _examples() -> tuple[dict[str, Any], dict[str, Any]]:
    folder = example_path(EXAMPLE)
    scheme, data = read_document(folder / "scheme.yaml"), read_document(folder / "data.yaml")
    assert isinstance(scheme, dict)
    assert isinstance(data, dict)
    return scheme, data


def derive(
    scheme_code: str, prefix: str, label: Callable[[str], str], *, trim: bool = False
) -> tuple[dict[str, Any], dict[str, Any]]:
    """The example scheme and data with every code prefixed and every chosen text labelled.

    Unit codes stay lowercase ascii, digits and hyphens (`jf1a2b3c-liangtian`); the indicator
    codes (`A1`…) are kept: too short to tell anyone apart. `trim` keeps a few data rows only.
    """
    scheme, data = (copy.deepcopy(d) for d in _examples())

    def code(value: str) -> str:
        return value if value == INDICATORS else f"{prefix}{value}"

    body = scheme["scheme"]
    body["code"], body["name"] = scheme_code, label(body["name"])
    for part in (*body["components"], *body["groups"], *body["units"]):
        part["code"], part["name"] = code(part["code"]), label(part["name"])
    for unit in body["units"]:
        unit["group"] = code(unit["group"])
    pending = list(body["indicators"])
    while pending:
        node = pending.pop()
        node["name"] = label(node["name"])
        pending.extend(node.get("children", []))
        if "scorers" in node:
            node["scorers"] = [code(s) for s in node["scorers"]]
        applies = node.get("applies_to")
        if isinstance(applies, list):
            node["applies_to"] = [code(u) for u in applies]
        elif isinstance(applies, dict):
            node["applies_to"] = {k: [code(v) for v in vs] for k, vs in applies.items()}

    data["scheme"] = scheme_code
    for section in ("scores", "ratings", "adjustments", "city_items", "previous"):
        if trim:
            data[section] = data[section][: PROBE_DATA[section]]
        for row in data[section]:
            row["unit"] = code(row["unit"])
            if "scorer" in row:
                row["scorer"] = code(row["scorer"])
            if "component" in row:
                row["component"] = code(row["component"])
            for key in ("reason", "item"):
                if key in row:
                    row[key] = label(row[key])
    return scheme, data


def build_appraisal(
    marker: str,
    ident: str,
    *,
    admin: Any,
    office: Any,
    leadership: Any,
    linked: dict[str, str],
    usernames: dict[str, str],
) -> Appraisal:
    """金凤区's schemes, data, links and results. `admin`, `office` and `leadership` are
    signed-in `world.Client`s of 金凤区 (tenant_admin, office, leadership); `linked` maps
    "reporter", "head" and "leader" to those users' global ids, `usernames` to their names."""
    prefix = f"jf{ident}-"
    scheme_code = f"{prefix}{EXAMPLE}"
    scheme, data = derive(scheme_code, prefix, lambda text: f"{marker} {text}")
    imported = office.ok(
        "mutation($t: String!, $d: String) { importScheme(text: $t, dataText: $d)"
        " { scheme { code } counts { __typename } issues { message } errors { message } } }",
        {"t": dump_yaml(scheme), "d": dump_yaml(data)},
    )["importScheme"]
    assert imported["scheme"], imported
    assert not imported["issues"], imported
    # An import job of 金凤区 (refused when it runs: no such scheme, so nothing else changes).
    office.ok(
        "mutation($c: String!, $d: String!) { startSchemeDataImport(code: $c, dataText: $d)"
        " { job { id } errors { message } } }",
        {"c": f"{prefix}no-such-scheme", "d": dump_yaml(data)},
    )
    leadership.ok(
        "mutation($c: String!, $r: String) { approveScheme(code: $c, reason: $r)"
        " { errors { message } } }",
        {"c": scheme_code, "r": f"{marker} 审定"},
    )
    office.ok(
        "mutation($c: String!) { publishScheme(code: $c) { errors { message } } }",
        {"c": scheme_code},
    )

    units = _units(office)
    unit_ids = {unit["code"]: unit["id"] for unit in units}
    link = (
        "mutation($u: ID!, $r: UnitLinkRole!, $p: [ID!]!) { setUnitLinks(unitId: $u, role: $r,"
        " userIds: $p) { errors { message } } }"
    )
    home_code = f"{prefix}liangtian"  # where the reporter and head work
    home = unit_ids[home_code]
    admin.ok(link, {"u": home, "r": "REPORTER", "p": [linked["reporter"]]})
    admin.ok(link, {"u": home, "r": "HEAD", "p": [linked["head"]]})
    for code in ("liangtian", "fagaiju"):
        admin.ok(link, {"u": unit_ids[prefix + code], "r": "LEADER", "p": [linked["leader"]]})

    compute = (
        "mutation($c: String!, $p: ResultPeriod!) { computeResults(schemeCode: $c, period: $p)"
        " { run { id status } errors { message } } }"
    )
    run = "mutation($r: ID!) { %s(runId: $r) { run { status } errors { message } } }"
    annual = office.ok(compute, {"c": scheme_code, "p": "ANNUAL"})["computeResults"]["run"]["id"]
    office.ok(run % "reviewResults", {"r": annual})
    leadership.ok(run % "approveResults", {"r": annual})
    office.ok(run % "publishResults", {"r": annual})
    q4 = office.ok(compute, {"c": scheme_code, "p": "Q4"})["computeResults"]["run"]["id"]
    office.ok(run % "reviewResults", {"r": q4})

    # Next year's draft, copied from this year's: what a draft-only edit could change.
    draft_code = f"{prefix}jinfeng-2016"
    office.ok(
        "mutation($s: String!, $i: SchemeSettingsInput!) { copyScheme(sourceCode: $s, input: $i)"
        " { errors { message } } }",
        {"s": scheme_code, "i": {"code": draft_code, "name": f"{marker} 2016年方案", "year": 2016}},
    )

    body = scheme["scheme"]
    kinds = {u["code"]: u["kind"] for u in body["units"]}
    # A department the leader is in charge of first (the attacker makes a department of that
    # code its own), then the unit its reporter and head work in.
    first = (f"{prefix}fagaiju", home_code)
    leaves = [node["code"] for node in _nodes(body["indicators"]) if "children" not in node]
    codes = {
        "scheme": (scheme_code, draft_code),
        "unit": (*first, *sorted(set(unit_ids) - set(first))),
        "group": tuple(g["code"] for g in body["groups"]),
        "component": tuple(c["code"] for c in body["components"] if c["code"] != INDICATORS),
        "indicator": tuple(leaves),
    }
    probe_scheme, probe_data = derive(scheme_code, prefix, lambda text: f"西夏区 {text}", trim=True)
    rows = [(code, kinds[code]) for code in codes["unit"][:3]]
    return Appraisal(
        codes=codes,
        ids=_ids(office, (draft_code, scheme_code), home),
        probe_scheme=dump_yaml(probe_scheme),
        probe_data=dump_yaml(probe_data),
        probe_units=_units_sheet(rows),
        probe_units_linked=_units_sheet(rows, reporter=usernames["reporter"]),
    )


def _nodes(nodes: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The nodes of an indicator tree, depth first."""
    return [n for node in nodes for n in (node, *_nodes(node.get("children", [])))]


def _units_sheet(rows: list[tuple[str, str]], reporter: str = "") -> str:
    """A units sheet (base64 .xlsx): these codes and kinds, plain names, maybe a reporter."""
    labels = {"department": "部门", "town": "镇", "subdistrict": "街道"}
    book, sheet = new_sheet(units_sheet.SHEET, units_sheet.HEADERS, units_sheet.WIDTHS)
    for code, kind in rows:
        sheet.append([code, "西夏区 probe", labels[kind], 1, "否", "启用", reporter, "", "", ""])
    return to_base64(book)


def _units(office: Any) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = office.ok(
        "{ units(first: 100) { nodes { id code links { role user { id } } } } }"
    )["units"]["nodes"]
    return found


def _ids(office: Any, schemes: tuple[str, str], home: str) -> dict[str, list[str]]:
    """金凤区's global ids of the appraisal's types, the most telling first: the draft's groups
    and nodes (a draft-only edit could change them) alternate with this year's (scored)."""
    units = _units(office)
    units.sort(key=lambda u: (u["id"] != home, not u["links"], u["code"]))
    users = list(dict.fromkeys(link["user"]["id"] for u in units for link in u["links"]))
    read = office.ok(
        "query($d: String!, $c: String!) {"
        " draft: scheme(code: $d) { id groups { id } indicators { id isLeaf code } }"
        " scheme(code: $c) { id groups { id } indicators { id isLeaf code } }"
        " resultRuns(schemeCode: $c) { nodes { id status } } }",
        {"d": schemes[0], "c": schemes[1]},
    )
    draft, scheme = read["draft"], read["scheme"]

    def leaves_first(nodes: list[dict[str, Any]]) -> list[str]:
        return [n["id"] for n in sorted(nodes, key=lambda n: (not n["isLeaf"], n["code"]))]

    runs = sorted(read["resultRuns"]["nodes"], key=lambda r: r["status"] != "PUBLISHED")
    return {
        "Unit": [u["id"] for u in units],
        "LinkedUser": users,
        "Scheme": [scheme["id"], draft["id"]],
        "SchemeGroup": _alternate(draft["groups"], scheme["groups"]),
        "Indicator": _alternate(
            leaves_first(draft["indicators"]), leaves_first(scheme["indicators"])
        ),
        "ResultRun": [r["id"] for r in runs],
    }


def _alternate(first: list[Any], second: list[Any]) -> list[str]:
    """Ids taken in turn from both lists (items are ids, or nodes with an `id`)."""
    merged = [item for pair in zip(first, second, strict=True) for item in pair]
    return [item if isinstance(item, str) else item["id"] for item in merged]


def build_cycle(
    office: Any, reporter: Any, scheme_code: str, home_unit_id: str, marker: str
) -> None:
    """The quarterly cycle of 金凤区: an indicator assigned to the reporter's unit, a report with
    an evidence file, submitted (so its history has an event). `office` and `reporter` are
    signed-in `world.Client`s of 金凤区."""
    read = office.ok(
        "query($c: String!) { scheme(code: $c) { indicators { id code isLeaf } } }",
        {"c": scheme_code},
    )
    leaf = next(n for n in read["scheme"]["indicators"] if n["isLeaf"] and n["code"].endswith("A1"))
    made = office.ok(
        "mutation($i: AssignInput!) { assignIndicator(input: $i)"
        " { assignments { id } errors { message } } }",
        {
            "i": {
                "indicatorId": leaf["id"],
                "unitIds": [home_unit_id],
                "targetText": f"{marker} 目标",
            }
        },
    )
    assignment = made["assignIndicator"]["assignments"][0]["id"]
    saved = reporter.ok(
        "mutation($i: ProgressReportInput!) { saveProgressReport(input: $i)"
        " { report { id } errors { message } } }",
        {
            "i": {
                "assignmentId": assignment,
                "period": "Q2",
                "narrative": f"{marker} 进度",
                "actual": "80",
            }
        },
    )
    report = saved["saveProgressReport"]["report"]["id"]
    reporter.ok(  # its self-assessment (自评), with a note
        'mutation($r: ID!, $n: String!) { setSelfAssessment(reportId: $r, value: "0",'
        " note: $n) { selfAssessment { value } errors { message } } }",
        {"r": report, "n": f"{marker} 自评"},
    )
    upload = reporter.http.post(
        f"/files/reports/{report}",
        params={"name": "evidence.pdf"},
        content=PDF,
        headers={"X-CSRF-Token": reporter.http.cookies[CSRF_COOKIE]},
    )
    assert upload.status_code == 201, upload.text
    reporter.ok(
        "mutation($r: ID!) { submitProgressReport(id: $r) { report { id } errors { message } } }",
        {"r": report},
    )
