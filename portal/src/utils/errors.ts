import { GraphQLRequestError } from '@/api/client'
import type { UserError } from '@/api/session'
import { i18n } from '@/locales'

/** A failure in words, with the request id to quote to support when there is one. */
export function describeError(error: unknown): string {
  const { t } = i18n.global
  const message = error instanceof Error ? error.message : String(error)
  const requestId = error instanceof GraphQLRequestError ? error.requestId : undefined
  const text = t('common.requestFailed', { message })
  return requestId ? `${text}（${t('common.requestId', { id: requestId })}）` : text
}

/** Show a failed request as a message; a lost session is handled by the router (sign-in page). */
export function showError(error: unknown): void {
  if (error instanceof GraphQLRequestError && error.sessionLost) return
  ElMessage({ type: 'error', message: describeError(error), showClose: true, duration: 6000 })
}

/** The messages of a mutation payload's errors, as one text. */
export function errorText(errors: readonly { message: string }[]): string {
  return errors.map((e) => e.message).join('；')
}

/** Show a mutation payload's errors as one message. */
export function showPayloadErrors(errors: readonly { message: string }[]): void {
  ElMessage({ type: 'error', message: errorText(errors), showClose: true })
}

/** Field errors of a mutation payload by field name, and the messages that name no field. */
export function splitUserErrors(errors: readonly UserError[]): { fields: Record<string, string>; general: string[] } {
  const fields: Record<string, string> = {}
  const general: string[] = []
  for (const error of errors) {
    if (error.field && !(error.field in fields)) fields[error.field] = error.message
    else general.push(error.message)
  }
  return { fields, general }
}

/** Ask before a consequential action; resolves to whether the user confirmed. */
export async function confirmAction(message: string, options: { danger?: boolean } = {}): Promise<boolean> {
  const { t } = i18n.global
  try {
    await ElMessageBox.confirm(message, t('common.confirmTitle'), {
      type: 'warning',
      confirmButtonText: t('common.confirm'),
      cancelButtonText: t('common.cancel'),
      confirmButtonType: options.danger ? 'danger' : 'primary',
      autofocus: false,
    })
    return true
  } catch {
    return false
  }
}
