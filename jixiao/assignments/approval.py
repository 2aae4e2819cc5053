"""How a unit head's approval works in a tenant, and who hears that a report was sent up.

The tenant setting `report_approval` (jixiao.tenants.settings) chooses between
- `one_step` (the default): 审核通过 sends the report up (上报) in the same step, so the
  monitoring department has it at once;
- `two_step`: 审核通过 only marks it approved (领导已审); the head sends it up separately.
"""

from __future__ import annotations

from enum import StrEnum

from jixiao.assignments.models import ProgressReport
from jixiao.notices.workflow import tell
from jixiao.org.models import Unit, UnitLinkRole
from jixiao.org.queries import unit_people, units_by_code
from jixiao.platform.auth import Subject
from jixiao.platform.db import JixiaoSession
from jixiao.schemes.models import Indicator
from jixiao.tenants.values import setting_choice

SETTING = "report_approval"


class ApprovalMode(StrEnum):
    ONE_STEP = "one_step"
    TWO_STEP = "two_step"

    @property
    def label(self) -> str:
        return "审核通过即上报" if self is ApprovalMode.ONE_STEP else "审核通过后另行上报"


def mode(session: JixiaoSession) -> ApprovalMode:
    """The session tenant's approval mode (its default when never set)."""
    return setting_choice(session, SETTING, ApprovalMode)


def one_step(session: JixiaoSession) -> bool:
    return mode(session) is ApprovalMode.ONE_STEP


def tell_monitors(session: JixiaoSession, report: ProgressReport, actor: Subject) -> int:
    """Notify the monitoring departments named among the indicator's scorers that a report
    waits for their verification (once per report version); returns how many were told."""
    tenant = session.require_tenant()
    indicator = session.get(Indicator, (tenant, report.indicator_id))
    if indicator is None or not indicator.scorers:
        return 0
    named = units_by_code(session, indicator.scorers).values()
    departments = [unit.id for unit in named if unit.monitoring]
    people = unit_people(session, departments, (UnitLinkRole.REPORTER, UnitLinkRole.HEAD))
    unit = session.get(Unit, (tenant, report.unit_id))
    what = f"{unit.name if unit else ''}「{indicator.name}」{report.period} 进度填报"
    return tell(
        session,
        [user for user in people if user != actor.user_id],
        f"report:{report.id}:report",
        title=f"待核实：{what}",
        body=f"{actor.display_name or actor.username or ''}已上报{what}，请核实。",
        target_type="progress_report",
        target_id=report.id,
    )
