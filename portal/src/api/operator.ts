import { graphqlRequest } from './client'
import { operations } from './document'
import fragments from './fragments.graphql?raw'
import type {
  OnboardTenantInput,
  OnboardTenantMutation,
  TenantFieldsFragment,
  TenantLevel,
  TenantsQuery,
  TenantsQueryVariables,
  TenantStatus,
  UserErrorFieldsFragment,
} from './generated'
import document from './operator.graphql?raw'

export type Tenant = TenantFieldsFragment
export type TenantsPage = TenantsQuery['tenants']
export type OnboardPayload = OnboardTenantMutation['onboardTenant']
export type FirstAccount = OnboardPayload['accounts'][number]
export type { OnboardTenantInput, TenantLevel, TenantStatus }

export interface TenantPayload {
  tenant?: Tenant | null
  errors: UserErrorFieldsFragment[]
}

export const TENANT_LEVELS: readonly TenantLevel[] = ['CITY', 'DISTRICT', 'COUNTY']
export const TENANT_STATUSES: readonly TenantStatus[] = ['ACTIVE', 'SUSPENDED']
export const TENANTS_PAGE_SIZE = 50

const operation = operations(`${document}\n${fragments}`)

/** One page of the platform's tenants, by code. */
export async function fetchTenants(variables: TenantsQueryVariables): Promise<TenantsPage> {
  return (await graphqlRequest<TenantsQuery, TenantsQueryVariables>(operation('Tenants'), variables)).tenants
}

/** Onboard a government: the tenant and its three first administrators (passwords shown once). */
export async function onboardTenant(input: OnboardTenantInput): Promise<OnboardPayload> {
  const data = await graphqlRequest<OnboardTenantMutation, { input: OnboardTenantInput }>(operation('OnboardTenant'), {
    input,
  })
  return data.onboardTenant
}

/** Suspend (its people can no longer sign in) or resume a tenant. */
export async function setTenantSuspended(code: string, suspended: boolean): Promise<TenantPayload> {
  const name = suspended ? 'SuspendTenant' : 'ResumeTenant'
  const field = suspended ? 'suspendTenant' : 'resumeTenant'
  const data = await graphqlRequest<Record<string, TenantPayload>, { code: string }>(operation(name), { code })
  const payload = data[field]
  if (!payload) throw new Error(`no ${field} in the answer`)
  return payload
}
