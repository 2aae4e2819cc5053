import type { PermissionCode } from '@/permissions/codes'
import { graphqlRequest } from './client'
import { operations } from './document'
import fragments from './fragments.graphql?raw'
import type {
  AppraisalSchemesQuery,
  ComponentInput,
  CreateIndicatorMutation,
  CreateIndicatorMutationVariables,
  DeleteIndicatorMutation,
  ExportSchemeQuery,
  ExportSchemeQueryVariables,
  GradingMethod,
  GroupInput,
  ImportIndicatorWorkbookMutation,
  ImportSchemeMutation,
  IndicatorFieldsFragment,
  IndicatorInput,
  IndicatorMethod,
  IndicatorPayloadFieldsFragment,
  IndicatorWorkbookQuery,
  MoveIndicatorMutation,
  MoveIndicatorMutationVariables,
  SaveSchemeGroupMutation,
  SchemeDetailFieldsFragment,
  SchemeDetailPayloadFieldsFragment,
  SchemeGroupFieldsFragment,
  SchemeImportJobFieldsFragment,
  SchemeImportJobQuery,
  StartSchemeImportMutation,
  SchemeIssueFieldsFragment,
  SchemePayloadFieldsFragment,
  SchemeSettingsInput,
  SchemesQuery,
  SchemesQueryVariables,
  SchemeStatus,
  SchemeSummaryFieldsFragment,
  SchemeTreeQuery,
  SchemeDetailQuery,
  UpdateIndicatorMutation,
} from './generated'
import document from './schemes.graphql?raw'

export type { ComponentInput, GradingMethod, GroupInput, IndicatorInput, IndicatorMethod, SchemeSettingsInput, SchemeStatus }
export type SchemeSummary = SchemeSummaryFieldsFragment
export type SchemeChoice = AppraisalSchemesQuery['appraisalSchemes'][number]
export type SchemeDetail = SchemeDetailFieldsFragment
export type SchemeGroup = SchemeGroupFieldsFragment
export type SchemeIssue = SchemeIssueFieldsFragment
export type Indicator = IndicatorFieldsFragment
export type SchemeTree = NonNullable<SchemeTreeQuery['scheme']>
export type UnitPoints = SchemeTree['pointsCheck'][number]
export type SchemePayload = SchemePayloadFieldsFragment
export type SchemeDetailPayload = SchemeDetailPayloadFieldsFragment
export type IndicatorPayload = IndicatorPayloadFieldsFragment
export type SchemeImport = ImportSchemeMutation['importScheme']
export type SchemeImportJob = SchemeImportJobFieldsFragment
export type SchemeImportStart = StartSchemeImportMutation['startSchemeImport']
export type TreeImport = ImportIndicatorWorkbookMutation['importIndicatorWorkbook']
export type SchemesPage = SchemesQuery['schemes']

export const INDICATOR_METHODS: readonly IndicatorMethod[] = ['MANUAL', 'RATIO', 'LINEAR', 'PASS_FAIL', 'DEDUCTION', 'RANK']
export const SCHEME_PERIODS = ['Q1', 'Q2', 'Q3', 'Q4'] as const
export const SCHEMES_PAGE_SIZE = 50

const operation = operations(`${document}\n${fragments}`)

function request<TData, TVariables extends Record<string, unknown>>(name: string, variables: TVariables) {
  return graphqlRequest<TData, TVariables>(operation(name), variables)
}

/** One page of the tenant's schemes, by code. */
/** The schemes to pick from in the appraisal pages, newest year first (no scheme:read needed). */
export async function fetchAppraisalSchemes(): Promise<SchemeChoice[]> {
  return [...(await graphqlRequest<AppraisalSchemesQuery>(operation('AppraisalSchemes'))).appraisalSchemes]
}

export async function fetchSchemes(variables: SchemesQueryVariables = { first: SCHEMES_PAGE_SIZE }): Promise<SchemesPage> {
  return (await request<SchemesQuery, SchemesQueryVariables>('Schemes', variables)).schemes
}

export async function fetchScheme(code: string): Promise<SchemeDetail | null> {
  return (await request<SchemeDetailQuery, { code: string }>('SchemeDetail', { code })).scheme ?? null
}

/** The indicator tree (flat), its validation issues and the per-unit points check. */
export async function fetchSchemeTree(code: string): Promise<SchemeTree | null> {
  return (await request<SchemeTreeQuery, { code: string }>('SchemeTree', { code })).scheme ?? null
}

/** A mutation answering with a payload under its own field name. */
async function payload<T>(name: string, variables: Record<string, unknown>): Promise<T> {
  const field = name.charAt(0).toLowerCase() + name.slice(1)
  const data = await request<Record<string, T>, Record<string, unknown>>(name, variables)
  const found = data[field]
  if (found === undefined) throw new Error(`no ${field} in the answer`)
  return found
}

export function updateScheme(code: string, input: SchemeSettingsInput): Promise<SchemeDetailPayload> {
  return payload('UpdateScheme', { code, input })
}

export function setSchemeComponents(code: string, components: ComponentInput[]): Promise<SchemeDetailPayload> {
  return payload('SetSchemeComponents', { code, components })
}

