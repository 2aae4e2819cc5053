import type { PermissionCode } from '@/permissions/codes'
import { graphqlRequest } from './client'
import { operations } from './document'
import fragments from './fragments.graphql?raw'
import type {
  ApproveResultsMutation,
  BonusTableExcelQuery,
  BonusTableQuery,
  CompareUnitsQuery,
  CompareUnitsQueryVariables,
  ComputeResultsMutation,
  PublishResultsMutation,
  RankingsQuery,
  RankingsQueryVariables,
  ResultPeriod,
  ResultRunFieldsFragment,
  ResultRunsQuery,
  ResultRunsQueryVariables,
  ResultRunStatus,
  ReviewResultsMutation,
  UnitResultFieldsFragment,
  UnitResultQuery,
  UnitResultQueryVariables,
  UnitAdjustmentsQuery,
  UnitAdjustmentsQueryVariables,
  UnitTrendQuery,
} from './generated'
import document from './results.graphql?raw'

export type { ResultPeriod, ResultRunStatus }
export type ResultRun = ResultRunFieldsFragment
export type UnitResult = UnitResultFieldsFragment
export type Rankings = NonNullable<RankingsQuery['rankings']>
export type RankingGroup = Rankings['groups'][number]
export type UnitResultDetail = NonNullable<UnitResultQuery['unitResult']>
export type IndicatorLine = UnitResultDetail['breakdown'][number]
export type SourceScore = IndicatorLine['sourceScores'][number]
export type TrendPoint = UnitTrendQuery['unitTrend'][number]
export type UnitAdjustment = UnitAdjustmentsQuery['adjustments']['nodes'][number]
export type Comparison = NonNullable<CompareUnitsQuery['compareUnits']>
export type BonusTable = BonusTableQuery['bonusTable']
export type BonusRow = BonusTable['rows'][number]
export type ResultRunsPage = ResultRunsQuery['resultRuns']
export type RunPayload = { run?: ResultRun | null; errors: { code: string; message: string; field?: string | null }[] }

/** The periods of a year's results, the year first. */
export const PERIODS: readonly ResultPeriod[] = ['ANNUAL', 'Q1', 'Q2', 'Q3', 'Q4']
/** How many units can be compared side by side. */
export const COMPARE_MIN = 2
export const COMPARE_MAX = 5
/** The server's largest page of adjustments. */
const ADJUSTMENT_PAGE = 100

const operation = operations(`${document}\n${fragments}`)

function request<TData, TVariables extends Record<string, unknown>>(name: string, variables: TVariables) {
  return graphqlRequest<TData, TVariables>(operation(name), variables)
}

/** The newest run's units (a unit user: its own, published only), by group and overall; null: no run. */
export async function fetchRankings(variables: RankingsQueryVariables): Promise<Rankings | null> {
  return (await request<RankingsQuery, RankingsQueryVariables>('Rankings', variables)).rankings ?? null
}

/** One unit's figures with the drill-down to each indicator and its source scores. */
export async function fetchUnitResult(variables: UnitResultQueryVariables): Promise<UnitResultDetail | null> {
  return (await request<UnitResultQuery, UnitResultQueryVariables>('UnitResult', variables)).unitResult ?? null
}

/** A unit across Q1..Q4 and the year (the periods that have a run the viewer may see). */
export async function fetchUnitTrend(schemeCode: string, unitCode: string): Promise<TrendPoint[]> {
  const data = await request<UnitTrendQuery, { schemeCode: string; unitCode: string }>('UnitTrend', {
    schemeCode,
    unitCode,
  })
  return data.unitTrend
}

/** A unit's bonuses and deductions (加减分) in the scheme, in entry order (all pages). */
export async function fetchUnitAdjustments(schemeCode: string, unitCode: string): Promise<UnitAdjustment[]> {
  const found: UnitAdjustment[] = []
  let after: string | null | undefined = null
  do {
    const page: UnitAdjustmentsQuery['adjustments'] = (
      await request<UnitAdjustmentsQuery, UnitAdjustmentsQueryVariables>('UnitAdjustments', {
        schemeCode,
        unitCode,
        first: ADJUSTMENT_PAGE,
        after,
      })
    ).adjustments
    found.push(...page.nodes)
    after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null
  } while (after)
  return found
}

export async function fetchComparison(variables: CompareUnitsQueryVariables): Promise<Comparison | null> {
  return (await request<CompareUnitsQuery, CompareUnitsQueryVariables>('CompareUnits', variables)).compareUnits ?? null
}

/** A scheme's runs, oldest first. */
export async function fetchResultRuns(variables: ResultRunsQueryVariables): Promise<ResultRunsPage> {
  return (await request<ResultRunsQuery, ResultRunsQueryVariables>('ResultRuns', variables)).resultRuns
}

export async function fetchBonusTable(schemeCode: string): Promise<BonusTable> {
  return (await request<BonusTableQuery, { schemeCode: string }>('BonusTable', { schemeCode })).bonusTable
}

/** The bonus table as an .xlsx file, base64-encoded. */
export async function fetchBonusTableExcel(schemeCode: string): Promise<string> {
  return (await request<BonusTableExcelQuery, { schemeCode: string }>('BonusTableExcel', { schemeCode }))
    .bonusTableExcel
}

export async function computeResults(
  schemeCode: string,
  period: ResultPeriod,
): Promise<ComputeResultsMutation['computeResults']> {
  const data = await request<ComputeResultsMutation, { schemeCode: string; period: ResultPeriod }>('ComputeResults', {
    schemeCode,
    period,
  })
  return data.computeResults
}

/** The steps of a run after its computation: review (考评办), approve (领导小组), publish (考评办). */
export const RUN_STEPS = {
  review: { operation: 'ReviewResults', field: 'reviewResults', from: 'DRAFT', permission: 'result:compute' },
  approve: { operation: 'ApproveResults', field: 'approveResults', from: 'REVIEWED', permission: 'result:approve' },
  publish: { operation: 'PublishResults', field: 'publishResults', from: 'APPROVED', permission: 'result:publish' },
} as const satisfies Record<string, { operation: string; field: string; from: ResultRunStatus; permission: PermissionCode }>
export type RunStep = keyof typeof RUN_STEPS

type StepData = ReviewResultsMutation & ApproveResultsMutation & PublishResultsMutation

export async function runStep(step: RunStep, runId: string): Promise<RunPayload> {
  const { operation: name, field } = RUN_STEPS[step]
  const data = await request<Partial<StepData>, { runId: string }>(name, { runId })
  const payload = data[field]
  if (!payload) throw new Error(`no ${field} in the answer`)
  return payload
}
