/** Progress reports as the pages show them: the current version, status colours, deadlines. */
import type { Assignment, ProgressReport, Quarter, ReportStatus } from '@/api/cycle'
import { compareDecimals, sumDecimals } from '@/utils/decimal'

type TagType = 'primary' | 'success' | 'warning' | 'info' | 'danger'

/** 草稿 grey, 已提交 blue, 领导已审 / 已上报 orange (waiting upstream), 已核实 green, 已退回 red. */
export const STATUS_TAGS: Record<ReportStatus, TagType> = {
  DRAFT: 'info',
  SUBMITTED: 'primary',
  APPROVED: 'warning',
  REPORTED: 'warning',
  VERIFIED: 'success',
  RETURNED: 'danger',
}

/** The reports of one assignment and period, oldest version first. */
export function versionsOf(reports: readonly ProgressReport[], assignmentId: string, period: string): ProgressReport[] {
  return reports
    .filter((report) => report.assignmentId === assignmentId && report.period === period)
    .sort((a, b) => a.version - b.version)
}

/** The newest version of each (assignment, period). */
export function currentReports(reports: readonly ProgressReport[]): Map<string, ProgressReport> {
  const current = new Map<string, ProgressReport>()
  for (const report of reports) {
    const key = `${report.assignmentId}|${report.period}`
    const found = current.get(key)
    if (!found || found.version < report.version) current.set(key, report)
  }
  return current
}

/** Whether the reporter can still change the period's report (none yet, a draft, or returned). */
export function writable(report: ProgressReport | undefined): boolean {
  return !report || report.status === 'DRAFT' || report.status === 'RETURNED'
}

/** The quarter a date falls in (the default period of the reporting page). */
export function quarterOf(date: Date): Quarter {
  return `Q${Math.floor(date.getMonth() / 3) + 1}` as Quarter
}

/** A deadline as the list shows it: overdue (red), within 7 days (orange), or later. */
export type DeadlineState = 'overdue' | 'soon' | 'later' | 'none'

export function deadlineState(deadline: string | null | undefined, today: Date, done: boolean): DeadlineState {
  if (!deadline) return 'none'
  if (done) return 'later'
  const end = new Date(`${deadline}T23:59:59`)
  const days = (end.getTime() - today.getTime()) / 86_400_000
  if (days < 0) return 'overdue'
  return days <= 7 ? 'soon' : 'later'
}

/** The milestone of an assignment for a period, if it has one. */
export function milestoneOf(assignment: Assignment, period: string): Assignment['milestones'][number] | undefined {
  return assignment.milestones.find((milestone) => milestone.period === period)
}

/** The gap between the verified and the reported value (verified − reported), exact, or null. */
export function gapOf(report: ProgressReport): string | null {
  if (report.verifiedValue === null || report.verifiedValue === undefined) return null
  const actual = (report.actual ?? '0').trim()
  const negated = actual.startsWith('-') ? actual.slice(1) : `-${actual}`
  return sumDecimals([report.verifiedValue, negated])
}

/** A report to review with its task (when the viewer sees it) and all its versions. */
export interface ReviewRow {
  report: ProgressReport
  assignment: Assignment | undefined
  versions: ProgressReport[]
}

/** The current version of each report, with its task and versions, newest change first. */
export function reviewRows(reports: readonly ProgressReport[], assignments: readonly Assignment[]): ReviewRow[] {
  const tasks = byId(assignments)
  return [...currentReports(reports).values()]
    .map((report) => ({
      report,
      assignment: tasks.get(report.assignmentId),
      versions: versionsOf(reports, report.assignmentId, report.period),
    }))
    .sort((a, b) => b.report.updatedAt.localeCompare(a.report.updatedAt))
}

/** Assignments by id, for reports that carry only ids. */
export function byId(assignments: readonly Assignment[]): Map<string, Assignment> {
  return new Map(assignments.map((assignment) => [assignment.id, assignment]))
}

/** Whether a completion percentage (text) is a number from 0 to 100. */
export function validPercent(text: string): boolean {
  const value = text.trim()
  if (value === '') return true
  return (compareDecimals(value, '0') ?? -1) >= 0 && (compareDecimals(value, '100') ?? 1) <= 0
}

/** Human size of a file: 512 B, 12.3 KB, 4.5 MB. */
export function fileSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`
}
