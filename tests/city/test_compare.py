"""The city compares its districts: published results of the children that share them, side by
side; never a draft or approved run, never a district that does not share, never another
city's district."""

from __future__ import annotations

import pytest

from jixiao.city import compare
from jixiao.platform.errors import Forbidden
from jixiao.tenants.models import Tenant
from jixiao.tenants.service import update_setting
from tests.city.conftest import Cities
from tests.factories import as_role, compute, publish


def _share(cities: Cities, tenant: Tenant, value: str = "on") -> None:
    """The district's administrator changes the setting, as the settings page does."""
    admin = as_role(tenant, "tenant_admin", name=f"{tenant.name}系统管理员")
    with cities.database.tenant_session(tenant.id) as session:
        update_setting(session, compare.SHARE_KEY, value, actor=admin)
        session.commit()


def _compare(cities: Cities, reader: Tenant | None = None) -> list[compare.DistrictResult]:
    tenant = reader or cities.city
    who = as_role(tenant, "leadership", name="市考评领导小组")
    with cities.database.tenant_session(tenant.id) as session:
        return compare.compare(session, who, 2015, "annual")


def _jinfeng(found: list[compare.DistrictResult]) -> compare.DistrictResult:
    return next(d for d in found if d.name == "金凤区")


def test_only_published_results_of_sharing_children_are_shown(cities: Cities) -> None:
    office = cities.office(cities.jinfeng)
    run = compute(cities.database, cities.jinfeng, "annual", office).run

    # Not shared (the default): nothing of 金凤区, though it has a run.
    found = _compare(cities)
    assert sorted(d.name for d in found) == sorted(["金凤区", "西夏区", "兴庆区"])
    assert all(not d.sharing and d.units == [] for d in found)

    # Shared, but only a draft: still nothing.
    _share(cities, cities.jinfeng)
    shown = _jinfeng(_compare(cities))
    assert shown.sharing
    assert (shown.units, shown.published_at) == ([], None)

    published = publish(cities.database, cities.jinfeng, run.id, office)
    shown = _jinfeng(_compare(cities))
    assert shown.published_at == published.published_at
    assert shown.scheme_name == published.scheme_name
    names = [u.name for u in shown.units]
    assert "财政局" in names
    assert len(names) == len(set(names)) > 10
    assert sum(shown.grades.values()) == len(shown.units)
    assert shown.average is not None

    # A newer draft after publication does not show: still the published figures.
    with cities.database.tenant_session(cities.jinfeng.id) as session:
        from jixiao.scoring.entry import city_items

        city_items.set_city_items(
            session,
            office,
            "jinfeng-2015",
            [city_items.CityItemEntry("caizhengju", "新项目", True)],
        )
        session.commit()
    newer = compute(cities.database, cities.jinfeng, "annual", office).run
    assert newer.id != published.id
    again = _jinfeng(_compare(cities))
    assert [u.total for u in again.units] == [u.total for u in shown.units]
    assert next(u for u in again.units if u.name == "财政局").grade == "优秀"

    # The district stops sharing: gone at once.
    _share(cities, cities.jinfeng, "off")
    assert _jinfeng(_compare(cities)).units == []


def test_another_city_never_sees_a_district_that_is_not_its_child(cities: Cities) -> None:
    office = cities.office(cities.jinfeng)
    run = compute(cities.database, cities.jinfeng, "annual", office).run
    publish(cities.database, cities.jinfeng, run.id, office)
    _share(cities, cities.jinfeng)
    assert [d.name for d in _compare(cities, cities.other_city)] == ["大武口区"]
    # A district has no children: it compares nothing, not even its siblings.
    assert _compare(cities, cities.xixia) == []
    assert len(_jinfeng(_compare(cities)).units) > 10


def test_a_unit_user_of_the_city_may_not_compare(cities: Cities) -> None:
    reporter = as_role(cities.city, "finance")  # result:read, no scheme:read
    with (
        cities.database.tenant_session(cities.city.id) as session,
        pytest.raises(Forbidden),
    ):
        compare.compare(session, reporter, 2015)
