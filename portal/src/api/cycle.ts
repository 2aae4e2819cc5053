import { graphqlRequest } from './client'
import { operations } from './document'
import fragments from './fragments.graphql?raw'
import type {
  CorrectVerifiedValueMutation,
  CorrectVerifiedValueMutationVariables,
  DeleteEvidenceFileMutation,
  AddAdjustmentMutation,
  AddAdjustmentMutationVariables,
  AdjustmentFieldsFragment,
  AdjustmentsQuery,
  AdjustmentKind,
  AssignGroupMutation,
  AssignIndicatorMutation,
  AssignInput,
  AssignmentFieldsFragment,
  AssignmentSetupQuery,
  AssignmentsPayloadFieldsFragment,
  AssignmentsQuery,
  AssignmentsQueryVariables,
  EnterRatingsMutation,
  EnterRatingsMutationVariables,
  EnterScoresMutation,
  EnterScoresMutationVariables,
  ImportAssignmentsWorkbookMutation,
  MoreReportsQuery,
  MoreReportsQueryVariables,
  ProgressReportInput,
  RatingUnitsQuery,
  RemoveAdjustmentMutation,
  ReopenScoresMutation,
  ReopenScoresMutationVariables,
  ReportDeskQuery,
  ReportDeskQueryVariables,
  ReportFieldsFragment,
  ReportGapsQuery,
  ReportPayloadFieldsFragment,
  ReportStatus,
  SaveProgressReportMutation,
  ScorerChoicesQuery,
  ScorerFieldsFragment,
  ScoreEntryInput,
  ScoringWorkbenchQuery,
  ScoringWorkbenchQueryVariables,
  SubmitScoresMutation,
  WorkbenchCellFieldsFragment,
} from './generated'
import document from './cycle.graphql?raw'
import { UploadError, uploadFile, type UploadOptions } from './upload'

export type { AdjustmentKind, AssignInput, ProgressReportInput, ReportStatus, ScoreEntryInput }
export type Assignment = AssignmentFieldsFragment
export type ProgressReport = ReportFieldsFragment
export type ReportEvent = ProgressReport['history'][number]
export type EvidenceFile = ProgressReport['evidence'][number]
export type ReportPayload = ReportPayloadFieldsFragment
export type AssignmentsPayload = AssignmentsPayloadFieldsFragment
export type AssignmentSetup = NonNullable<AssignmentSetupQuery['scheme']>
export type SetupIndicator = AssignmentSetup['indicators'][number]
export type WorkbenchCell = WorkbenchCellFieldsFragment
/** Who a scorer code names: a person or a monitoring department, by name. */
export type Scorer = ScorerFieldsFragment
export type RatingUnits = NonNullable<RatingUnitsQuery['rankings']>
export type RatingUnit = RatingUnits['units'][number]
export type ScoresPayload = EnterScoresMutation['enterScores']
export type ReopenPayload = ReopenScoresMutation['reopenScores']
export type RatingsPayload = EnterRatingsMutation['enterRatings']
export type AdjustmentPayload = AddAdjustmentMutation['addAdjustment']
export type Adjustment = AdjustmentFieldsFragment
export interface Page<T> {
  nodes: T[]
  pageInfo: { hasNextPage: boolean; endCursor: string | null }
}

/** The server's largest page of a list (the workbench allows more). */
export const PAGE_MAX = 100
export const WORKBENCH_PAGE = 500
/** How many pages a desk reads at most before it asks the user to narrow the list. */
const PAGES_MAX = 10
export const REPORT_STATUSES: readonly ReportStatus[] = ['DRAFT', 'SUBMITTED', 'APPROVED', 'REPORTED', 'VERIFIED', 'RETURNED']
export const QUARTERS = ['Q1', 'Q2', 'Q3', 'Q4'] as const
export type Quarter = (typeof QUARTERS)[number]

/** Where evidence files are uploaded: `POST /files/reports/<report id>?name=<file name>`. */
export const REPORT_FILES = '/files/reports'

const operation = operations(`${document}\n${fragments}`)

function request<TData, TVariables extends Record<string, unknown>>(name: string, variables: TVariables) {
  return graphqlRequest<TData, TVariables>(operation(name), variables)
}

/** The scheme's groups, member units and leaves, for decomposing it (scheme:read). */
export async function fetchAssignmentSetup(code: string): Promise<AssignmentSetup | null> {
  return (await request<AssignmentSetupQuery, { code: string }>('AssignmentSetup', { code })).scheme ?? null
}

export async function fetchAssignments(variables: AssignmentsQueryVariables): Promise<Page<Assignment>> {
  return (await request<AssignmentsQuery, AssignmentsQueryVariables>('Assignments', variables)).assignments
}

