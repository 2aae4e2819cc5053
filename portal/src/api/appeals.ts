/** 申诉: the operations of `appeals.graphql`. */
import { graphqlRequest } from './client'
import { operations } from './document'
import type {
  AnswerAppealMutation,
  AppealCorrectionInput,
  AppealDeskQuery,
  AppealDeskQueryVariables,
  AppealFieldsFragment,
  AppealLineKind,
  AppealMarksQuery,
  AppealMarksQueryVariables,
  AppealsQuery,
  AppealsQueryVariables,
  AppealState,
  AppealStatisticsQuery,
  DecideAppealMutation,
  RaiseAppealInput,
  RaiseAppealMutation,
  ResultPeriod,
  RouteAppealMutation,
  WithdrawAppealMutation,
} from './generated'
import document from './appeals.graphql?raw'

export type { AppealCorrectionInput, AppealLineKind, AppealState, RaiseAppealInput }
export type Appeal = AppealFieldsFragment
export type AppealMark = AppealMarksQuery['appealMarks'][number]
export type AppealWindow = NonNullable<AppealDeskQuery['appealWindow']>
export type AppealTally = AppealStatisticsQuery['appealStatistics'][number]
export type AppealPayload = RaiseAppealMutation['raiseAppeal']

/** The open states (申诉中), in the order an appeal passes them. */
export const OPEN_STATES: readonly AppealState[] = ['ROUTING', 'ANSWERING', 'DECIDING']
/** The server's largest page. */
export const APPEAL_PAGE = 100

const operation = operations(document)

function request<TData, TVariables extends Record<string, unknown>>(name: string, variables: TVariables) {
  return graphqlRequest<TData, TVariables>(operation(name), variables)
}

/** The key of a result line under appeal: `unit/kind/key/period`. */
export function markKey(unitCode: string, kind: AppealLineKind, key: string, period = ''): string {
  return `${unitCode}/${kind}/${key}/${period}`
}

/** The appeals the viewer reads (all pages, oldest first). */
export async function fetchAppeals(variables: AppealsQueryVariables = {}): Promise<Appeal[]> {
  const found: Appeal[] = []
  let after: string | null | undefined = null
  do {
    const page: AppealsQuery['appeals'] = (
      await request<AppealsQuery, AppealsQueryVariables>('Appeals', { ...variables, first: APPEAL_PAGE, after })
    ).appeals
    found.push(...page.nodes)
    after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null
  } while (after)
  return found
}

/** The lines of a period's results under appeal, on the units the viewer reads. */
export async function fetchAppealMarks(schemeCode: string, period: ResultPeriod): Promise<AppealMark[]> {
  return (await request<AppealMarksQuery, AppealMarksQueryVariables>('AppealMarks', { schemeCode, period })).appealMarks
}

/** The published result of a period with its appeal window, and the lines under appeal. */
export async function fetchAppealDesk(schemeCode: string, period: ResultPeriod): Promise<AppealDeskQuery> {
  return request<AppealDeskQuery, AppealDeskQueryVariables>('AppealDesk', { schemeCode, period })
}

/** Appeals per scorer and line of a scheme (the office). */
export async function fetchAppealStatistics(schemeCode: string): Promise<AppealTally[]> {
  return (await request<AppealStatisticsQuery, { schemeCode: string }>('AppealStatistics', { schemeCode }))
    .appealStatistics
}

export async function raiseAppeal(input: RaiseAppealInput): Promise<AppealPayload> {
  return (await request<RaiseAppealMutation, { input: RaiseAppealInput }>('RaiseAppeal', { input })).raiseAppeal
}

export async function routeAppeal(id: string, handler: string, note: string): Promise<AppealPayload> {
  return (await request<RouteAppealMutation, { id: string; handler: string; note: string }>('RouteAppeal', { id, handler, note }))
    .routeAppeal
}

export async function answerAppeal(id: string, answer: string): Promise<AppealPayload> {
  return (await request<AnswerAppealMutation, { id: string; answer: string }>('AnswerAppeal', { id, answer })).answerAppeal
}

export async function withdrawAppeal(id: string): Promise<AppealPayload> {
  return (await request<WithdrawAppealMutation, { id: string }>('WithdrawAppeal', { id })).withdrawAppeal
}

export async function decideAppeal(
  id: string,
  upheld: boolean,
  note: string,
  correction: AppealCorrectionInput | null,
): Promise<AppealPayload> {
  return (
    await request<
      DecideAppealMutation,
      { id: string; upheld: boolean; note: string; correction: AppealCorrectionInput | null }
    >('DecideAppeal', { id, upheld, note, correction })
  ).decideAppeal
}
