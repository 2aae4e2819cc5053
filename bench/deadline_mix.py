"""The virtual users of bench/deadline_day.py: what each role does on deadline day.

GraphQL documents: the home pages' queries as the portal sends them (portal/src/api/home.graphql,
viewer.graphql, notices.graphql, results.graphql), the mutations as the tests send them
(tests/factories/browser.py signIn, tests/assignments/support.py reports,
tests/scoring/entry/test_entry_api.py enterScores and the workbench, and the result reads of
tests/scoring/runs/test_published_default.py, the drill-down with its breakdown added).

Every user signs in (signIn, the session cookie and the CSRF header), opens the home page, then
loops: think 3–10 s (× `think`), then one action of its role, chosen by weight:

- everyone's home: Viewer, SchemesHome, the role's home query, MyNotifications (the bell);
- unit reporter: the unit's work of a quarter, then on a slot not yet sent (none, draft or
  returned) saveProgressReport, one ~200 KB PDF to /files/reports/<id>, submitProgressReport;
- unit head: the queue (SUBMITTED), approveProgressReport (one step: also sends it up);
- monitoring department: the queue (REPORTED), verifyProgressReport, or half the time
  rejectProgressReport, its return with a reason (the reporter corrects it: a new version);
- scoring leader: the workbench of a quarter, enterScores for one unit's row (drafts);
- leadership and office: rankings, and a unit's result with its breakdown (drill-down);
- supervision: the monitoring board; finance: the bonus table.

A payload's `errors` (the business said no: already submitted, not a draft…) and a 4xx of the
upload naming a CONFLICT are refusals; anything else short of the answer is an error.
"""

from __future__ import annotations

import asyncio
import random
import time
from decimal import Decimal
from typing import Any
from urllib.parse import quote

from deadline_client import Answer, Browser, Stats
from deadline_world import Account, World

THINK_S = (3.0, 10.0)
EVIDENCE = b"%PDF-1.4\n" + random.Random(14).randbytes(200 * 1024) + b"\n%%EOF\n"
SIGN_IN = """
mutation SignIn($tenant: String, $username: String!, $password: String!) {
  signIn(input: {tenant: $tenant, username: $username, password: $password}) {
    viewer { authenticated username mustChangePassword permissions roles tenant { code }
             mustEnrolSecondFactor }
    secondFactorRequired
    errors { code message field }
  }
}"""
VIEWER = """query Viewer { viewer { authenticated kind username displayName
  tenant { code name level } permissions roles mustChangePassword mustEnrolSecondFactor } }"""
SCHEMES = "query SchemesHome { appraisalSchemes { schemeId code name year periods status } }"
UNIT_WORK = """
query UnitWorkHome($schemeId: ID, $period: String, $statuses: [ReportStatus!]) {
  viewer { reportApproval }
  assignments(schemeId: $schemeId, first: 100) {
    nodes { id indicatorCode indicatorName unitId unitName targetValue targetText deadline
            milestones { period text value } }
    pageInfo { hasNextPage }
  }
  progressReports(period: $period, statuses: $statuses, first: 100) {
    nodes { id assignmentId unitId period version completion actual status late updatedAt }
    pageInfo { hasNextPage }
  }
}"""
SCORING_HOME = """
query ScoringHome($schemeCode: String!, $period: String!) {
  scoringWorkbench(schemeCode: $schemeCode, period: $period, first: 500) {
    nodes { unitCode unitName indicatorCode indicatorName scorer score { status } }
    pageInfo { hasNextPage }
  }
}"""
RUNS_HOME = """
query RunsHome($schemeCode: String!) {
  resultRuns(schemeCode: $schemeCode, first: 100) {
    nodes { id schemeCode period periodLabel status statusLabel provisional newest computedAt }
  }
}"""
MONITORING_HOME = """
query MonitoringHome($schemeCode: String!, $period: String!) {
  supervisionSummary(schemeCode: $schemeCode, period: $period) {
    today due total green yellow red none overdue missing reported verified scored
  }
  supervisionBoard(schemeCode: $schemeCode, period: $period, first: 500) {
    nodes { assignmentId unitCode unitName indicatorCode indicatorName due reportStatusLabel
            light lightLabel why overdue missing reported verified scored }
    pageInfo { hasNextPage }
  }
}"""
LEADERSHIP_HOME = """
query LeadershipHome($schemeCode: String!) {
  rankings(schemeCode: $schemeCode, period: ANNUAL) {
    run { periodLabel statusLabel computedAt }
    groups { code name units { unitCode unitName total rank grade } }
  }
}"""
BELL = """
query MyNotifications($first: Int, $unreadOnly: Boolean!) {
  unreadCounts { notices notifications }
  myNotifications(first: $first, unreadOnly: $unreadOnly) {
    nodes { id kind title body targetType targetId createdAt readAt }
  }
}"""
BONUS = """
query BonusTable($schemeCode: String!) {
  bonusTable(schemeCode: $schemeCode) {
    run { id status periodLabel }
    rows { unitCode unitName groupCode groupName headcount total rank grade basePerHead
           coefficient amount flags }
    total
  }
}"""
REPORT_FIELDS = """id status version period narrative completion actual verifiedValue
  verifyNote returnReason
  history { action fromStatus toStatus reason actorName at value }
  evidence { id fileName contentType sizeBytes url }"""