/** The assignments and reports the viewer may see, in one request, and the rest page by page. */
export async function fetchReportDesk(variables: {
  /** Only this scheme's tasks and reports (last year's and this year's can run side by side). */
  schemeId?: string | null
  period?: string | null
  status?: ReportStatus | null
}): Promise<{ assignments: Assignment[]; reports: ProgressReport[] }> {
  const data = await request<ReportDeskQuery, ReportDeskQueryVariables>('ReportDesk', { ...variables, first: PAGE_MAX })
  const assignments = [...data.assignments.nodes]
  const reports = [...data.progressReports.nodes]
  let page = data.assignments.pageInfo
  for (let i = 0; page.hasNextPage && i < PAGES_MAX; i += 1) {
    const more = await fetchAssignments({
      schemeId: variables.schemeId ?? null,
      first: PAGE_MAX,
      after: page.endCursor ?? null,
    })
    assignments.push(...more.nodes)
    page = more.pageInfo
  }
  let reportPage = data.progressReports.pageInfo
  for (let i = 0; reportPage.hasNextPage && i < PAGES_MAX; i += 1) {
    const more = (
      await request<MoreReportsQuery, MoreReportsQueryVariables>('MoreReports', {
        ...variables,
        first: PAGE_MAX,
        after: reportPage.endCursor ?? null,
      })
    ).progressReports
    reports.push(...more.nodes)
    reportPage = more.pageInfo
  }
  return { assignments, reports }
}

export async function fetchReportGaps(threshold: string): Promise<ProgressReport[]> {
  const data = await request<ReportGapsQuery, { threshold: string; first: number }>('ReportGaps', {
    threshold,
    first: PAGE_MAX,
  })
  return data.reportGaps.nodes
}

/** The people and monitoring departments an indicator or assignment may name (scheme:read). */
export async function fetchScorerChoices(): Promise<Scorer[]> {
  return (await request<ScorerChoicesQuery, Record<string, never>>('ScorerChoices', {})).scorerChoices
}

/** Every cell of the viewer's workbench for a scheme and period. */
export async function fetchWorkbench(schemeCode: string, period: string): Promise<WorkbenchCell[]> {
  const cells: WorkbenchCell[] = []
  let after: string | null = null
  for (let i = 0; i < PAGES_MAX; i += 1) {
    const page: ScoringWorkbenchQuery['scoringWorkbench'] = (
      await request<ScoringWorkbenchQuery, ScoringWorkbenchQueryVariables>('ScoringWorkbench', {
        schemeCode,
        period,
        first: WORKBENCH_PAGE,
        after,
      })
    ).scoringWorkbench
    cells.push(...page.nodes)
    if (!page.pageInfo.hasNextPage) break
    after = page.pageInfo.endCursor ?? null
  }
  return cells
}

export async function fetchRatingUnits(schemeCode: string): Promise<RatingUnits | null> {
  return (await request<RatingUnitsQuery, { schemeCode: string }>('RatingUnits', { schemeCode })).rankings ?? null
}

/** The scheme's bonus and deduction adjustments on the units the viewer sees, in entry order. */
export async function fetchAdjustments(schemeCode: string): Promise<Adjustment[]> {
  const found: Adjustment[] = []
  let after: string | null = null
  for (let i = 0; i < PAGES_MAX; i += 1) {
    const page: AdjustmentsQuery['adjustments'] = (
      await request<AdjustmentsQuery, { schemeCode: string; first: number; after: string | null }>('Adjustments', {
        schemeCode,
        first: PAGE_MAX,
        after,
      })
    ).adjustments
    found.push(...page.nodes)
    if (!page.pageInfo.hasNextPage) break
    after = page.pageInfo.endCursor ?? null
  }
  return found
}

export async function assignIndicator(input: AssignInput): Promise<AssignmentsPayload> {
  return (await request<AssignIndicatorMutation, { input: AssignInput }>('AssignIndicator', { input })).assignIndicator
}

export async function assignGroup(groupId: string): Promise<AssignmentsPayload> {
  return (await request<AssignGroupMutation, { groupId: string }>('AssignGroup', { groupId })).assignGroup
}

/** Import assignments from an .xlsx workbook (base64): all rows or none. */
export async function importAssignmentsWorkbook(schemeId: string, content: string): Promise<AssignmentsPayload> {
  const data = await request<ImportAssignmentsWorkbookMutation, { schemeId: string; content: string }>(
    'ImportAssignmentsWorkbook',
    { schemeId, content },
  )
  return data.importAssignmentsWorkbook
}

