/** 考评期间: the operations of `periods.graphql`. */
import { graphqlRequest } from './client'
import { operations } from './document'
import type {
  ClosePeriodMutation,
  ClosePeriodMutationVariables,
  PeriodDeadlineInput,
  PeriodState,
  ReopenPeriodMutation,
  ReopenPeriodMutationVariables,
  SchemePeriodFieldsFragment,
  SchemePeriodsQuery,
  SchemePeriodsQueryVariables,
  SetPeriodDeadlinesMutation,
  SetPeriodDeadlinesMutationVariables,
} from './generated'
import document from './periods.graphql?raw'

export type { PeriodDeadlineInput, PeriodState }
export type SchemePeriod = SchemePeriodFieldsFragment
export type DeadlinesPayload = SetPeriodDeadlinesMutation['setPeriodDeadlines']
export type PeriodPayload = ClosePeriodMutation['closePeriod']

const operation = operations(document)

export async function fetchSchemePeriods(schemeCode: string): Promise<SchemePeriod[]> {
  const data = await graphqlRequest<SchemePeriodsQuery, SchemePeriodsQueryVariables>(operation('SchemePeriods'), {
    schemeCode,
  })
  return [...data.schemePeriods]
}

/** Every period's three deadlines as given (null clears one). */
export async function setPeriodDeadlines(schemeCode: string, deadlines: PeriodDeadlineInput[]): Promise<DeadlinesPayload> {
  const data = await graphqlRequest<SetPeriodDeadlinesMutation, SetPeriodDeadlinesMutationVariables>(
    operation('SetPeriodDeadlines'),
    { schemeCode, deadlines },
  )
  return data.setPeriodDeadlines
}

export async function closePeriod(schemeCode: string, period: string, reason: string): Promise<PeriodPayload> {
  const data = await graphqlRequest<ClosePeriodMutation, ClosePeriodMutationVariables>(operation('ClosePeriod'), {
    schemeCode,
    period,
    reason,
  })
  return data.closePeriod
}

export async function reopenPeriod(schemeCode: string, period: string, reason: string): Promise<PeriodPayload> {
  const data = await graphqlRequest<ReopenPeriodMutation, ReopenPeriodMutationVariables>(operation('ReopenPeriod'), {
    schemeCode,
    period,
    reason,
  })
  return data.reopenPeriod
}