SAVE = f"""
mutation Save($input: ProgressReportInput!) {{
  saveProgressReport(input: $input) {{
    report {{ {REPORT_FIELDS} }} errors {{ code message field }} }}
}}"""


def _step(name: str, args: str = "", passed: str = "") -> str:
    return f"""
mutation Step($id: ID!{args}) {{
  {name}(id: $id{passed}) {{ report {{ {REPORT_FIELDS} }} errors {{ code message field }} }}
}}"""


SUBMIT = _step("submitProgressReport")
APPROVE = _step("approveProgressReport")
REJECT = _step("rejectProgressReport", ", $reason: String!", ", reason: $reason")
VERIFY = _step(
    "verifyProgressReport", ", $value: Decimal!, $note: String!", ", value: $value, note: $note"
)
BENCH = """
query Bench($scheme: String!, $period: String!, $first: Int, $after: String) {
  scoringWorkbench(schemeCode: $scheme, period: $period, first: $first, after: $after) {
    nodes { unitCode indicatorCode method available scorer progress { status verifiedValue }
            score { scorer value status statusLabel reason } }
    pageInfo { hasNextPage endCursor }
  }
}"""
ENTER = """
mutation Enter($scheme: String!, $period: String!, $entries: [ScoreEntryInput!]!,
               $submit: Boolean! = false) {
  enterScores(schemeCode: $scheme, period: $period, entries: $entries, submit: $submit) {
    scores { scorer value status }
    errors { code message field }
  }
}"""
RUN = "id status newest publishedNow systemComputed provisional"
RANKINGS = f"""
query($scheme: String!, $runId: ID) {{
  rankings(schemeCode: $scheme, period: ANNUAL, runId: $runId) {{
    run {{ {RUN} }} units {{ unitCode total }} }}
}}"""
DRILLDOWN = """
query($scheme: String!, $unit: String!, $period: ResultPeriod!) {
  unitResult(schemeCode: $scheme, unitCode: $unit, period: $period) {
    total
    breakdown { indicatorCode indicatorName period available score rawScore status
                sourceScores { scorer value reason actual enteredAt } }
  }
  unitTrend(schemeCode: $scheme, unitCode: $unit) { period run { id status } }
  compareUnits(schemeCode: $scheme, unitCodes: [$unit], period: ANNUAL) { run { id status } }
}"""
QUARTERS = ("Q1", "Q2", "Q3", "Q4")
# Actual values a unit reports: A1 招商引资 % of target, A2 投资完成率 %, C3 能耗降低率 %.
ACTUALS = {"A1": (60, 130), "A2": (60, 105), "C3": (1, 5)}
ACTIONS = {
    "unit_reporter": (("home", 1), ("report", 2)),
    "unit_head": (("home", 1), ("approve", 2)),
    "monitoring_dept": (("home", 1), ("verify", 2)),
    "scoring_leader": (("home", 1), ("score", 2)),
    "leadership": (("home", 1), ("rankings", 1), ("drilldown", 1)),
    "office": (("home", 1), ("rankings", 1), ("drilldown", 1)),
    "supervision": (("home", 1), ("bell", 1)),
    "finance": (("home", 1), ("bonus", 1)),
}


