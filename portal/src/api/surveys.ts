/** 群众满意度测评: the office's operations of `surveys.graphql`, and the public answering endpoints. */
import { CSRF_COOKIE, CSRF_HEADER, graphqlRequest } from './client'
import { operations } from './document'
import type {
  ApplySurveyResultsMutation,
  CloseSurveyMutation,
  CreateSurveyMutation,
  EditSurveyMutation,
  GenerateSurveyCodesMutation,
  OpenSurveyMutation,
  ResultPeriod,
  SurveyAccess,
  SurveyFieldsFragment,
  SurveyInput,
  SurveyResultsQuery,
  SurveyScale,
  SurveysQuery,
  SurveyState,
  SurveyUnitChoicesQuery,
} from './generated'
import surveysDocument from './surveys.graphql?raw'

export type { SurveyAccess, SurveyInput, SurveyScale, SurveyState }
export type Survey = SurveyFieldsFragment
export type SurveyResults = NonNullable<SurveyResultsQuery['surveyResults']>
export type SurveyUnitResult = SurveyResults['units'][number]
export type SurveyPayload = CreateSurveyMutation['createSurvey']
export type SurveyCodesPayload = GenerateSurveyCodesMutation['generateSurveyCodes']
export type SurveyInvitation = SurveyCodesPayload['invitations'][number]
export type ApplyPayload = ApplySurveyResultsMutation['applySurveyResults']
export type SurveyUnitChoice = SurveyUnitChoicesQuery['appraisalSchemes'][number]['units'][number]

const operation = operations(surveysDocument)

function request<TData, TVariables extends Record<string, unknown>>(name: string, variables: TVariables) {
  return graphqlRequest<TData, TVariables>(operation(name), variables)
}

export async function fetchSurveys(schemeCode?: string | null): Promise<Survey[]> {
  return (await request<SurveysQuery, { schemeCode?: string | null }>('Surveys', { schemeCode })).surveys
}

/** The scheme's appraised units in its order (code, name, group code), to pick a survey's units from. */
export async function fetchSurveyUnitChoices(schemeCode: string): Promise<SurveyUnitChoice[]> {
  const data = await request<SurveyUnitChoicesQuery, { schemeCode: string }>('SurveyUnitChoices', { schemeCode })
  return [...(data.appraisalSchemes[0]?.units ?? [])]
}

export async function fetchSurveyResults(id: string): Promise<SurveyResults | null> {
  return (await request<SurveyResultsQuery, { id: string }>('SurveyResults', { id })).surveyResults
}

export async function createSurvey(schemeCode: string, period: ResultPeriod, input: SurveyInput): Promise<SurveyPayload> {
  const variables = { schemeCode, period, input }
  return (await request<CreateSurveyMutation, typeof variables>('CreateSurvey', variables)).createSurvey
}

export async function editSurvey(id: string, input: SurveyInput): Promise<SurveyPayload> {
  return (await request<EditSurveyMutation, { id: string; input: SurveyInput }>('EditSurvey', { id, input })).editSurvey
}

export async function openSurvey(id: string): Promise<SurveyPayload> {
  return (await request<OpenSurveyMutation, { id: string }>('OpenSurvey', { id })).openSurvey
}

export async function closeSurvey(id: string): Promise<SurveyPayload> {
  return (await request<CloseSurveyMutation, { id: string }>('CloseSurvey', { id })).closeSurvey
}

/** New invitation codes, with links under this site's address and their QR codes. */
export async function generateSurveyCodes(id: string, count: number, baseUrl: string): Promise<SurveyCodesPayload> {
  const variables = { id, count, baseUrl }
  return (await request<GenerateSurveyCodesMutation, typeof variables>('GenerateSurveyCodes', variables))
    .generateSurveyCodes
}

export async function applySurveyResults(id: string): Promise<ApplyPayload> {
  return (await request<ApplySurveyResultsMutation, { id: string }>('ApplySurveyResults', { id })).applySurveyResults
}

// The public answering page (no account): JSON endpoints next to GraphQL.

export interface Questionnaire {
  title: string
  intro: string
  questions: string[]
  scale: 'five_point' | 'hundred'
  options: { label: string; value: string }[]
  units: { position: number; name: string }[]
  access: 'code' | 'link'
  ticket: string | null
}

export interface Answer {
  unit: number
  values: number[]
}

/** A refusal of the public endpoints, with the server's message. */
export class SurveyRequestError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code: string,
    readonly field: string | null,
  ) {
    super(message)
  }
}

async function publicCall<T>(path: string, init?: RequestInit): Promise<T> {
  let response: Response
  try {
    response = await fetch(path, { credentials: 'same-origin', cache: 'no-store', ...init })
  } catch {
    throw new SurveyRequestError('网络连接失败，请检查网络后重试', 0, 'NETWORK', null)
  }
  const body = (await response.json().catch(() => null)) as
    | (T & { error?: { code: string; message: string; field: string | null } })
    | null
  if (!response.ok || !body) {
    const error = body?.error
    throw new SurveyRequestError(error?.message ?? '服务暂时不可用，请稍后再试', response.status, error?.code ?? 'HTTP', error?.field ?? null)
  }
  return body
}

export function fetchQuestionnaire(key: string): Promise<Questionnaire> {
  return publicCall<Questionnaire>(`/public/surveys/${encodeURIComponent(key)}`)
}

export function submitAnswers(
  key: string,
  answers: Answer[],
  proof: { code?: string; ticket?: string | null },
): Promise<{ units: number; message: string }> {
  const headers: Record<string, string> = { 'Content-Type': 'application/json' }
  // A signed-in visitor's browser holds a session cookie: the CSRF check then wants the header.
  const csrf = document.cookie
    .split('; ')
    .find((part) => part.startsWith(`${CSRF_COOKIE}=`))
    ?.slice(CSRF_COOKIE.length + 1)
  if (csrf) headers[CSRF_HEADER] = csrf
  return publicCall(`/public/surveys/${encodeURIComponent(key)}/answers`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ answers, ...proof }),
  })
}
