/** 公示: the operations of `publicity.graphql`. */
import { graphqlRequest } from './client'
import { operations } from './document'
import fragments from './fragments.graphql?raw'
import type { EndPublicityMutation, PublicityDaysQuery, PublishResultsForPublicityMutation } from './generated'
import document from './publicity.graphql?raw'
import type { RunPayload } from './results'
import results from './results.graphql?raw'

const operation = operations(`${document}\n${results}\n${fragments}`)

function request<TData, TVariables extends Record<string, unknown>>(name: string, variables: TVariables) {
  return graphqlRequest<TData, TVariables>(operation(name), variables)
}

/** The tenant's 公示 period in working days (0: results are published without 公示). */
export async function fetchPublicityDays(): Promise<number> {
  return (await request<PublicityDaysQuery, Record<string, never>>('PublicityDays', {})).publicityDays
}

/** Show an approved run to every unit for the 公示 period. */
export async function publishForPublicity(runId: string): Promise<RunPayload> {
  const data = await request<PublishResultsForPublicityMutation, { runId: string }>('PublishResultsForPublicity', { runId })
  return data.publishResultsForPublicity
}

/** End a run's 公示 (early: only with no appeal open) and publish it as final. */
export async function endPublicity(runId: string): Promise<RunPayload> {
  return (await request<EndPublicityMutation, { runId: string }>('EndPublicity', { runId })).endPublicity
}
