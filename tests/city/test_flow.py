"""End to end in the services: 银川市 ranks its districts item by item and publishes; 金凤区
sees what arrived, from whom and when, maps the item to the department responsible, computes,
and the last-place penalty (三区末位) lands on that department; a new publication moves it."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import text
from sqlmodel import select

from jixiao.audit.search import AuditFilter, search
from jixiao.city import publish, rankings, received
from jixiao.city.models import CityRankingRelease
from jixiao.city.rankings import ItemEntry, RankEntry
from jixiao.platform.errors import Forbidden, InvalidInput
from jixiao.schemes.models import Scheme
from jixiao.scoring.runs.models import ResultUnit
from tests.city.conftest import Cities
from tests.factories import as_role, compute

SCHEME = "jinfeng-2015"
GDP = "地区生产总值增速"
INVEST = "固定资产投资增速"


def _rank(cities: Cities, jinfeng: int, xixia: int, xingqing: int) -> list[ItemEntry]:
    return [
        ItemEntry(
            GDP,
            (
                RankEntry(cities.jinfeng.code, jinfeng),
                RankEntry(cities.xixia.code, xixia),
                RankEntry("兴庆区", xingqing),  # a district may be named by its name too
            ),
        ),
        ItemEntry(INVEST, (RankEntry(cities.jinfeng.code, 1), RankEntry(cities.xixia.code, 2))),
    ]


def _set_and_publish(cities: Cities, entries: list[ItemEntry]) -> None:
    database, office = cities.database, cities.city_office
    with database.tenant_session(cities.city.id) as session:
        rankings.set_ranking(session, office, 2015, entries)
        publish.publish(session, office, 2015)
        session.commit()
    cities.drain()


def _unit(cities: Cities, code: str) -> ResultUnit:
    office = cities.office(cities.jinfeng)
    run = compute(cities.database, cities.jinfeng, "annual", office).run
    with cities.database.tenant_session(cities.jinfeng.id) as session:
        return session.exec(
            select(ResultUnit).where(ResultUnit.run_id == run.id, ResultUnit.unit_code == code)
        ).one()


def _seq(cities: Cities) -> int:
    with cities.database.tenant_session(cities.jinfeng.id) as session:
        return session.exec(select(Scheme.inputs_seq).where(Scheme.code == SCHEME)).one()


def test_the_city_publishes_the_district_maps_and_the_penalty_lands(cities: Cities) -> None:
    database = cities.database
    district = cities.office(cities.jinfeng)
    before = _unit(cities, "caizhengju")
    assert (before.grade, before.flags) == ("优秀", [])

    # Entered but not published: nothing reaches the district.
    with database.tenant_session(cities.city.id) as session:
        rankings.set_ranking(session, cities.city_office, 2015, _rank(cities, 3, 1, 2))
        session.commit()
    with database.tenant_session(cities.jinfeng.id) as session:
        assert received.received_items(session, district, SCHEME) == []

    seq = _seq(cities)
    with database.tenant_session(cities.city.id) as session:
        done = publish.publish(session, cities.city_office, 2015)
        session.commit()
    assert done.items == 2
    assert sorted(done.children) == sorted(["金凤区", "西夏区", "兴庆区"])
    cities.drain()
    assert _seq(cities) > seq  # the district's scheme reads the new ranks

    with database.tenant_session(cities.jinfeng.id) as session:
        items = received.received_items(session, district, SCHEME)
        assert [(i.rank.item, i.rank.rank, i.rank.ranked, i.rank.last) for i in items] == [
            (GDP, 3, 3, True),
            (INVEST, 1, 2, False),
        ]
        assert items[0].rank.parent_name == "银川市"
        assert items[0].rank.published_by == "市考评办 张科长"
        assert items[0].rank.published_at is not None
        assert items[0].units == []
        received_log = search(session, AuditFilter(action="city.ranking.received"))
        assert len(received_log.items) == 1
        assert json.loads(received_log.items[0].after or "{}")["from"] == "银川市"

    # Not mapped yet: no department is penalised.
    assert _unit(cities, "caizhengju").flags == []

    with database.tenant_session(cities.jinfeng.id) as session:
        mapped = received.set_item_units(session, district, SCHEME, GDP, ["caizhengju"])
        session.commit()
    assert mapped.units == [("caizhengju", "财政局")]

    after = _unit(cities, "caizhengju")
    assert "no_award" in after.flags
    assert "head_not_eligible" in after.flags
    assert after.grade == "良好"
    assert any(GDP in line and "末位" in line for line in after.explain)

    # 西夏区 was first: nothing last.
    with database.tenant_session(cities.xixia.id) as session:
        theirs = received.received_ranks(session, 2015)
    assert [(r.item, r.rank, r.last) for r in theirs] == [(GDP, 1, False), (INVEST, 2, True)]

    # The city corrects its ranking: 金凤区 is no longer last, the penalty goes.
    _set_and_publish(cities, _rank(cities, 1, 3, 2))
    cleared = _unit(cities, "caizhengju")
    assert (cleared.grade, cleared.flags) == ("优秀", [])


def test_every_step_is_audited_on_its_own_side(cities: Cities) -> None:
    _set_and_publish(cities, _rank(cities, 3, 1, 2))
    with cities.database.tenant_session(cities.jinfeng.id) as session:
        received.set_item_units(
            session, cities.office(cities.jinfeng), SCHEME, GDP, ["caizhengju", "fagaiju"]
        )
        session.commit()
    with cities.database.tenant_session(cities.city.id) as session:
        actions = [e.action for e in search(session, AuditFilter(action="city.")).items]
        assert "city.ranking.set" in actions
        assert "city.ranking.publish" in actions
    with cities.database.tenant_session(cities.jinfeng.id) as session:
        events = search(session, AuditFilter(action="city.item_units.set")).items
        assert json.loads(events[0].after or "{}")["units"] == ["caizhengju", "fagaiju"]
        assert events[0].actor_name == "金凤区考评办 王主任"


def test_entries_are_refused_whole_with_each_problem_named(cities: Cities) -> None:
    bad = [
        ItemEntry(GDP, (RankEntry(cities.jinfeng.code, 1), RankEntry(cities.dawukou.code, 2))),
        ItemEntry(" ", (RankEntry(cities.jinfeng.code, 5), RankEntry(cities.xixia.code, 1))),
        ItemEntry(GDP, (RankEntry(cities.xixia.code, 1),)),
    ]
    with (
        cities.database.tenant_session(cities.city.id) as session,
        pytest.raises(rankings.RankingInvalid) as raised,
    ):
        rankings.set_ranking(session, cities.city_office, 2015, bad)
    fields = [f for f, _ in raised.value.problems]
    assert "items[0].ranks[1].tenantCode" in fields  # 大武口区 is not 银川市's district
    assert "items[1].item" in fields
    assert "items[1].ranks[0].rank" in fields
    assert "items[2].item" in fields  # the same item twice
    assert "items[2].ranks" in fields  # one district only
    assert any("大武口区" not in m and "不是本级的下级单位" in m for _, m in raised.value.problems)
    with cities.database.tenant_session(cities.city.id) as session:
        assert rankings.ranking(session, cities.city_office, 2015).items == []


def test_permissions(cities: Cities) -> None:
    leadership = as_role(cities.city, "leadership")  # reads, but neither enters nor publishes
    with cities.database.tenant_session(cities.city.id) as session:
        with pytest.raises(Forbidden):
            rankings.set_ranking(session, leadership, 2015, _rank(cities, 3, 1, 2))
        rankings.set_ranking(session, cities.city_office, 2015, _rank(cities, 3, 1, 2))
        with pytest.raises(Forbidden):
            publish.publish(session, leadership, 2015)
    _set_and_publish(cities, _rank(cities, 3, 1, 2))
    reader = as_role(cities.jinfeng, "leadership")
    with cities.database.tenant_session(cities.jinfeng.id) as session:
        assert len(received.received_items(session, reader, SCHEME)) == 2
        with pytest.raises(Forbidden):
            received.set_item_units(session, reader, SCHEME, GDP, ["caizhengju"])
        with pytest.raises(InvalidInput, match="不是方案"):
            received.set_item_units(
                session, cities.office(cities.jinfeng), SCHEME, GDP, ["nosuchunit"]
            )
        with pytest.raises(InvalidInput, match="没有下发"):
            received.set_item_units(
                session, cities.office(cities.jinfeng), SCHEME, "未下发的项目", ["caizhengju"]
            )


def test_the_published_rows_stay_the_citys_and_only_their_addressee_reads_them(
    cities: Cities,
) -> None:
    _set_and_publish(cities, _rank(cities, 3, 1, 2))
    database = cities.database
    with database.tenant_session(cities.jinfeng.id) as session:
        # Through the ORM the rows are another tenant's: not seen, not changed.
        assert session.exec(select(CityRankingRelease)).all() == []
        assert [r.item for r in received.received_ranks(session, 2015)] == [GDP, INVEST]
    for outsider in (cities.dawukou, cities.other_city, cities.city):
        with database.tenant_session(outsider.id) as session:
            assert received.received_ranks(session, 2015) == []
    if database.engine.dialect.name != "postgresql":
        return
    # RLS, under the app's role: the district reads the rows addressed to it and no other,
    # and can neither change nor remove them.
    with database.tenant_session(cities.jinfeng.id) as session:
        rows = session.execute(text("SELECT child_id FROM city_ranking_release")).all()
        assert {row[0] for row in rows} == {cities.jinfeng.id}
        assert (
            session.connection().execute(text("UPDATE city_ranking_release SET rank = 1")).rowcount
            == 0
        )
        assert session.connection().execute(text("DELETE FROM city_ranking_release")).rowcount == 0
        session.commit()
    with database.tenant_session(cities.dawukou.id) as session:
        assert session.execute(text("SELECT count(*) FROM city_ranking_release")).scalar() == 0
    with database.tenant_session(cities.city.id) as session:
        assert session.execute(text("SELECT count(*) FROM city_ranking_release")).scalar() == 5
