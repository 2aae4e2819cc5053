import document from './audit.graphql?raw'
import { graphqlRequest } from './client'
import { operations } from './document'
import type {
  AuditEventFieldsFragment,
  AuditEventsQuery,
  AuditEventsQueryVariables,
  AuditOutcome,
  VerifyAuditChainQuery,
  VerifyAuditChainQueryVariables,
} from './generated'

export type AuditEvent = AuditEventFieldsFragment
export type AuditEventsPage = AuditEventsQuery['auditEvents']
export type AuditFilters = Omit<AuditEventsQueryVariables, 'first' | 'after'>
export type ChainVerification = VerifyAuditChainQuery['verifyAuditChain']
export type { AuditOutcome }

export const AUDIT_OUTCOMES: readonly AuditOutcome[] = ['SUCCESS', 'REFUSED', 'FAILED']
export const AUDIT_PAGE_SIZE = 50

const operation = operations(document)

/** One page of the tenant's audit events, newest first. */
export async function fetchAuditEvents(variables: AuditEventsQueryVariables): Promise<AuditEventsPage> {
  const data = await graphqlRequest<AuditEventsQuery, AuditEventsQueryVariables>(operation('AuditEvents'), variables)
  return data.auditEvents
}

/** Check the whole hash chain of the tenant's audit log. */
export async function verifyAuditChain(): Promise<ChainVerification> {
  const data = await graphqlRequest<VerifyAuditChainQuery, VerifyAuditChainQueryVariables>(
    operation('VerifyAuditChain'),
  )
  return data.verifyAuditChain
}
