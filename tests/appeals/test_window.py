"""The appeal window counts working days (Mon–Fri) after the publication day."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from jixiao.appeals.window import closes_at, working_days_after

SHANGHAI = ZoneInfo("Asia/Shanghai")


def test_working_days_skip_the_weekend() -> None:
    friday = date(2026, 12, 4)
    assert working_days_after(friday, 1) == date(2026, 12, 7)  # Monday
    assert working_days_after(friday, 5) == date(2026, 12, 11)
    assert working_days_after(friday, 0) == friday


def test_the_window_closes_at_the_end_of_its_last_working_day_in_the_tenants_zone() -> None:
    # published Friday 2026-12-04 23:30 in Shanghai (15:30 UTC): day 1 is Monday the 7th
    published = datetime(2026, 12, 4, 15, 30, tzinfo=UTC)
    assert closes_at(published, 1, SHANGHAI) == datetime(2026, 12, 8, tzinfo=SHANGHAI)
    assert closes_at(published, 0, SHANGHAI) is None