/** Add a group (no id) or change one. */
export function saveSchemeGroup(code: string, input: GroupInput, id?: string | null): Promise<SchemeDetailPayload> {
  return payload<SaveSchemeGroupMutation['saveSchemeGroup']>('SaveSchemeGroup', { code, input, id: id ?? null })
}

export function deleteSchemeGroup(code: string, id: string): Promise<SchemeDetailPayload> {
  return payload('DeleteSchemeGroup', { code, id })
}

/** The lifecycle steps: approve (scheme:approve), publish, close, revise (scheme:write). */
export const LIFECYCLE = {
  approve: { operation: 'ApproveScheme', from: ['DRAFT'], permission: 'scheme:approve' },
  publish: { operation: 'PublishScheme', from: ['APPROVED'], permission: 'scheme:write' },
  close: { operation: 'CloseScheme', from: ['PUBLISHED'], permission: 'scheme:write' },
  revise: { operation: 'ReviseScheme', from: ['APPROVED', 'PUBLISHED'], permission: 'scheme:write' },
} as const satisfies Record<string, { operation: string; from: readonly SchemeStatus[]; permission: PermissionCode }>
export type LifecycleStep = keyof typeof LIFECYCLE

/** The steps a scheme in this status allows (whoever may take them). */
export function lifecycleSteps(status: SchemeStatus): LifecycleStep[] {
  return (Object.keys(LIFECYCLE) as LifecycleStep[]).filter((step) =>
    (LIFECYCLE[step].from as readonly SchemeStatus[]).includes(status),
  )
}

export function runLifecycle(step: LifecycleStep, code: string, reason?: string): Promise<SchemePayload> {
  const variables: Record<string, unknown> = { code }
  if (step === 'approve') variables.reason = reason || null
  if (step === 'revise') variables.reason = reason ?? ''
  return payload(LIFECYCLE[step].operation, variables)
}

export async function createIndicator(variables: CreateIndicatorMutationVariables): Promise<IndicatorPayload> {
  return (await request<CreateIndicatorMutation, CreateIndicatorMutationVariables>('CreateIndicator', variables))
    .createIndicator
}

export async function updateIndicator(id: string, input: IndicatorInput): Promise<IndicatorPayload> {
  return (await request<UpdateIndicatorMutation, { id: string; input: IndicatorInput }>('UpdateIndicator', { id, input }))
    .updateIndicator
}

/** Move a node under another branch (null: the top) at a position among its new siblings. */
export async function moveIndicator(variables: MoveIndicatorMutationVariables): Promise<IndicatorPayload> {
  return (await request<MoveIndicatorMutation, MoveIndicatorMutationVariables>('MoveIndicator', variables)).moveIndicator
}

export async function deleteIndicator(id: string): Promise<DeleteIndicatorMutation['deleteIndicator']> {
  return (await request<DeleteIndicatorMutation, { id: string }>('DeleteIndicator', { id })).deleteIndicator
}

/** jixiao.scheme/1 text: YAML (optionally followed by its data) or JSON. */
export async function exportScheme(variables: ExportSchemeQueryVariables): Promise<string> {
  return (await request<ExportSchemeQuery, ExportSchemeQueryVariables>('ExportScheme', variables)).exportScheme
}

export async function importScheme(text: string, dataText: string | null = null): Promise<SchemeImport> {
  return payload('ImportScheme', { text, dataText })
}

/** Start an import as a job (all or nothing, as importScheme); poll it with `waitForImport`. */
export async function startSchemeImport(text: string, dataText: string | null = null): Promise<SchemeImportStart> {
  return payload('StartSchemeImport', { text, dataText })
}

export async function fetchSchemeImportJob(id: string): Promise<SchemeImportJob | null> {
  return (await request<SchemeImportJobQuery, { id: string }>('SchemeImportJob', { id })).schemeImportJob
}

export const IMPORT_POLL_MS = 500

/** Poll an import job until it has succeeded or failed, reporting each state seen. */
export async function waitForImport(
  job: SchemeImportJob,
  seen: (job: SchemeImportJob) => void,
  wait: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
): Promise<SchemeImportJob> {
  let current = job
  seen(current)
  while (current.status === 'QUEUED' || current.status === 'RUNNING') {
    await wait(IMPORT_POLL_MS)
    const next = await fetchSchemeImportJob(current.id)
    if (!next) throw new Error('import job not found')
    current = next
    seen(current)
  }
  return current
}

/** The indicator sheet of a scheme, or the empty template (no scheme), as .xlsx in base64. */
export async function fetchIndicatorWorkbook(schemeCode: string | null): Promise<string> {
  const data = await request<IndicatorWorkbookQuery, { schemeCode: string | null; template: boolean }>(
    'IndicatorWorkbook',
    { schemeCode, template: schemeCode === null },
  )
  return data.indicatorWorkbook
}

export async function importIndicatorWorkbook(schemeCode: string, content: string): Promise<TreeImport> {
  return payload('ImportIndicatorWorkbook', { schemeCode, content })
}
