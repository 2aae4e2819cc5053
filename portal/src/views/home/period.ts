import type { HomeReport } from '@/api/home'

/** A scheme as the home pages need it. */
export interface SchemeChoice {
  code: string
  name: string
  year: number
  periods: readonly string[]
  status: string
}

const QUARTERS = ['Q1', 'Q2', 'Q3', 'Q4'] as const

/** The calendar quarter of a day: Q1 for January to March, and so on. */
export function quarterOf(day: Date): string {
  return QUARTERS[Math.floor(day.getMonth() / 3)] ?? 'Q4'
}

/** The scheme to work on: this year's published one, else this year's, else the newest. */
export function currentScheme<T extends SchemeChoice>(schemes: readonly T[], today: Date): T | null {
  const year = today.getFullYear()
  const sorted = [...schemes].sort((a, b) => b.year - a.year || a.code.localeCompare(b.code))
  return (
    sorted.find((s) => s.year === year && s.status === 'PUBLISHED') ??
    sorted.find((s) => s.year === year) ??
    sorted.find((s) => s.status === 'PUBLISHED' && s.year < year) ??
    sorted[0] ??
    null
  )
}

/**
 * The period to work on in a scheme: this quarter in this year's scheme (or the last of its
 * periods already begun), the last period of a past year's scheme, the first of a future one.
 */
export function currentPeriod(scheme: SchemeChoice | null, today: Date): string {
  const periods = scheme?.periods.length ? scheme.periods : QUARTERS
  const year = today.getFullYear()
  if (!scheme || scheme.year === year) {
    const quarter = quarterOf(today)
    const begun = periods.filter((period) => period <= quarter)
    return begun[begun.length - 1] ?? periods[0] ?? quarter
  }
  return scheme.year < year ? (periods[periods.length - 1] ?? 'Q4') : (periods[0] ?? 'Q1')
}

/** How a deadline stands: passed (days late), today, soon (within a week), later, or none. */
export type DeadlineState =
  | { kind: 'none' }
  | { kind: 'overdue'; days: number }
  | { kind: 'today' }
  | { kind: 'soon'; days: number }
  | { kind: 'later'; days: number }

const DAY = 24 * 60 * 60 * 1000

/** A deadline (`YYYY-MM-DD`) against today, by calendar days in the viewer's time zone. */
export function deadlineState(deadline: string | null | undefined, today: Date): DeadlineState {
  if (!deadline) return { kind: 'none' }
  const [y, m, d] = deadline.split('-').map(Number)
  if (!y || !m || !d) return { kind: 'none' }
  const due = Date.UTC(y, m - 1, d)
  const now = Date.UTC(today.getFullYear(), today.getMonth(), today.getDate())
  const days = Math.round((due - now) / DAY)
  if (days < 0) return { kind: 'overdue', days: -days }
  if (days === 0) return { kind: 'today' }
  return days <= 7 ? { kind: 'soon', days } : { kind: 'later', days }
}

/** The element-plus tag type of a deadline state: red late, orange near, grey else. */
export function deadlineType(state: DeadlineState): 'danger' | 'warning' | 'info' | 'success' {
  if (state.kind === 'overdue') return 'danger'
  if (state.kind === 'today' || state.kind === 'soon') return 'warning'
  return 'info'
}

/** Report status as the home shows it; `NONE` when nothing was reported for the period. */
export type WorkStatus = HomeReport['status'] | 'NONE'

/** The element-plus tag type of each report status. */
export const STATUS_TYPE: Record<WorkStatus, 'info' | 'primary' | 'success' | 'warning' | 'danger'> = {
  NONE: 'danger',
  DRAFT: 'info',
  SUBMITTED: 'primary',
  APPROVED: 'primary',
  REPORTED: 'warning',
  VERIFIED: 'success',
  RETURNED: 'danger',
}

/** The newest version of each assignment's report (reports come in creation order). */
export function latestReports(reports: readonly HomeReport[]): Map<string, HomeReport> {
  const latest = new Map<string, HomeReport>()
  for (const report of reports) {
    const known = latest.get(report.assignmentId)
    if (!known || report.version >= known.version) latest.set(report.assignmentId, report)
  }
  return latest
}

/** Whether the unit still has to act on an assignment this period. */
export function needsReport(status: WorkStatus): boolean {
  return status === 'NONE' || status === 'DRAFT' || status === 'RETURNED'
}
