/** Excel exports of the tables users see (rankings, audit log, appeals, surveys): audited on the server. */
import { graphqlRequest } from './client'
import { operations } from './document'
import document from './exports.graphql?raw'
import fragments from './fragments.graphql?raw'
import type {
  AppealState,
  AuditEventFilter,
  ExportAppealsMutation,
  ExportAuditEventsMutation,
  ExportFieldsFragment,
  ExportRankingsMutation,
  ExportUnitResultMutation,
  ExportSurveyResultsMutation,
  ExportSurveysMutation,
  ResultPeriod,
} from './generated'

export type ExportAnswer = ExportFieldsFragment

const operation = operations(`${document}\n${fragments}`)

async function run<TData, TVariables extends Record<string, unknown>>(name: string, variables: TVariables) {
  return graphqlRequest<TData, TVariables>(operation(name), variables)
}

/** A run's rankings: the one named, else the one the viewer is shown by default. */
export async function exportRankings(schemeCode: string, period: ResultPeriod, runId: string | null): Promise<ExportAnswer> {
  return (await run<ExportRankingsMutation, Record<string, unknown>>('ExportRankings', { schemeCode, period, runId }))
    .exportRankings
}

/** A unit's result (its lines and the scores behind them) in the run named, else the one shown. */
export async function exportUnitResult(
  schemeCode: string,
  unitCode: string,
  period: ResultPeriod,
  runId: string | null = null,
): Promise<ExportAnswer> {
  const variables = { schemeCode, unitCode, period, runId }
  return (await run<ExportUnitResultMutation, Record<string, unknown>>('ExportUnitResult', variables)).exportUnitResult
}

/** The audit events under the page's filters. */
export async function exportAuditEvents(filter: AuditEventFilter): Promise<ExportAnswer> {
  return (await run<ExportAuditEventsMutation, { filter: AuditEventFilter }>('ExportAuditEvents', { filter }))
    .exportAuditEvents
}

/** The appeals the viewer reads, in the given states (all when none). */
export async function exportAppeals(states: readonly AppealState[]): Promise<ExportAnswer> {
  return (await run<ExportAppealsMutation, { states: readonly AppealState[] }>('ExportAppeals', { states })).exportAppeals
}

/** The surveys of a scheme, or all. */
export async function exportSurveys(schemeCode: string | null): Promise<ExportAnswer> {
  return (await run<ExportSurveysMutation, { schemeCode: string | null }>('ExportSurveys', { schemeCode })).exportSurveys
}

/** A survey's results per unit. */
export async function exportSurveyResults(id: string): Promise<ExportAnswer> {
  return (await run<ExportSurveyResultsMutation, { id: string }>('ExportSurveyResults', { id })).exportSurveyResults
}
