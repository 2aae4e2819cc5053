import { CSRF_COOKIE, CSRF_HEADER, GraphQLRequestError, graphqlRequest, readCookie } from './client'
import { operations } from './document'
import fragments from './fragments.graphql?raw'
import type {
  MyNotificationsQuery,
  MyNotificationsQueryVariables,
  MyNoticesQuery,
  MyNoticesQueryVariables,
  NoticeFieldsFragment,
  NoticeInput,
  NoticeQuery,
  NoticeReceiptsQuery,
  NoticeReceiptsQueryVariables,
  NoticesQuery,
  NoticesQueryVariables,
  NoticeStatus,
  NotificationFieldsFragment,
  NotificationKind,
  NotificationSettingsInput,
  MyNotificationSettingsQuery,
  UnreadCountsQuery,
  UserErrorFieldsFragment,
} from './generated'
import document from './notices.graphql?raw'

export type Notice = NoticeFieldsFragment
export type NoticeAttachment = Notice['attachments'][number]
export type Notification = NotificationFieldsFragment
export type NoticeReceipt = NoticeReceiptsQuery['noticeReceipts']['nodes'][number]
export type NoticesPage = NoticesQuery['notices']
export type NoticeReceiptsPage = NoticeReceiptsQuery['noticeReceipts']
export type UnreadCounts = UnreadCountsQuery['unreadCounts']
export type NotificationSettings = MyNotificationSettingsQuery['myNotificationSettings']
export type { NoticeInput, NoticeStatus, NotificationKind, NotificationSettingsInput }

export interface NoticePayload {
  notice?: Notice | null
  errors: UserErrorFieldsFragment[]
}

export const NOTICE_STATUSES: readonly NoticeStatus[] = ['DRAFT', 'PUBLISHED', 'WITHDRAWN']
export const NOTICES_PAGE_SIZE = 20
export const RECEIPTS_PAGE_SIZE = 50
/** How many notifications the bell's dropdown shows. */
export const BELL_SIZE = 8
/** The server's upload endpoint of notice attachments (`POST ?name=<file name>`, body: the file). */
export const NOTICE_FILES_URL = '/files/notices'

const operation = operations(`${document}\n${fragments}`)

function request<TData, TVariables extends Record<string, unknown> = Record<string, never>>(
  name: string,
  variables?: TVariables,
) {
  return graphqlRequest<TData, TVariables>(operation(name), variables)
}

/** A mutation answering with a payload under its own field name. */
async function payload<T>(name: string, variables: Record<string, unknown>): Promise<T> {
  const field = name.charAt(0).toLowerCase() + name.slice(1)
  const data = await request<Record<string, T>, Record<string, unknown>>(name, variables)
  const found = data[field]
  if (found === undefined) throw new Error(`no ${field} in the answer`)
  return found
}

/** The office's list: every notice of the government, newest first. */
export async function fetchNotices(variables: NoticesQueryVariables): Promise<NoticesPage> {
  return (await request<NoticesQuery, NoticesQueryVariables>('Notices', variables)).notices
}

/** One notice the viewer may read; null when there is none (withdrawn, expired, not for them). */
export async function fetchNotice(id: string): Promise<Notice | null> {
  return (await request<NoticeQuery, { id: string }>('Notice', { id })).notice ?? null
}

/** The viewer's notices: pinned first, then the newest. */
export async function fetchMyNotices(variables: MyNoticesQueryVariables): Promise<MyNoticesQuery['myNotices']> {
  return (await request<MyNoticesQuery, MyNoticesQueryVariables>('MyNotices', variables)).myNotices
}

/** Who of a notice's audience has read it (`read: true`) or not (`read: false`). */
export async function fetchReceipts(variables: NoticeReceiptsQueryVariables): Promise<NoticeReceiptsPage> {
  return (await request<NoticeReceiptsQuery, NoticeReceiptsQueryVariables>('NoticeReceipts', variables)).noticeReceipts
}

