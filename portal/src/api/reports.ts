/** PDF reports of a run: the operations of `reports.graphql`. */
import { graphqlRequest } from './client'
import { operations } from './document'
import fragments from './fragments.graphql?raw'
import type {
  GeneratedReportFieldsFragment,
  GeneratedReportKind,
  RequestReportMutation,
  RequestReportMutationVariables,
  RunReportsQuery,
  RunReportsQueryVariables,
} from './generated'
import document from './reports.graphql?raw'

export type { GeneratedReportKind }
export type GeneratedReport = GeneratedReportFieldsFragment
export type ReportPayload = RequestReportMutation['requestReport']

const operation = operations(`${document}\n${fragments}`)

/** A report is still being made while it is queued or running. */
export function reportPending(report: GeneratedReport): boolean {
  return report.status === 'QUEUED' || report.status === 'RUNNING'
}

/** The run's reports the viewer may have, newest first. */
export async function fetchRunReports(runId: string): Promise<GeneratedReport[]> {
  const data = await graphqlRequest<RunReportsQuery, RunReportsQueryVariables>(operation('RunReports'), { runId })
  return data.runReports
}

/** Ask for a report of a run (a unit's card when `unitCode` is given). */
export async function requestReport(runId: string, kind: GeneratedReportKind, unitCode?: string): Promise<ReportPayload> {
  const variables: RequestReportMutationVariables = { runId, kind, unitCode: unitCode ?? null }
  const data = await graphqlRequest<RequestReportMutation, RequestReportMutationVariables>(operation('RequestReport'), variables)
  return data.requestReport
}
