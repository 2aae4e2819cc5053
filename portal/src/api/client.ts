/** A small GraphQL client: POST to /graphql with the session cookie, typed results, typed errors. */

export const GRAPHQL_ENDPOINT = '/graphql'

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
}

export interface RequestOptions {
  signal?: AbortSignal
  /** Injected in tests; defaults to the global fetch. */
  fetch?: typeof fetch
}

const REQUEST_ID_HEADER = 'x-request-id'

/** Run one GraphQL operation and return its `data`, or throw a GraphQLRequestError. */
export async function graphqlRequest<TData, TVariables extends Record<string, unknown> = Record<string, never>>(
  query: string,
  variables?: TVariables,
  options: RequestOptions = {},
): Promise<TData> {
  const doFetch = options.fetch ?? globalThis.fetch
  let response: Response
  try {
    response = await doFetch(GRAPHQL_ENDPOINT, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
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