export async function fetchUnreadCounts(): Promise<UnreadCounts> {
  return (await request<UnreadCountsQuery>('UnreadCounts')).unreadCounts
}

/** The bell: the unread counts and the newest notifications, in one request. */
export async function fetchBell(first = BELL_SIZE): Promise<MyNotificationsQuery> {
  return request<MyNotificationsQuery, MyNotificationsQueryVariables>('MyNotifications', { first, unreadOnly: false })
}

export async function fetchNotificationSettings(): Promise<NotificationSettings> {
  return (await request<MyNotificationSettingsQuery>('MyNotificationSettings')).myNotificationSettings
}

export function createNotice(input: NoticeInput): Promise<NoticePayload> {
  return payload('CreateNotice', { input })
}

export function updateNotice(id: string, input: NoticeInput): Promise<NoticePayload> {
  return payload('UpdateNotice', { id, input })
}

/** The actions on a notice that take only its id, by mutation name. */
export const NOTICE_ACTIONS = {
  publish: 'PublishNotice',
  withdraw: 'WithdrawNotice',
  markRead: 'MarkNoticeRead',
} as const
export type NoticeAction = keyof typeof NOTICE_ACTIONS

export function runNoticeAction(action: NoticeAction, id: string): Promise<NoticePayload> {
  return payload(NOTICE_ACTIONS[action], { id })
}

export function deleteNotice(id: string): Promise<{ deletedId?: string | null; errors: UserErrorFieldsFragment[] }> {
  return payload('DeleteNotice', { id })
}

/** Notify those of the audience who have not read it (once a day each). */
export function remindUnread(id: string): Promise<{ reminded?: number | null; errors: UserErrorFieldsFragment[] }> {
  return payload('RemindNoticeUnread', { id })
}

export interface ReadPayload {
  marked?: number | null
  unread?: number | null
  errors: UserErrorFieldsFragment[]
}

export function markNotificationsRead(ids: readonly string[]): Promise<ReadPayload> {
  return payload('MarkNotificationsRead', { ids })
}

export function markAllNotificationsRead(): Promise<ReadPayload> {
  return payload('MarkAllNotificationsRead', {})
}

export function updateNotificationSettings(
  input: NotificationSettingsInput,
): Promise<{ settings?: NotificationSettings | null; errors: UserErrorFieldsFragment[] }> {
  return payload('UpdateMyNotificationSettings', { input })
}

/** An attachment as the upload endpoint answers it. */
export interface UploadedAttachment {
  id: string
  fileName: string
  contentType: string
  sizeBytes: number
}

/** Upload one file for a notice (body: the file; CSRF header as for GraphQL); returns its id. */
export async function uploadNoticeAttachment(
  file: File,
  options: { fetch?: typeof fetch; cookies?: () => string } = {},
): Promise<UploadedAttachment> {
  const doFetch = options.fetch ?? globalThis.fetch
  const cookies = options.cookies ?? (() => globalThis.document?.cookie ?? '')
  const headers: Record<string, string> = { 'Content-Type': file.type || 'application/octet-stream' }
  const csrf = readCookie(CSRF_COOKIE, cookies())
  if (csrf) headers[CSRF_HEADER] = csrf
  const url = `${NOTICE_FILES_URL}?name=${encodeURIComponent(file.name)}`
  let response: Response
  try {
    response = await doFetch(url, { method: 'POST', credentials: 'same-origin', headers, body: file })
  } catch (cause) {
    throw new GraphQLRequestError(cause instanceof Error ? cause.message : 'Network error', { kind: 'network', cause })
  }
  let body: unknown
  try {
    body = await response.json()
  } catch {
    body = undefined
  }
  if (!response.ok) {
    const first = (body as { errors?: { message: string; extensions?: { code?: string } }[] } | undefined)?.errors?.[0]
    throw new GraphQLRequestError(first?.message ?? `HTTP ${response.status}`, {
      kind: first ? 'graphql' : 'http',
      code: first?.extensions?.code,
      status: response.status,
    })
  }
  return body as UploadedAttachment
}