class VirtualUser:
    def __init__(
        self,
        world: World,
        account: Account,
        index: int,
        port: int,
        stats: Stats,
        think: float,
        arrive: float = 0.0,
    ) -> None:
        self.world, self.account, self.stats, self.think = world, account, stats, think
        self.arrive = arrive  # `run` signs in at a random moment of its first `arrive` seconds
        self.rnd = random.Random(index)
        address = f"10.{index // 65536 % 256}.{index // 256 % 256}.{index % 256 + 1}"
        self.browser = Browser("127.0.0.1", port, address)
        self.scheme_id: str | None = None
        self.uploads = 0

    async def run(self, until: float) -> None:
        """Sign in at a random moment of the arrival time, then act until `until`."""
        try:
            await asyncio.sleep(self.rnd.uniform(0, self.arrive))
            if time.monotonic() >= until or not await self.sign_in():
                return
            action = "home"
            while True:
                try:
                    await getattr(self, action)()
                except Exception as exc:  # a bug of this script, counted, never hidden
                    self.stats.failed(f"action {action}", type(exc).__name__, repr(exc))
                pause = self.rnd.uniform(*THINK_S) * self.think
                if time.monotonic() + pause >= until:
                    return
                await asyncio.sleep(pause)
                names, weights = zip(*ACTIONS[self.account.role], strict=True)
                action = self.rnd.choices(names, weights)[0]
        finally:
            await self.browser.close()

    async def call(
        self, op: str, query: str, variables: dict[str, Any], payload: str | None = None
    ) -> dict[str, Any] | None:
        """One GraphQL request, tallied; the data (None when refused or failed)."""
        start = time.perf_counter()
        try:
            answer = await self.browser.gql(query, variables)
        except Exception as exc:
            self.stats.failed(op, type(exc).__name__ or "exception", repr(exc))
            return None
        seconds = time.perf_counter() - start
        body = _json(answer)
        if answer.status != 200 or body is None or body.get("errors"):
            code = _code(body) or "-"
            self.stats.failed(
                op,
                f"HTTP {answer.status} {code}",
                answer.body[:300].decode("utf-8", "replace"),
                seconds,
            )
            return None
        data: dict[str, Any] = body["data"]
        errors = data[payload].get("errors") if payload else None
        if errors:
            self.stats.answered(op, seconds, errors[0].get("code") or "?")
            return None
        self.stats.answered(op, seconds)
        return data

    async def sign_in(self) -> bool:
        try:  # the page load hands out the CSRF cookie (not timed: the portal's index)
            await self.browser.request("GET", "/healthz")
        except Exception as exc:
            self.stats.failed("GET /healthz", type(exc).__name__, repr(exc))
            return False
        variables = {
            "tenant": self.world.tenant,
            "username": self.account.username,
            "password": self.world.password,
        }
        start = time.perf_counter()
        data = await self.call("signIn", SIGN_IN, variables)
        viewer = (data or {}).get("signIn", {}).get("viewer") or {}
        if data is not None and not (viewer.get("authenticated") and viewer.get("permissions")):
            seconds = time.perf_counter() - start
            self.stats.failed("signIn", "not signed in", str(data["signIn"]), seconds)
            return False
        return data is not None

    # everyone -------------------------------------------------------------------------------

    async def home(self) -> None:
        role, scheme = self.account.role, self.world.scheme
        await self.call("Viewer", VIEWER, {})
        if role != "finance":  # finance's home is the general page: no schemes
            data = await self.call("SchemesHome", SCHEMES, {})
            for choice in (data or {}).get("appraisalSchemes", []):
                if choice["code"] == scheme:
                    self.scheme_id = choice["schemeId"]
        if role in ("unit_reporter", "unit_head", "monitoring_dept"):
            statuses = {"unit_head": ["SUBMITTED", "APPROVED"], "monitoring_dept": ["REPORTED"]}
            await self.unit_work("Q4", statuses.get(role))
        if role in ("monitoring_dept", "scoring_leader"):
            await self.call("ScoringHome", SCORING_HOME, {"schemeCode": scheme, "period": "Q4"})
        if role == "leadership":
            await self.call("LeadershipHome", LEADERSHIP_HOME, {"schemeCode": scheme})
        if role in ("leadership", "office"):
            await self.call("RunsHome", RUNS_HOME, {"schemeCode": scheme})
        if role in ("office", "supervision"):
            variables = {"schemeCode": scheme, "period": "Q4"}
            await self.call("MonitoringHome", MONITORING_HOME, variables)
        await self.bell()

    async def bell(self) -> None:
        await self.call("MyNotifications", BELL, {"first": 8, "unreadOnly": False})

    async def unit_work(
        self, period: str | None, statuses: list[str] | None
    ) -> dict[str, Any] | None:
        variables = {"schemeId": self.scheme_id, "period": period, "statuses": statuses}
        return await self.call("UnitWorkHome", UNIT_WORK, variables)

    # unit reporters -------------------------------------------------------------------------

    async def report(self) -> None:
        period = self.rnd.choice(QUARTERS)
        data = await self.unit_work(period, None)
        if data is None:
            return
        latest: dict[str, dict[str, Any]] = {}
        for report in data["progressReports"]["nodes"]:
            known = latest.get(report["assignmentId"])
            if known is None or report["version"] > known["version"]:
                latest[report["assignmentId"]] = report
        open_ = [
            task
            for task in data["assignments"]["nodes"]
            if period in self.world.leaf_periods.get(task["indicatorCode"], ())
            and latest.get(task["id"], {}).get("status", "DRAFT") in ("DRAFT", "RETURNED")
        ]
        if not open_:
            self.stats.idle["reporter: nothing left to report in the quarter"] += 1
            return
        task = self.rnd.choice(open_)
        low, high = ACTUALS[task["indicatorCode"]]
        draft = {
            "assignmentId": task["id"],
            "period": period,
            "narrative": f"{period} 已按计划推进，详见佐证材料。",
            "completion": str(self.rnd.randint(50, 100)),
            "actual": str(Decimal(self.rnd.randint(low * 10, high * 10)) / 10),
        }
        saved = await self.call("saveProgressReport", SAVE, {"input": draft}, "saveProgressReport")
        if saved is None:
            return
        report_id = saved["saveProgressReport"]["report"]["id"]
        if await self.upload(report_id):
            await self.call(
                "submitProgressReport", SUBMIT, {"id": report_id}, "submitProgressReport"
            )

    async def upload(self, report_id: str) -> bool:
        self.uploads += 1
        name = f"{self.account.username}-{self.uploads}.pdf"
        path = f"/files/reports/{quote(report_id, safe='')}?name={name}"
        op, start = "upload evidence", time.perf_counter()
        try:
            answer = await self.browser.request(
                "POST", path, EVIDENCE, {"Content-Type": "application/pdf"}, csrf=True
            )
        except Exception as exc:
            self.stats.failed(op, type(exc).__name__, repr(exc))
            return False
        seconds = time.perf_counter() - start
        if answer.status == 201:
            self.stats.answered(op, seconds)
            return True
        code = _code(_json(answer))
        if 400 <= answer.status < 500 and code == "CONFLICT":
            self.stats.answered(op, seconds, code)
        else:
            self.stats.failed(
                op,
                f"HTTP {answer.status} {code}",
                answer.body[:300].decode("utf-8", "replace"),
                seconds,
            )
        return False

    # unit heads and monitoring departments ----------------------------------------------------

    async def approve(self) -> None:
        report = await self.queued("SUBMITTED", "head: nothing submitted to approve")
        if report is not None:
            await self.call(
                "approveProgressReport", APPROVE, {"id": report["id"]}, "approveProgressReport"
            )

    async def verify(self) -> None:
        report = await self.queued("REPORTED", "monitoring: nothing reported to verify")
        if report is None:
            return
        if self.rnd.random() < 0.5:
            value = report["actual"] or "80"
            variables = {"id": report["id"], "value": value, "note": "与统计数据核对一致"}
            await self.call("verifyProgressReport", VERIFY, variables, "verifyProgressReport")
        else:
            variables = {"id": report["id"], "reason": "佐证材料不完整，请补充后重新提交"}
            await self.call("rejectProgressReport", REJECT, variables, "rejectProgressReport")

    async def queued(self, status: str, idle: str) -> dict[str, Any] | None:
        """A report of the queue this user acts on (a department: of the leaves it monitors)."""
        data = await self.unit_work(None, [status])
        reports = (data or {}).get("progressReports", {}).get("nodes", [])
        if self.account.role == "monitoring_dept" and data is not None:
            leaves = {t["id"]: t["indicatorCode"] for t in data["assignments"]["nodes"]}
            scorers = self.world.leaf_scorers
            mine = {leaf for leaf, codes in scorers.items() if self.account.unit in codes}
            reports = [r for r in reports if leaves.get(r["assignmentId"]) in mine]
        if data is not None and not reports:
            self.stats.idle[idle] += 1
        return self.rnd.choice(reports) if reports else None

    # scoring leaders ----------------------------------------------------------------------------

    async def score(self) -> None:
        period = self.rnd.choice(QUARTERS)
        variables = {"scheme": self.world.scheme, "period": period, "first": 100}
        data = await self.call("Bench", BENCH, variables)
        if data is None:
            return
        cells = [
            cell
            for cell in data["scoringWorkbench"]["nodes"]
            if cell["scorer"] == self.account.username
            and cell["available"] not in (None, "0")
            and (cell["score"] or {}).get("status") != "RECORDED"
        ]
        if not cells:
            self.stats.idle["scoring leader: nothing to score in the quarter"] += 1
            return
        unit = self.rnd.choice(cells)["unitCode"]
        entries = []
        for cell in cells:
            if cell["unitCode"] == unit:
                share = Decimal(self.rnd.randint(70, 100)) / 100
                value = (Decimal(cell["available"]) * share).quantize(Decimal("0.01"))
                reason = "" if share == 1 else "部分目标未完成"
                entries.append(
                    {"unitCode": unit, "indicatorCode": cell["indicatorCode"], "value": str(value),
                     "reason": reason}
                )  # fmt: skip
        variables = {"scheme": self.world.scheme, "period": period, "entries": entries}
        await self.call("enterScores", ENTER, variables, "enterScores")

    # leadership, office, finance --------------------------------------------------------------

    async def rankings(self) -> None:
        await self.call("rankings", RANKINGS, {"scheme": self.world.scheme, "runId": None})

    async def drilldown(self) -> None:
        unit = self.rnd.choice(self.world.units)
        period = self.rnd.choice(("ANNUAL", "ANNUAL", *QUARTERS))
        variables = {"scheme": self.world.scheme, "unit": unit, "period": period}
        await self.call("unitResult drill-down", DRILLDOWN, variables)

    async def bonus(self) -> None:
        await self.call("BonusTable", BONUS, {"schemeCode": self.world.scheme})


def _json(answer: Answer) -> dict[str, Any] | None:
    try:
        body = answer.json()
    except ValueError:
        return None
    return body if isinstance(body, dict) else None


def _code(body: dict[str, Any] | None) -> str | None:
    errors = (body or {}).get("errors") or []
    first = errors[0] if errors and isinstance(errors[0], dict) else {}
    code = (first.get("extensions") or {}).get("code")
    return str(code) if code else None
