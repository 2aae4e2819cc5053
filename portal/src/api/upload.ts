/**
 * File uploads outside GraphQL (no multipart in GraphQL): `POST <url>?name=<file name>` with the
 * file as the body, the session cookie and the CSRF header. Report evidence, and the evidence
 * of inspections and award applications (their `uploadUrl`), go through here.
 */
import { CSRF_COOKIE, CSRF_HEADER, readCookie } from './client'

/** The kinds the server accepts as evidence (it checks the content too). */
export const EVIDENCE_ACCEPT = '.pdf,.jpg,.jpeg,.png,.doc,.docx,.xls,.xlsx,.zip'

export interface UploadOptions {
  /** Injected in tests; defaults to the global fetch. */
  fetch?: typeof fetch
  /** Injected in tests; defaults to `document.cookie`. */
  cookies?: () => string
}

/** Why an upload was refused, as the endpoint says it (`{code, message}`), or the HTTP status. */
export class UploadError extends Error {
  readonly code: string
  constructor(message: string, code: string) {
    super(message)
    this.name = 'UploadError'
    this.code = code
  }
}

/** The address to POST a file to: the endpoint with the file's name as `name`. */
export function uploadAddress(url: string, fileName: string): string {
  return `${url}${url.includes('?') ? '&' : '?'}name=${encodeURIComponent(fileName)}`
}

/** POST one file (the body is the file) and return what the endpoint answers; refusals throw UploadError. */
export async function uploadFile<T>(url: string, file: File, options: UploadOptions = {}): Promise<T> {
  const doFetch = options.fetch ?? globalThis.fetch
  const cookies = options.cookies ?? (() => globalThis.document?.cookie ?? '')
  const headers: Record<string, string> = { 'Content-Type': file.type || 'application/octet-stream' }
  const csrf = readCookie(CSRF_COOKIE, cookies())
  if (csrf) headers[CSRF_HEADER] = csrf
  let response: Response
  try {
    response = await doFetch(uploadAddress(url, file.name), { method: 'POST', credentials: 'same-origin', headers, body: file })
  } catch (cause) {
    throw new UploadError(cause instanceof Error ? cause.message : 'Network error', 'NETWORK')
  }
  let body: Record<string, unknown> = {}
  try {
    body = (await response.json()) as Record<string, unknown>
  } catch {
    body = {}
  }
  if (!response.ok) {
    // Refusals are shaped like GraphQL errors: {errors: [{message, extensions: {code}}]}.
    const first = (body.errors as { message?: string; extensions?: { code?: string } }[] | undefined)?.[0]
    throw new UploadError(first?.message ?? `HTTP ${response.status}`, first?.extensions?.code ?? String(response.status))
  }
  return body as T
}
