import { graphqlRequest } from './client'
import { operations } from './document'
import type {
  HomeAssignmentFieldsFragment,
  HomeReportFieldsFragment,
  LeadershipHomeQuery,
  MonitoringHomeQuery,
  OperatorHomeQuery,
  ReportApproval,
  ReportApprovalModeQuery,
  ReportStatus,
  RunsHomeQuery,
  SchemesHomeQuery,
  ScoringHomeQuery,
  UnitWorkHomeQuery,
  UnitWorkHomeQueryVariables,
} from './generated'
import document from './home.graphql?raw'

export type HomeAssignment = HomeAssignmentFieldsFragment
export type HomeReport = HomeReportFieldsFragment
export type UnitWork = UnitWorkHomeQuery
export type WorkbenchCell = ScoringHomeQuery['scoringWorkbench']['nodes'][number]
export type HomeScheme = SchemesHomeQuery['appraisalSchemes'][number]
export type HomeRun = RunsHomeQuery['resultRuns']['nodes'][number]
export type HomeTenant = OperatorHomeQuery['tenants']['nodes'][number]
export type Monitoring = MonitoringHomeQuery
export type HomeRankings = NonNullable<LeadershipHomeQuery['rankings']>
export type MonitoringRow = MonitoringHomeQuery['supervisionBoard']['nodes'][number]
export type MonitoringSummary = MonitoringHomeQuery['supervisionSummary']
export type { ReportApproval, ReportStatus }

const operation = operations(document)

/** Assignments the viewer may see with the period's reports (of these statuses, when given). */
export function fetchUnitWork(variables: UnitWorkHomeQueryVariables): Promise<UnitWork> {
  return graphqlRequest<UnitWorkHomeQuery, UnitWorkHomeQueryVariables>(operation('UnitWorkHome'), variables)
}

/** How a head's 审核通过 works in the viewer's tenant (null outside one): ONE_STEP sends it up. */
export async function fetchReportApproval(): Promise<ReportApproval | null> {
  return (await graphqlRequest<ReportApprovalModeQuery>(operation('ReportApprovalMode'))).viewer.reportApproval ?? null
}

/** The cells (unit × indicator) the viewer scores in a period. */
export async function fetchScoringCells(schemeCode: string, period: string): Promise<ScoringHomeQuery['scoringWorkbench']> {
  const data = await graphqlRequest<ScoringHomeQuery, { schemeCode: string; period: string }>(operation('ScoringHome'), {
    schemeCode,
    period,
  })
  return data.scoringWorkbench
}

/** The schemes the viewer may pick from, newest year first. */
export async function fetchHomeSchemes(): Promise<HomeScheme[]> {
  return (await graphqlRequest<SchemesHomeQuery>(operation('SchemesHome'))).appraisalSchemes
}

export async function fetchHomeRuns(schemeCode: string): Promise<HomeRun[]> {
  const data = await graphqlRequest<RunsHomeQuery, { schemeCode: string }>(operation('RunsHome'), { schemeCode })
  return data.resultRuns.nodes
}

export async function fetchHomeTenants(): Promise<OperatorHomeQuery['tenants']> {
  return (await graphqlRequest<OperatorHomeQuery>(operation('OperatorHome'))).tenants
}

/** The monitoring matrix of a period: its counts and every assignment's light and stages. */
export function fetchMonitoring(schemeCode: string, period: string): Promise<Monitoring> {
  return graphqlRequest<MonitoringHomeQuery, { schemeCode: string; period: string }>(operation('MonitoringHome'), {
    schemeCode,
    period,
  })
}

/** The newest annual ranking of a scheme (null when none was computed yet). */
export async function fetchHomeRankings(schemeCode: string): Promise<HomeRankings | null> {
  const data = await graphqlRequest<LeadershipHomeQuery, { schemeCode: string }>(operation('LeadershipHome'), { schemeCode })
  return data.rankings ?? null
}
