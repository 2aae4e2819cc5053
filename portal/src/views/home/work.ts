import type { Router } from 'vue-router'
import { fetchHomeSchemes, fetchUnitWork, type HomeAssignment, type HomeReport, type ReportApproval, type ReportStatus } from '@/api/home'
import { currentPeriod, currentScheme, deadlineState, type DeadlineState, latestReports, type SchemeChoice, type WorkStatus } from './period'

/** One assignment with this period's report (if any) and where its deadline stands. */
export interface WorkRow {
  assignment: HomeAssignment
  report: HomeReport | null
  status: WorkStatus
  deadline: DeadlineState
}

/** The work of the current period: the scheme and period chosen, and each assignment's row. */
export interface PeriodWork {
  scheme: SchemeChoice | null
  period: string
  rows: WorkRow[]
  /** How a head's approval works in the tenant (ONE_STEP: 审核通过 sends the report up). */
  approval: ReportApproval | null
  /** More than one page came back: the home shows the first only. */
  truncated: boolean
}

/** Join assignments to their newest report of the period. */
export function workRows(assignments: readonly HomeAssignment[], reports: readonly HomeReport[], today: Date): WorkRow[] {
  const latest = latestReports(reports)
  return assignments.map((assignment) => {
    const report = latest.get(assignment.id) ?? null
    return {
      assignment,
      report,
      status: report?.status ?? 'NONE',
      deadline: deadlineState(assignment.deadline, today),
    }
  })
}

const DEADLINE_ORDER: Record<DeadlineState['kind'], number> = { overdue: 0, today: 1, soon: 2, later: 3, none: 4 }

/** Most urgent first: late, due today, due soon, later, no deadline; then by indicator code. */
export function byUrgency(a: WorkRow, b: WorkRow): number {
  const kind = DEADLINE_ORDER[a.deadline.kind] - DEADLINE_ORDER[b.deadline.kind]
  if (kind !== 0) return kind
  const days = ('days' in a.deadline ? a.deadline.days : 0) - ('days' in b.deadline ? b.deadline.days : 0)
  if (days !== 0) return a.deadline.kind === 'overdue' ? -days : days
  return a.assignment.indicatorCode.localeCompare(b.assignment.indicatorCode)
}

/**
 * The current scheme and period, then the viewer's assignments with that period's reports (of
 * `statuses` only when given: what waits for the viewer).
 */
export async function loadPeriodWork(today: Date, statuses: readonly ReportStatus[] | null = null): Promise<PeriodWork> {
  const scheme = currentScheme(await fetchHomeSchemes(), today)
  const period = currentPeriod(scheme, today)
  const work = await fetchUnitWork({ schemeId: scheme?.schemeId ?? null, period, statuses: statuses ? [...statuses] : null })
  return {
    scheme,
    period,
    approval: work.viewer.reportApproval ?? null,
    rows: workRows(work.assignments.nodes, work.progressReports.nodes, today),
    truncated: work.assignments.pageInfo.hasNextPage || work.progressReports.pageInfo.hasNextPage,
  }
}

/** A page of the portal when it exists (pages of other features may not be there yet). */
export function routeIfKnown(router: Router, name: string, query?: Record<string, string>) {
  return router.hasRoute(name) ? { name, ...(query ? { query } : {}) } : null
}
