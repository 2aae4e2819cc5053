/**
 * A small GraphQL client: POST to /graphql with the session cookie and the CSRF token, typed
 * results, typed errors, and one place that hears about a lost session.
 *
 * Result reads (a query whose every root field is in CACHED_ROOTS) go by persisted GET instead
 * (Apollo's automatic persisted queries): the query's sha256 and its variables in the URL, so the
 * browser keeps the answer with its ETag and revalidates it (304) rather than fetching it again.
 * A hash the server does not know yet is answered PERSISTED_QUERY_NOT_FOUND: the query then goes
 * once by POST with its hash, which registers it, and the next read goes by GET again.
 */

import { leaveSupport, SUPPORT_ENDED_CODE, SUPPORT_HEADER, supportTarget } from './supportMode'

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
    return await run<TData>(query, variables, options)
  } catch (error) {
    // An operator's support grant was revoked or ran out: leave support mode (the layout hears it).
    if (error instanceof GraphQLRequestError && error.code === SUPPORT_ENDED_CODE) leaveSupport(error.message)
    if (error instanceof GraphQLRequestError && !options.quiet) {
      const listeners = error.sessionLost ? sessionLostListeners : error.code === 'FORBIDDEN' ? forbiddenListeners : null
      for (const listener of listeners ?? []) listener(error)
    }
    throw error
  }
}

/**
 * The server's cached roots (jixiao/graphql/answers.py CACHED_ROOTS): a query selecting only
 * these is a result read and goes by persisted GET. tests/graphql/test_portal_cached_roots.py
 * fails when the two lists differ.
 */
export const CACHED_ROOTS: ReadonlySet<string> = new Set([
  'rankings',
  'unitResult',
  'unitTrend',
  'compareUnits',
  'bonusTable',
  'resultRuns',
  'unitAcrossYears',
  'indicatorAcrossUnits',
])

/** The server's answer to a persisted hash it does not know. */
export const PERSISTED_QUERY_NOT_FOUND = 'PERSISTED_QUERY_NOT_FOUND'
/** Longer URLs go by POST: some proxies refuse them. */
const MAX_GET_URL = 6000

interface Exchange<TData> {
  response: Response
  body: GraphQLResponse<TData> | undefined
}

interface PersistedRead {
  hash: string
  operationName: string | undefined
}

async function run<TData>(
  query: string,
  variables: Record<string, unknown> | undefined,
  options: RequestOptions,
): Promise<TData> {
  const persisted = await persistedRead(query)
  if (!persisted) return attempt<TData>(query, variables, options, true)
  const params = new URLSearchParams()
  if (persisted.operationName) params.set('operationName', persisted.operationName)
  params.set('variables', JSON.stringify(variables ?? {}))
  params.set('extensions', JSON.stringify(persistedExtensions(persisted.hash)))
  const url = `${GRAPHQL_ENDPOINT}?${params.toString()}`
  if (url.length > MAX_GET_URL) return attempt<TData>(query, variables, options, true)

  const exchange = await send<TData>(options, url, {
    method: 'GET',
    credentials: 'same-origin',
    headers: withSupport({ Accept: 'application/json' }),
    signal: options.signal,
  })
  const code = exchange.body?.errors?.[0]?.extensions?.code
  // Not known yet (a new build, a restarted server): send the query once with its hash.
  if (code === PERSISTED_QUERY_NOT_FOUND) return attempt<TData>(query, variables, options, true, persisted)
  // GET refused (the server's cached roots moved ahead of this build): as before, by POST.
  if (exchange.response.status === 405 && code === 'METHOD') return attempt<TData>(query, variables, options, true)
  return settle(exchange)
}

async function attempt<TData>(
  query: string,
  variables: Record<string, unknown> | undefined,
  options: RequestOptions,
  mayRetry: boolean,
  persisted?: PersistedRead,
): Promise<TData> {
  const doFetch = options.fetch ?? globalThis.fetch
  const cookies = options.cookies ?? (() => globalThis.document?.cookie ?? '')
  const headers = withSupport({ 'Content-Type': 'application/json', Accept: 'application/json' })
  const csrf = readCookie(CSRF_COOKIE, cookies())
  if (csrf) headers[CSRF_HEADER] = csrf

  const payload: Record<string, unknown> = { query, variables: variables ?? {} }
  if (persisted) {
    if (persisted.operationName) payload.operationName = persisted.operationName
    payload.extensions = persistedExtensions(persisted.hash)
  }
  const exchange = await send<TData>(options, GRAPHQL_ENDPOINT, {
    method: 'POST',
    credentials: 'same-origin',
    headers,
    body: JSON.stringify(payload),
    signal: options.signal,
  })

  // The browser had no CSRF cookie (cleared, or a session older than this tab): fetch one, retry once.
  if (exchange.response.status === 403 && exchange.body?.errors?.[0]?.extensions?.code === 'CSRF' && mayRetry) {
    await doFetch(CSRF_REFRESH_URL, { method: 'GET', credentials: 'same-origin', signal: options.signal }).catch(
      () => undefined,
    )
    return attempt<TData>(query, variables, options, false, persisted)
  }
  return settle(exchange)
}

/** The headers, naming the tenant an operator reads under a support grant (api/supportMode.ts). */
function withSupport(headers: Record<string, string>): Record<string, string> {
  const target = supportTarget()
  return target ? { ...headers, [SUPPORT_HEADER]: target.code } : headers
}

