"""Scorer fairness (评分尺度): hand-computed standings, and a scheme's stored ratings and scores.

The figures, by the module's formula. Five units each rated by leaders A, B and C with
A = m + 1, B = m − 1, C = m: every cell has mean m, squares 1 + 1 + 0 = 2 over 2 degrees of
freedom, so the pooled variance is 1 and each deviation is divided by √(1 · 3/2) = 1.2247…;
A's deviation from the others' mean is m + 1 − (m − 1 + m)/2 = 1.5, z = 1.5 / 1.2247 = 1.2247
→ 1.22 (偏宽); B −1.22 (偏严); C 0.00 (正常). Two units rated by D = m + 1 and E = m − 1 on
another component: squares 2 over 1 degree each, variance 2, scale √(2 · 2/1) = 2, D's
deviation 2 → z = 1.00, but two entries under the minimum of five: 样本不足.
"""

from __future__ import annotations

import uuid
from decimal import Decimal as D

from sqlmodel import select

from jixiao.schemes.models import Scheme, SchemeComponent
from jixiao.scoring.models import Rating
from jixiao.scoring.runs import fairness
from jixiao.scoring.runs.fairness import Entry, Leaning
from jixiao.scoring.runs.scope import EVERYTHING, ResultScope
from jixiao.tenants.service import update_setting
from tests.factories import SCHEME, Jinfeng
from tests.policies.helpers import make_user

BASES = (D(80), D(85), D(90), D(75), D(95))
LEANING = {"A": (D("1.22"), Leaning.LENIENT), "B": (D("-1.22"), Leaning.HARSH)}


def _entries() -> list[Entry]:
    units = [uuid.uuid4() for _ in BASES]
    rows = []
    for unit, base in zip(units, BASES, strict=True):
        rows += [Entry("X", unit, "Q1", "A", base + 1), Entry("X", unit, "Q1", "B", base - 1)]
        rows.append(Entry("X", unit, "Q1", "C", base))
    rows.append(Entry("X", uuid.uuid4(), "Q1", "C", D(70)))  # scored alone: not comparable
    for unit, base in zip(units[:2], BASES, strict=False):
        rows += [Entry("Y", unit, "Q1", "D", base + 1), Entry("Y", unit, "Q1", "E", base - 1)]
    return rows


def test_standings_by_hand() -> None:
    found = fairness.standings(_entries(), D("0.5"), 5)
    assert {code: (s.mean_z, s.leaning) for code, s in found.items()} == {
        "A": (D("1.22"), Leaning.LENIENT),
        "B": (D("-1.22"), Leaning.HARSH),
        "C": (D("0.00"), Leaning.NORMAL),
        "D": (D("1.00"), Leaning.TOO_FEW),
        "E": (D("-1.00"), Leaning.TOO_FEW),
    }
    assert (found["C"].entries, found["C"].units, found["C"].items) == (5, 5, 1)
    assert found["D"].entries == 2
    # the threshold is a line on the figure shown: 1.22 is at it, so still lenient
    assert fairness.standings(_entries(), D("1.22"), 5)["A"].leaning is Leaning.LENIENT
    assert fairness.standings(_entries(), D("1.23"), 5)["A"].leaning is Leaning.NORMAL
    assert fairness.standings(_entries(), D("0.5"), 2)["D"].leaning is Leaning.LENIENT


def test_equal_values_deviate_by_nothing() -> None:
    unit = uuid.uuid4()
    rows = [Entry("X", unit, "Q1", scorer, D(8)) for scorer in ("A", "B")]
    found = fairness.standings(rows, D("0.5"), 1)
    assert found["A"].mean_z == D("0.00")
    assert found["A"].leaning is Leaning.NORMAL


