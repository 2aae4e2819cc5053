/** 明查暗访、创新奖与督查督办: the operations of `supervision.graphql`. */
import { graphqlRequest } from './client'
import { operations } from './document'
import fragments from './fragments.graphql?raw'
import type {
  ApplyInnovationAwardMutation,
  AwardKind,
  AwardStatus,
  CloseSupervisionNoticeMutation,
  DeleteInnovationAwardMutation,
  DeleteInspectionMutation,
  InnovationAwardFieldsFragment,
  InnovationAwardInput,
  InspectionDeskQuery,
  InspectionDeskQueryVariables,
  InspectionFieldsFragment,
  InspectionInput,
  InspectionKind,
  RecogniseInnovationAwardMutation,
  RecordInspectionMutation,
  RejectInnovationAwardMutation,
  ReplySupervisionNoticeMutation,
  SendSupervisionNoticeMutation,
  SupervisionDeskQuery,
  SupervisionDeskQueryVariables,
  SupervisionLight,
  SupervisionNoticeFieldsFragment,
  SupervisionNoticeInput,
  SupervisionNoticesQuery,
  SupervisionNoticesQueryVariables,
  SupervisionRowFieldsFragment,
  UpdateInspectionMutation,
  WithdrawInnovationAwardMutation,
} from './generated'
import document from './supervision.graphql?raw'

export type {
  AwardKind,
  AwardStatus,
  InnovationAwardInput,
  InspectionInput,
  InspectionKind,
  SupervisionLight,
  SupervisionNoticeInput,
}
export type Inspection = InspectionFieldsFragment
export type InnovationAward = InnovationAwardFieldsFragment
export type RecordFile = Inspection['files'][number]
export type SupervisionRow = SupervisionRowFieldsFragment
export type SupervisionNotice = SupervisionNoticeFieldsFragment
export type SupervisionSummary = SupervisionDeskQuery['supervisionSummary']
export type InspectionPayload = RecordInspectionMutation['recordInspection']
export type AwardPayload = ApplyInnovationAwardMutation['applyInnovationAward']
export type NoticePayload = SendSupervisionNoticeMutation['sendSupervisionNotice']
export interface Deleted {
  errors: { code: string; message: string; field?: string | null }[]
}

/** The server's largest page of a list; the board allows more. */
export const LIST_PAGE = 100
export const BOARD_PAGE = 500
export const LIGHTS: readonly SupervisionLight[] = ['GREEN', 'YELLOW', 'RED', 'NONE']

const operation = operations(`${document}\n${fragments}`)

function request<TData, TVariables extends Record<string, unknown>>(name: string, variables: TVariables) {
  return graphqlRequest<TData, TVariables>(operation(name), variables)
}

/** The inspections and / or the award applications of a scheme, in one request. */
/** The 明查暗访与创新奖 page's one request: records, the viewer's unit and the scheme's units. */
export interface InspectionDesk {
  inspections: Inspection[]
  awards: InnovationAward[]
  ownUnit: { code: string; name: string } | null
  /** The scheme's units, to pick one in the forms. */
  schemeUnits: { code: string; name: string }[]
}

export async function fetchInspectionDesk(
  schemeCode: string,
  what: { inspections: boolean; awards: boolean },
): Promise<InspectionDesk> {
  const data = await request<InspectionDeskQuery, InspectionDeskQueryVariables>('InspectionDesk', {
    schemeCode,
    withInspections: what.inspections,
    withAwards: what.awards,
    first: LIST_PAGE,
  })
  return {
    inspections: [...(data.inspections?.nodes ?? [])],
    awards: [...(data.innovationAwards?.nodes ?? [])],
    ownUnit: data.viewer.unit ?? null,
    schemeUnits: (data.appraisalSchemes[0]?.units ?? []).map(({ code, name }) => ({ code, name })),
  }
}

export async function recordInspection(schemeCode: string, unitCode: string, input: InspectionInput): Promise<InspectionPayload> {
  return (await request<RecordInspectionMutation, Record<string, unknown>>('RecordInspection', { schemeCode, unitCode, input }))
    .recordInspection
}

export async function updateInspection(id: string, input: InspectionInput): Promise<InspectionPayload> {
  return (await request<UpdateInspectionMutation, Record<string, unknown>>('UpdateInspection', { id, input })).updateInspection
}

export async function deleteInspection(id: string): Promise<Deleted> {
  return (await request<DeleteInspectionMutation, { id: string }>('DeleteInspection', { id })).deleteInspection
}

export async function applyInnovationAward(schemeCode: string, input: InnovationAwardInput): Promise<AwardPayload> {
  return (await request<ApplyInnovationAwardMutation, Record<string, unknown>>('ApplyInnovationAward', { schemeCode, input }))
    .applyInnovationAward
}

export async function recogniseInnovationAward(id: string, points: string, note: string): Promise<AwardPayload> {
  return (
    await request<RecogniseInnovationAwardMutation, Record<string, unknown>>('RecogniseInnovationAward', { id, points, note })
  ).recogniseInnovationAward
}

export async function rejectInnovationAward(id: string, note: string): Promise<AwardPayload> {
  return (await request<RejectInnovationAwardMutation, Record<string, unknown>>('RejectInnovationAward', { id, note }))
    .rejectInnovationAward
}

export async function withdrawInnovationAward(id: string, note = ''): Promise<AwardPayload> {
  return (await request<WithdrawInnovationAwardMutation, Record<string, unknown>>('WithdrawInnovationAward', { id, note }))
    .withdrawInnovationAward
}

export async function deleteInnovationAward(id: string): Promise<Deleted> {
  return (await request<DeleteInnovationAwardMutation, { id: string }>('DeleteInnovationAward', { id })).deleteInnovationAward
}

/** The period's counts, its board (optionally one light) and the scheme's notices, in one request. */
export async function fetchSupervisionDesk(
  schemeCode: string,
  period: string,
  light: SupervisionLight | null,
): Promise<{ summary: SupervisionSummary; rows: SupervisionRow[]; notices: SupervisionNotice[] }> {
  const data = await request<SupervisionDeskQuery, SupervisionDeskQueryVariables>('SupervisionDesk', {
    schemeCode,
    period,
    light,
    first: BOARD_PAGE,
    noticeFirst: LIST_PAGE,
  })
  return {
    summary: data.supervisionSummary,
    rows: [...data.supervisionBoard.nodes],
    notices: [...data.supervisionNotices.nodes],
  }
}

/** The notices the viewer may see (a unit's own for its people). */
export async function fetchSupervisionNotices(schemeCode: string | null): Promise<SupervisionNotice[]> {
  const data = await request<SupervisionNoticesQuery, SupervisionNoticesQueryVariables>('SupervisionNotices', {
    schemeCode,
    first: LIST_PAGE,
  })
  return [...data.supervisionNotices.nodes]
}

export async function sendSupervisionNotice(input: SupervisionNoticeInput): Promise<NoticePayload> {
  return (await request<SendSupervisionNoticeMutation, Record<string, unknown>>('SendSupervisionNotice', { input }))
    .sendSupervisionNotice
}

export async function replySupervisionNotice(id: string, reply: string): Promise<NoticePayload> {
  return (await request<ReplySupervisionNoticeMutation, Record<string, unknown>>('ReplySupervisionNotice', { id, reply }))
    .replySupervisionNotice
}

export async function closeSupervisionNotice(id: string, note: string): Promise<NoticePayload> {
  return (await request<CloseSupervisionNoticeMutation, Record<string, unknown>>('CloseSupervisionNotice', { id, note }))
    .closeSupervisionNotice
}