export async function saveProgressReport(input: ProgressReportInput): Promise<ReportPayload> {
  return (await request<SaveProgressReportMutation, { input: ProgressReportInput }>('SaveProgressReport', { input }))
    .saveProgressReport
}

/** The steps of a report after its draft, with the permission each needs. */
export const REPORT_STEPS = {
  submit: { operation: 'SubmitProgressReport', field: 'submitProgressReport', permission: 'report:write' },
  withdraw: { operation: 'WithdrawProgressReport', field: 'withdrawProgressReport', permission: 'report:write' },
  approve: { operation: 'ApproveProgressReport', field: 'approveProgressReport', permission: 'report:approve' },
  sendUp: { operation: 'SendUpProgressReport', field: 'sendUpProgressReport', permission: 'report:approve' },
  return: { operation: 'ReturnProgressReport', field: 'returnProgressReport', permission: 'report:approve' },
  reject: { operation: 'RejectProgressReport', field: 'rejectProgressReport', permission: 'report:verify' },
  verify: { operation: 'VerifyProgressReport', field: 'verifyProgressReport', permission: 'report:verify' },
} as const
export type ReportStep = keyof typeof REPORT_STEPS

/** Take a step; `reason` for a return, `value` and `note` for a verification. */
/** 更正: the office replaces a verified value with a reason; the score taken from it follows. */
export async function correctVerifiedValue(id: string, value: string, reason: string): Promise<ReportPayload> {
  const variables = { id, value, reason }
  return (await request<CorrectVerifiedValueMutation, CorrectVerifiedValueMutationVariables>('CorrectVerifiedValue', variables))
    .correctVerifiedValue
}

/** Take an evidence file off a draft of your unit; the answer is the report as it now is. */
export async function deleteEvidence(id: string): Promise<ReportPayload> {
  return (await request<DeleteEvidenceFileMutation, { id: string }>('DeleteEvidenceFile', { id })).deleteEvidenceFile
}

export async function reportStep(
  step: ReportStep,
  id: string,
  extra: { reason?: string; value?: string; note?: string; met?: boolean | null } = {},
): Promise<ReportPayload> {
  const { operation: name, field } = REPORT_STEPS[step]
  const variables: Record<string, unknown> = { id }
  if (step === 'return' || step === 'reject') variables.reason = extra.reason ?? ''
  if (step === 'verify') Object.assign(variables, { value: extra.value ?? '', note: extra.note ?? '', met: extra.met ?? null })
  const data = await request<Record<string, ReportPayload | undefined>, Record<string, unknown>>(name, variables)
  const payload = data[field]
  if (!payload) throw new Error(`no ${field} in the answer`)
  return payload
}

export async function enterScores(variables: EnterScoresMutationVariables): Promise<ScoresPayload> {
  return (await request<EnterScoresMutation, EnterScoresMutationVariables>('EnterScores', variables)).enterScores
}

export async function submitScores(schemeCode: string, period: string): Promise<ScoresPayload> {
  return (await request<SubmitScoresMutation, { schemeCode: string; period: string }>('SubmitScores', { schemeCode, period }))
    .submitScores
}

export async function reopenScores(variables: ReopenScoresMutationVariables): Promise<ReopenPayload> {
  return (await request<ReopenScoresMutation, ReopenScoresMutationVariables>('ReopenScores', variables)).reopenScores
}

export async function enterRatings(variables: EnterRatingsMutationVariables): Promise<RatingsPayload> {
  return (await request<EnterRatingsMutation, EnterRatingsMutationVariables>('EnterRatings', variables)).enterRatings
}

export async function addAdjustment(variables: AddAdjustmentMutationVariables): Promise<AdjustmentPayload> {
  return (await request<AddAdjustmentMutation, AddAdjustmentMutationVariables>('AddAdjustment', variables)).addAdjustment
}

export async function removeAdjustment(adjustmentId: string): Promise<RemoveAdjustmentMutation['removeAdjustment']> {
  const data = await request<RemoveAdjustmentMutation, { adjustmentId: string }>('RemoveAdjustment', { adjustmentId })
  return data.removeAdjustment
}

/** What the evidence endpoint answers for a stored file. */
export interface UploadedEvidence {
  id: string
  fileName: string
  contentType: string
  sizeBytes: number
}

export { UploadError }

/** Upload one evidence file to a draft report of the viewer's unit (the body is the file). */
export async function uploadEvidence(reportId: string, file: File, options: UploadOptions = {}): Promise<UploadedEvidence> {
  return uploadFile<UploadedEvidence>(`${REPORT_FILES}/${encodeURIComponent(reportId)}`, file, options)
}