/** One request to the server and its parsed body; a failure to get an answer is `network`. */
async function send<TData>(options: RequestOptions, url: string, init: RequestInit): Promise<Exchange<TData>> {
  const doFetch = options.fetch ?? globalThis.fetch
  let response: Response
  try {
    response = await doFetch(url, init)
  } catch (cause) {
    throw new GraphQLRequestError(cause instanceof Error ? cause.message : 'Network error', {
      kind: 'network',
      cause,
    })
  }
  return { response, body: await readBody<TData>(response) }
}

/** The answer's data, or the GraphQLRequestError it amounts to (the same for GET and POST). */
function settle<TData>({ response, body }: Exchange<TData>): TData {
  const headerRequestId = response.headers.get(REQUEST_ID_HEADER) ?? undefined
  const first = body?.errors?.[0]
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

function persistedExtensions(hash: string): { persistedQuery: { version: 1; sha256Hash: string } } {
  return { persistedQuery: { version: 1, sha256Hash: hash } }
}

const persistedReads = new Map<string, Promise<PersistedRead | null>>()

/** The hash and operation name of a result read, or null: the query goes by plain POST. */
function persistedRead(query: string): Promise<PersistedRead | null> {
  let found = persistedReads.get(query)
  if (found === undefined) {
    found = readOf(query)
    persistedReads.set(query, found)
  }
  return found
}

async function readOf(query: string): Promise<PersistedRead | null> {
  const operation = cachedOperation(query)
  const subtle = globalThis.crypto?.subtle
  // crypto.subtle exists in secure contexts only (https, localhost).
  if (!operation || !subtle) return null
  try {
    const digest = await subtle.digest('SHA-256', new TextEncoder().encode(query))
    const hash = Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, '0')).join('')
    return { hash, operationName: operation.name }
  } catch {
    return null
  }
}

const TOKEN = /[\s,\uFEFF]+|#[^\n\r]*|"""(?:\\"""|[^])*?"""|"(?:\\.|[^"\\\n])*"|\.\.\.|[_A-Za-z][_0-9A-Za-z]*|-?[0-9][0-9.eE+-]*|[!$&()\[\]{}:=@|]|[^]/gy

/**
 * The one query operation of a document if every root field it selects is one of CACHED_ROOTS
 * (fields by name, not alias; as the server decides), else undefined: a mutation, several
 * operations, a fragment spread at the root, or anything this small scanner does not follow.
 */
export function cachedOperation(document: string): { name: string | undefined } | undefined {
  const tokens: string[] = []
  for (const match of document.matchAll(TOKEN)) {
    const token = match[0]
    if (/^[\s,\uFEFF]/.test(token) || token.startsWith('#')) continue
    tokens.push(token)
  }
  let found: { name: string | undefined } | undefined
  let i = 0
  while (i < tokens.length) {
    const head = tokens[i]
    if (head === 'fragment') {
      i = skipDefinition(tokens, i)
      if (i < 0) return undefined
      continue
    }
    if (found || (head !== 'query' && head !== '{')) return undefined // a second operation, a mutation…
    let name: string | undefined
    if (head === 'query') {
      i += 1
      if (tokens[i] && /^[_A-Za-z]/.test(tokens[i]!)) name = tokens[i]
      // Variable definitions (their default values may hold braces) and directives.
      let parens = 0
      while (i < tokens.length && !(parens === 0 && tokens[i] === '{')) {
        if (tokens[i] === '(') parens += 1
        if (tokens[i] === ')') parens -= 1
        i += 1
      }
    }
    if (tokens[i] !== '{') return undefined
    const roots = new Set<string>()
    let depth = 0
    let parens = 0
    for (; i < tokens.length; i += 1) {
      const token = tokens[i]!
      if (token === '(') parens += 1
      else if (token === ')') parens -= 1
      else if (parens > 0) continue
      else if (token === '{') depth += 1
      else if (token === '}') {
        depth -= 1
        if (depth === 0) break
      } else if (depth === 1) {
        if (token === '...') return undefined
        if (token === '@') {
          i += 1 // a directive's name
        } else if (/^[_A-Za-z]/.test(token)) {
          const aliased = tokens[i + 1] === ':'
          if (aliased) i += 2
          roots.add(tokens[i] ?? '')
        } else {
          return undefined
        }
      }
    }
    if (depth !== 0 || roots.size === 0) return undefined
    for (const root of roots) if (!CACHED_ROOTS.has(root)) return undefined
    found = { name }
    i += 1
  }
  return found
}

/** The index after a fragment definition's selection set, or -1 when it does not close. */
function skipDefinition(tokens: readonly string[], from: number): number {
  let depth = 0
  for (let i = from; i < tokens.length; i += 1) {
    if (tokens[i] === '{') depth += 1
    if (tokens[i] === '}') {
      depth -= 1
      if (depth === 0) return i + 1
    }
  }
  return -1
}

async function readBody<TData>(response: Response): Promise<GraphQLResponse<TData> | undefined> {
  try {
    const parsed: unknown = await response.json()
    return typeof parsed === 'object' && parsed !== null ? (parsed as GraphQLResponse<TData>) : undefined
  } catch {
    return undefined
  }
}
