import { graphqlRequest } from './client'
import { operations } from './document'
import fragments from './fragments.graphql?raw'
import type {
  GrantSupportAccessMutation,
  GrantSupportInput,
  MySupportGrantsQuery,
  RevokeSupportAccessMutation,
  SupportGrantActivityQuery,
  SupportGrantFieldsFragment,
  SupportGrantsQuery,
} from './generated'
import document from './support.graphql?raw'

export type SupportGrant = SupportGrantFieldsFragment
export type SupportActivity = SupportGrantActivityQuery['supportGrantActivity'][number]
export type MySupportGrant = MySupportGrantsQuery['mySupportGrants'][number]
export type SupportGrantPayload = GrantSupportAccessMutation['grantSupportAccess']
export type { GrantSupportInput }

/** The longest grant the server accepts, in hours. */
export const MAX_SUPPORT_HOURS = 72

const operation = operations(`${document}\n${fragments}`)

/** The tenant's support grants, newest first (its security admin). */
export async function fetchSupportGrants(): Promise<SupportGrant[]> {
  return (await graphqlRequest<SupportGrantsQuery>(operation('SupportGrants'))).supportGrants
}

/** What the operator did under one grant: reads, and changes tried and refused. */
export async function fetchSupportActivity(id: string): Promise<SupportActivity[]> {
  const data = await graphqlRequest<SupportGrantActivityQuery, { id: string }>(operation('SupportGrantActivity'), { id })
  return data.supportGrantActivity
}

/** The grants given to the signed-in operator: live first. */
export async function fetchMySupportGrants(): Promise<MySupportGrant[]> {
  return (await graphqlRequest<MySupportGrantsQuery>(operation('MySupportGrants'))).mySupportGrants
}

/** Grant a named operator read-only access for some hours. */
export async function grantSupportAccess(input: GrantSupportInput): Promise<SupportGrantPayload> {
  const data = await graphqlRequest<GrantSupportAccessMutation, { input: GrantSupportInput }>(
    operation('GrantSupportAccess'),
    { input },
  )
  return data.grantSupportAccess
}

/** End a grant now. */
export async function revokeSupportAccess(id: string): Promise<SupportGrantPayload> {
  const data = await graphqlRequest<RevokeSupportAccessMutation, { id: string }>(operation('RevokeSupportAccess'), {
    id,
  })
  return data.revokeSupportAccess
}

/** What a logged event says the operator read: the root fields of its query, or the change tried. */
export function activitySummary(entry: SupportActivity): string {
  if (!entry.after) return entry.action
  try {
    const after = JSON.parse(entry.after) as { fields?: unknown; arguments?: unknown }
    if (Array.isArray(after.fields)) return after.fields.join(', ')
  } catch {
    // Not JSON: show the action alone.
  }
  return entry.action
}
