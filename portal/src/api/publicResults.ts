/** 阳光考核: the office's operations of `publicResults.graphql`, the operator's switch, and the public page's endpoint. */
import { graphqlRequest } from './client'
import { operations } from './document'
import type {
  DisclosePublicResultsMutation,
  PublicDisclosureInput,
  PublicResultsSettingsFieldsFragment,
  PublicResultsSettingsQuery,
  ResultPeriod,
  SetPublicResultsPageMutation,
  SetTenantPublicResultsMutation,
  WithdrawPublicResultsMutation,
} from './generated'
import publicResultsDocument from './publicResults.graphql?raw'

export type { PublicDisclosureInput }
export type PublicResultsSettings = PublicResultsSettingsFieldsFragment
export type PublicDisclosure = PublicResultsSettings['disclosures'][number]
export type PublicResultsPayload = SetPublicResultsPageMutation['setPublicResultsPage']
export type TenantPublicResultsPayload = SetTenantPublicResultsMutation['setTenantPublicResults']

const operation = operations(publicResultsDocument)

function request<TData, TVariables extends Record<string, unknown>>(name: string, variables: TVariables) {
  return graphqlRequest<TData, TVariables>(operation(name), variables)
}

export async function fetchPublicResultsSettings(): Promise<PublicResultsSettings> {
  return (await request<PublicResultsSettingsQuery, Record<string, never>>('PublicResultsSettings', {})).publicResultsSettings
}

export async function setPublicResultsPage(enabled: boolean): Promise<PublicResultsPayload> {
  return (await request<SetPublicResultsPageMutation, { enabled: boolean }>('SetPublicResultsPage', { enabled })).setPublicResultsPage
}

export async function disclosePublicResults(input: PublicDisclosureInput): Promise<PublicResultsPayload> {
  const data = await request<DisclosePublicResultsMutation, { input: PublicDisclosureInput }>('DisclosePublicResults', { input })
  return data.disclosePublicResults
}

export async function withdrawPublicResults(schemeCode: string, period: ResultPeriod): Promise<PublicResultsPayload> {
  const variables = { schemeCode, period }
  return (await request<WithdrawPublicResultsMutation, typeof variables>('WithdrawPublicResults', variables)).withdrawPublicResults
}

/** The platform operator opens (or closes) 阳光考核 for a tenant. */
export async function setTenantPublicResults(code: string, enabled: boolean): Promise<TenantPublicResultsPayload> {
  const variables = { code, enabled }
  return (await request<SetTenantPublicResultsMutation, typeof variables>('SetTenantPublicResults', variables)).setTenantPublicResults
}

/** One unit as the public sees it: its name and only the columns the office disclosed. */
export interface PublicUnit {
  name: string
  rank?: number
  grade?: string | null
  total?: string
}

export interface PublicResult {
  scheme: string
  period: string
  periodName: string
  publishedOn: string | null
  columns: ('rank' | 'grade' | 'total')[]
  groups: { name: string; units: PublicUnit[] }[]
}

export interface PublicPage {
  tenant: string
  results: PublicResult[]
}

export class PublicPageError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message)
  }
}

/** The public results page of a tenant (no account); the server's message when it is not open. */
export async function fetchPublicPage(slug: string): Promise<PublicPage> {
  let response: Response
  try {
    // The browser revalidates with the answer's ETag (304 when unchanged).
    response = await fetch(`/public/results/${encodeURIComponent(slug)}`, { credentials: 'omit', cache: 'no-cache' })
  } catch {
    throw new PublicPageError('网络连接失败，请检查网络后重试', 0)
  }
  const body = (await response.json().catch(() => null)) as (PublicPage & { error?: { message: string } }) | null
  if (!response.ok || !body) throw new PublicPageError(body?.error?.message ?? '服务暂时不可用，请稍后再试', response.status)
  return body
}
