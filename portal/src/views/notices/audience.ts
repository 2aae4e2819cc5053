import type { Notice, NoticeInput } from '@/api/notices'

/** The built-in roles a notice can be addressed to (jixiao/policies/defaults.py). */
export const AUDIENCE_ROLES: readonly string[] = [
  'office',
  'leadership',
  'scoring_leader',
  'monitoring_dept',
  'supervision',
  'unit_reporter',
  'unit_head',
  'finance',
  'tenant_admin',
  'security_admin',
  'audit_admin',
]

/** A chosen person or unit: the id the server wants and the name to show. */
export interface Choice {
  id: string
  label: string
}

/** The editor's form: what the office fills in. */
export interface NoticeForm {
  title: string
  bodyHtml: string
  everyone: boolean
  roleCodes: string[]
  units: Choice[]
  users: Choice[]
  pinned: boolean
  expiresAt: Date | null
  attachments: { id: string; fileName: string }[]
}

export function emptyForm(): NoticeForm {
  return {
    title: '',
    bodyHtml: '',
    everyone: true,
    roleCodes: [],
    units: [],
    users: [],
    pinned: false,
    expiresAt: null,
    attachments: [],
  }
}

/** The form of an existing notice, to edit it. */
export function formOf(notice: Notice): NoticeForm {
  const { audience } = notice
  return {
    title: notice.title,
    bodyHtml: notice.bodyHtml,
    everyone: audience.everyone,
    roleCodes: audience.roles.map((role) => role.code),
    units: audience.units.map((unit) => ({ id: unit.unitId, label: unit.name })),
    users: audience.users.map((user) => ({ id: user.userId, label: user.displayName })),
    pinned: notice.pinned,
    expiresAt: notice.expiresAt ? new Date(notice.expiresAt) : null,
    attachments: notice.attachments.map((file) => ({ id: file.id, fileName: file.fileName })),
  }
}

/** Whether the audience names anybody: everyone, or at least one role, unit or person. */
export function hasAudience(form: NoticeForm): boolean {
  return form.everyone || form.roleCodes.length + form.units.length + form.users.length > 0
}

/** Text with nothing but markup and spaces counts as empty. */
export function isBlankHtml(html: string): boolean {
  return html.replace(/<[^>]*>/g, '').replace(/&nbsp;/g, ' ').trim() === ''
}

/** The form as the server's input (an everyone-notice sends no lists). */
export function toInput(form: NoticeForm): NoticeInput {
  return {
    title: form.title.trim(),
    bodyHtml: form.bodyHtml,
    audience: form.everyone
      ? { everyone: true, roleCodes: [], unitIds: [], userIds: [] }
      : {
          everyone: false,
          roleCodes: [...form.roleCodes],
          unitIds: form.units.map((unit) => unit.id),
          userIds: form.users.map((user) => user.id),
        },
    pinned: form.pinned,
    expiresAt: form.expiresAt ? form.expiresAt.toISOString() : null,
    attachmentIds: form.attachments.map((file) => file.id),
  }
}

/** A short description of who a notice is for: "全体人员", or the names, the first few. */
export function audienceNames(notice: Notice, roleLabel: (code: string, name?: string) => string, max = 3): string[] | null {
  const { audience } = notice
  if (audience.everyone) return null
  return [
    ...audience.roles.map((role) => roleLabel(role.code, role.name)),
    ...audience.units.map((unit) => unit.name),
    ...audience.users.map((user) => user.displayName),
  ].slice(0, max)
}

/** Unread first (as the server orders within each: pinned, then newest). */
export function unreadFirst<T extends { readAt?: string | null }>(notices: readonly T[]): T[] {
  return [...notices.filter((notice) => !notice.readAt), ...notices.filter((notice) => notice.readAt)]
}

/** A file size people read: 980 B, 12.3 KB, 4.5 MB. */
export function fileSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`
}
