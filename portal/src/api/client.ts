/**
 * A small GraphQL client: POST to /graphql with the session cookie and the CSRF token, typed
 * results, typed errors, and one place that hears about a lost session.
 */

export const GRAPHQL_ENDPOINT = '/graphql'
/** Readable cookie the server sets on every response that lacks it (double-submit CSRF token). */
export const CSRF_COOKIE = 'jixiao_csrf'
/** Header that must repeat the CSRF cookie on every POST. */
export const CSRF_HEADER = 'X-CSRF-Token'
/** A cheap GET whose response carries a fresh CSRF cookie when the browser has none. */
const CSRF_REFRESH_URL = '/healthz'

/** Error codes meaning "you are not (or no longer) signed in": the portal goes to /login. */
export const SESSION_LOST_CODES: ReadonlySet<string> = new Set(['UNAUTHENTICATED', 'TENANT_SUSPENDED'])

/** One entry of a GraphQL response's `errors` array. */
export interface GraphQLErrorEntry {
  message: string
  path?: ReadonlyArray<string | number>
  extensions?: { code?: string; requestId?: string; [key: string]: unknown }
}

interface GraphQLResponse<TData> {
  data?: TData | null
  errors?: GraphQLErrorEntry[]
}

/** Why a request failed: the server said so (`graphql`), HTTP failed (`http`), or no answer (`network`). */
export type GraphQLFailureKind = 'graphql' | 'http' | 'network'

/** A failed GraphQL request; `code` and `requestId` come from the first error's extensions. */
export class GraphQLRequestError extends Error {
  readonly kind: GraphQLFailureKind
  readonly code: string | undefined
  readonly requestId: string | undefined
  readonly status: number | undefined
  readonly errors: readonly GraphQLErrorEntry[]

  constructor(
    message: string,
    details: {
      kind: GraphQLFailureKind
      code?: string
      requestId?: string
      status?: number
      errors?: readonly GraphQLErrorEntry[]
      cause?: unknown
    },
  ) {
    super(message, { cause: details.cause })
    this.name = 'GraphQLRequestError'
    this.kind = details.kind
    this.code = details.code
    this.requestId = details.requestId
    this.status = details.status
    this.errors = details.errors ?? []
  }

  /** The session is gone (expired, ended, tenant suspended): the user must sign in again. */
  get sessionLost(): boolean {
    return this.status === 401 || (this.code !== undefined && SESSION_LOST_CODES.has(this.code))
  }
}

export interface RequestOptions {
  signal?: AbortSignal
  /** Injected in tests; defaults to the global fetch. */
  fetch?: typeof fetch
  /** Injected in tests; defaults to `document.cookie`. */
  cookies?: () => string
  /** Do not tell the session-lost listeners (sign-in and sign-out handle it themselves). */
  quiet?: boolean
}

type ErrorListener = (error: GraphQLRequestError) => void
const sessionLostListeners = new Set<ErrorListener>()
const forbiddenListeners = new Set<ErrorListener>()

/** Hear about every request refused because the session is gone; returns the unsubscribe. */
export function onSessionLost(listener: ErrorListener): () => void {
  sessionLostListeners.add(listener)
  return () => sessionLostListeners.delete(listener)
}

/**
 * Hear about every request refused for want of a permission. The server answers FORBIDDEN, not
 * UNAUTHENTICATED, when an expired session asks for a guarded field: the listener re-checks.
 */
export function onForbidden(listener: ErrorListener): () => void {
  forbiddenListeners.add(listener)
  return () => forbiddenListeners.delete(listener)
}

/** The value of a cookie, or undefined. */
export function readCookie(name: string, cookieString: string): string | undefined {
  for (const part of cookieString.split(';')) {
    const index = part.indexOf('=')
    if (index < 0) continue
    if (part.slice(0, index).trim() === name) {
      const value = part.slice(index + 1).trim()
      try {
        return decodeURIComponent(value)
      } catch {
        return value
      }
    }
  }
  return undefined
}

const REQUEST_ID_HEADER = 'x-request-id'

/** Run one GraphQL operation and return its `data`, or throw a GraphQLRequestError. */
export async function graphqlRequest<TData, TVariables extends Record<string, unknown> = Record<string, never>>(
  query: string,
  variables?: TVariables,
  options: RequestOptions = {},
): Promise<TData> {
  try {
    return await attempt<TData>(query, variables, options, true)
  } catch (error) {
    if (error instanceof GraphQLRequestError && !options.quiet) {
      const listeners = error.sessionLost ? sessionLostListeners : error.code === 'FORBIDDEN' ? forbiddenListeners : null
      for (const listener of listeners ?? []) listener(error)
    }
    throw error
  }
}

async function attempt<TData>(
  query: string,
  variables: Record<string, unknown> | undefined,
  options: RequestOptions,
  mayRetry: boolean,
): Promise<TData> {
  const doFetch = options.fetch ?? globalThis.fetch
  const cookies = options.cookies ?? (() => globalThis.document?.cookie ?? '')
  const headers: Record<string, string> = { 'Content-Type': 'application/json', Accept: 'application/json' }
  const csrf = readCookie(CSRF_COOKIE, cookies())
  if (csrf) headers[CSRF_HEADER] = csrf

  let response: Response
  try {
    response = await doFetch(GRAPHQL_ENDPOINT, {
      method: 'POST',
      credentials: 'same-origin',
      headers,
      body: JSON.stringify({ query, variables: variables ?? {} }),
      signal: options.signal,
    })
  } catch (cause) {
    throw new GraphQLRequestError(cause instanceof Error ? cause.message : 'Network error', {
      kind: 'network',
      cause,
    })
  }

  const headerRequestId = response.headers.get(REQUEST_ID_HEADER) ?? undefined
  const body = await readBody<TData>(response)
  const first = body?.errors?.[0]

  // The browser had no CSRF cookie (cleared, or a session older than this tab): fetch one, retry once.
  if (response.status === 403 && first?.extensions?.code === 'CSRF' && mayRetry) {
    await doFetch(CSRF_REFRESH_URL, { method: 'GET', credentials: 'same-origin', signal: options.signal }).catch(
      () => undefined,
    )
    return attempt<TData>(query, variables, options, false)
  }

  if (body?.errors && first) {
    throw new GraphQLRequestError(first.message, {
      kind: 'graphql',
      code: first.extensions?.code,
      requestId: first.extensions?.requestId ?? headerRequestId,
      status: response.status,
      errors: body.errors,
    })
  }
  if (!response.ok || body?.data == null) {
    throw new GraphQLRequestError(`HTTP ${response.status} ${response.statusText}`.trim(), {
      kind: 'http',
      requestId: headerRequestId,
      status: response.status,
    })
  }
  return body.data
}

async function readBody<TData>(response: Response): Promise<GraphQLResponse<TData> | undefined> {
  try {
    const parsed: unknown = await response.json()
    return typeof parsed === 'object' && parsed !== null ? (parsed as GraphQLResponse<TData>) : undefined
  } catch {
    return undefined
  }
}
