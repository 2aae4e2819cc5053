/**
 * Words and small computations for results pages: flags as tags, grade changes, periods,
 * run statuses and the drill-down by indicator. Pure: the caller passes the translator.
 */
import { sumDecimals } from './decimal'

/** vue-i18n's `t` and `te`, or a test double. */
export interface Translator {
  t: (key: string, named?: Record<string, unknown>) => string
  te: (key: string) => boolean
}

/** The flags of an annual result (DOMAIN.md §4.2, §4.6), in the engine's order. */
export const FLAGS = [
  'binding_failed',
  'key_project_bottom',
  'no_award',
  'head_not_eligible',
  'public_explanation',
  'no_bonus',
  'accountability',
  'admonishment',
  'organizational_handling',
] as const
export type Flag = (typeof FLAGS)[number]

export type TagType = 'primary' | 'success' | 'info' | 'warning' | 'danger'

/** How serious a flag is, as the colour of its tag. */
const FLAG_TAGS: Record<Flag, TagType> = {
  binding_failed: 'danger',
  key_project_bottom: 'warning',
  no_award: 'warning',
  head_not_eligible: 'warning',
  public_explanation: 'info',
  no_bonus: 'danger',
  accountability: 'danger',
  admonishment: 'warning',
  organizational_handling: 'danger',
}

export function isFlag(value: string): value is Flag {
  return (FLAGS as readonly string[]).includes(value)
}

/** A flag in words: ours, else the server's label, else the code itself. */
export function flagLabel(flag: string, { t, te }: Translator, serverLabel?: string | null): string {
  const key = `flags.${flag}`
  if (te(key)) return t(key)
  return serverLabel || flag
}

export function flagTagType(flag: string): TagType {
  return isFlag(flag) ? FLAG_TAGS[flag] : 'info'
}

/** The flags of a result with their words and colours (server labels by position as fallback). */
export function flagTags(
  flags: readonly string[],
  translator: Translator,
  serverLabels: readonly string[] = [],
): { flag: string; label: string; type: TagType }[] {
  return flags.map((flag, index) => ({
    flag,
    label: flagLabel(flag, translator, serverLabels[index]),
    type: flagTagType(flag),
  }))
}

export interface GradeChange {
  /** `none`: no grade (quarterly results); `same`: kept; `changed`: a penalty moved it. */
  kind: 'none' | 'same' | 'changed'
  base: string | null
  grade: string | null
}

/** The base grade (by rank or band) and the grade after penalties. */
export function gradeChange(base: string | null | undefined, grade: string | null | undefined): GradeChange {
  const from = base ?? null
  const to = grade ?? null
  if (from === null && to === null) return { kind: 'none', base: null, grade: null }
  return { kind: from === to ? 'same' : 'changed', base: from, grade: to }
}

/** "二等奖 → 无", "一等奖", or the words for no grade. */
export function gradeText(change: GradeChange, { t }: Translator): string {
  const name = (grade: string | null) => grade ?? t('results.noGrade')
  if (change.kind === 'none') return t('results.noGrade')
  if (change.kind === 'same') return name(change.grade)
  return `${name(change.base)} → ${name(change.grade)}`
}

export const PERIOD_ORDER = ['Q1', 'Q2', 'Q3', 'Q4', 'ANNUAL'] as const

/** "Q1" or "ANNUAL" (the enum), or "annual" (the engine's text) in words. */
export function periodLabel(period: string, { t, te }: Translator): string {
  const key = `periods.${period.toUpperCase()}`
  return te(key) ? t(key) : period
}

export function runStatusTagType(status: string): TagType {
  switch (status) {
    case 'PUBLISHED':
      return 'success'
    case 'APPROVED':
      return 'primary'
    case 'REVIEWED':
    case 'PUBLICITY':
      return 'warning'
    case 'SUPERSEDED':
      return 'info'
    default:
      return 'info'
  }
}

/** The standing of a run as the results pages mark it. */
export interface RunStanding {
  status: string
  newest: boolean
  publishedNow: boolean
}

/** Not (yet) published: a draft, reviewed or approved run; only those who manage results see one. */
export function isDraftRun(run: RunStanding): boolean {
  return !['PUBLICITY', 'PUBLISHED', 'SUPERSEDED'].includes(run.status)
}

/** History (历史结果): neither the newest computation nor the run published or in 公示 now. */
export function isHistoryRun(run: RunStanding): boolean {
  return !run.newest && !run.publishedNow && run.status !== 'PUBLICITY'
}

/** A draft a newer computation replaced (every entry recomputes): folded away in the runs list. */
export function isSupersededDraft(run: RunStanding): boolean {
  return run.status === 'DRAFT' && !run.newest
}

export function lineStatusTagType(status: string): TagType {
  return status === 'scored' ? 'success' : status === 'missing' ? 'warning' : 'danger'
}

/** One drill-down line (an indicator in a period), as the API gives it. */
export interface BreakdownLine {
  indicatorCode: string
  indicatorName: string
  period: string
  available: string
  score: string
  status: string
}

/** An indicator of a unit with its periods, summed exactly. */
export interface IndicatorSummary<L extends BreakdownLine> {
  indicatorCode: string
  indicatorName: string
  available: string
  score: string
  /** The worst status of its periods: binding_failed, then missing, then scored. */
  status: string
  lines: L[]
}

const STATUS_RANK: Record<string, number> = { scored: 0, missing: 1, binding_failed: 2 }

/** Lines grouped by indicator (first-seen order), periods in order Q1..Q4. */
export function groupByIndicator<L extends BreakdownLine>(lines: readonly L[]): IndicatorSummary<L>[] {
  const groups = new Map<string, L[]>()
  for (const line of lines) {
    const group = groups.get(line.indicatorCode)
    if (group) group.push(line)
    else groups.set(line.indicatorCode, [line])
  }
  return [...groups.values()].map((group) => {
    const sorted = [...group].sort(
      (a, b) => PERIOD_ORDER.indexOf(a.period as never) - PERIOD_ORDER.indexOf(b.period as never),
    )
    const status = sorted.reduce(
      (worst, line) => ((STATUS_RANK[line.status] ?? 3) > (STATUS_RANK[worst] ?? 3) ? line.status : worst),
      'scored',
    )
    const first = sorted[0]!
    return {
      indicatorCode: first.indicatorCode,
      indicatorName: first.indicatorName,
      available: sumDecimals(sorted.map((line) => line.available)) ?? '',
      score: sumDecimals(sorted.map((line) => line.score)) ?? '',
      status,
      lines: sorted,
    }
  })
}