def _rate(jinfeng: Jinfeng) -> None:
    """The hand-computed ratings, on the scheme's leaders and public components."""
    for rater in "ABCDE":
        make_user(jinfeng.database, jinfeng.tenant, f"leader{rater.lower()}", "scoring_leader")
    with jinfeng.database.tenant_session(jinfeng.tenant.id) as session:
        scheme = session.exec(select(Scheme).where(Scheme.code == SCHEME)).one()
        components = {
            c.code: c.id
            for c in session.exec(
                select(SchemeComponent).where(SchemeComponent.scheme_id == scheme.id)
            ).all()
        }
        units = sorted(jinfeng.units.values())
        for unit, base in zip(units, BASES, strict=False):
            for rater, value in (("A", base + 1), ("B", base - 1), ("C", base)):
                session.add(_rating(scheme.id, unit, components["leaders"], rater, value))
        for unit, base in zip(units[:2], BASES, strict=False):
            for rater, value in (("D", base + 1), ("E", base - 1)):
                session.add(_rating(scheme.id, unit, components["public"], rater, value))
        session.commit()


def _rating(
    scheme: uuid.UUID, unit: uuid.UUID, component: uuid.UUID, rater: str, value: D
) -> Rating:
    return Rating(
        scheme_id=scheme,
        unit_id=unit,
        component_id=component,
        rater=f"leader{rater.lower()}",
        value=value,
    )


def test_stored_ratings_and_scores_by_name(jinfeng: Jinfeng) -> None:
    _rate(jinfeng)
    with jinfeng.database.tenant_session(jinfeng.tenant.id) as session:
        report = fairness.scorer_fairness(session, EVERYTHING, SCHEME, "annual")
        quarter = fairness.scorer_fairness(session, EVERYTHING, SCHEME, "Q1")
        update_setting(session, "fairness_threshold", "150")
        raised = fairness.scorer_fairness(session, EVERYTHING, SCHEME, "annual")
    rows = {row.scorer.code: row for row in report.scorers}
    assert (report.threshold, report.minimum) == (D("0.5"), 5)
    for rater, (mean, leaning) in LEANING.items():
        standing = rows[f"leader{rater.lower()}"].standing
        assert (standing.mean_z, standing.leaning) == (mean, leaning)
    assert rows["leadera"].scorer.name == "用户leadera"  # a leader by display name
    assert rows["leaderd"].standing.leaning is Leaning.TOO_FEW
    # the example's two leaders score the manual indicators, two to a line: mirror images
    one, two = rows["lingdao1"].standing, rows["lingdao2"].standing
    assert one.entries == two.entries > 0
    assert one.mean_z == -(two.mean_z or 0)
    # ratings are yearly: a quarter shows the scores of that quarter only
    assert not any(row.scorer.code.startswith("leader") for row in quarter.scorers)
    assert (
        0 < {r.scorer.code: r for r in quarter.scorers}["lingdao1"].standing.entries < one.entries
    )
    # too few entries come last; the most lenient first
    leanings = [row.standing.leaning for row in report.scorers]
    assert leanings.index(Leaning.TOO_FEW) > leanings.index(Leaning.HARSH)
    assert report.scorers[0].standing.mean_z == max(
        r.standing.mean_z or D(0)
        for r in report.scorers
        if r.standing.leaning is not Leaning.TOO_FEW
    )
    raised_rows = {row.scorer.code: row.standing.leaning for row in raised.scorers}
    assert raised_rows["leadera"] is Leaning.NORMAL  # 1.22 is under 1.50


def test_a_unit_scope_compares_its_own_units_only(jinfeng: Jinfeng) -> None:
    _rate(jinfeng)
    unit = sorted(jinfeng.units.values())[0]
    with jinfeng.database.tenant_session(jinfeng.tenant.id) as session:
        report = fairness.scorer_fairness(
            session, ResultScope(unit_ids=frozenset({unit}), drafts=False), SCHEME, "annual"
        )
    rows = {row.scorer.code: row.standing for row in report.scorers}
    assert rows["leadera"].entries == 1
    assert {s.units for s in rows.values()} <= {0, 1}
