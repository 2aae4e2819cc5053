import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createHash } from 'node:crypto'
import {
  CACHED_ROOTS,
  GraphQLRequestError,
  cachedOperation,
  graphqlRequest,
  onForbidden,
  onSessionLost,
  readCookie,
} from '../client'

const QUERY = 'query Viewer { viewer { authenticated } }'

function respond(body: unknown, init: ResponseInit = {}): typeof fetch {
  const text = typeof body === 'string' ? body : JSON.stringify(body)
  return vi.fn(async () => new Response(text, { status: 200, headers: { 'Content-Type': 'application/json' }, ...init }))
}

async function failure(fetchImpl: typeof fetch): Promise<GraphQLRequestError> {
  const error = await graphqlRequest(QUERY, {}, { fetch: fetchImpl }).catch((caught: unknown) => caught)
  expect(error).toBeInstanceOf(GraphQLRequestError)
  return error as GraphQLRequestError
}

describe('graphqlRequest', () => {
  it('posts the operation as JSON to /graphql with the session cookie and returns data', async () => {
    const fetchImpl = respond({ data: { viewer: { authenticated: false } } })
    const data = await graphqlRequest<{ viewer: { authenticated: boolean } }>(QUERY, {}, { fetch: fetchImpl })

    expect(data.viewer.authenticated).toBe(false)
    const [url, init] = vi.mocked(fetchImpl).mock.calls[0]!
    expect(url).toBe('/graphql')
    expect(init).toMatchObject({ method: 'POST', credentials: 'same-origin' })
    expect(new Headers(init?.headers).get('Content-Type')).toBe('application/json')
    expect(JSON.parse(String(init?.body))).toEqual({ query: QUERY, variables: {} })
  })

  it('throws the first GraphQL error with its code and request id', async () => {
    const error = await failure(
      respond({
        data: null,
        errors: [
          { message: '无权访问', extensions: { code: 'FORBIDDEN', requestId: 'req-42' } },
          { message: 'second' },
        ],
      }),
    )
    expect(error.kind).toBe('graphql')
    expect(error.message).toBe('无权访问')
    expect(error.code).toBe('FORBIDDEN')
    expect(error.requestId).toBe('req-42')
    expect(error.errors).toHaveLength(2)
  })

  it('treats errors next to partial data as a failure', async () => {
    const error = await failure(respond({ data: { viewer: null }, errors: [{ message: 'boom' }] }))
    expect(error.message).toBe('boom')
    expect(error.code).toBeUndefined()
    expect(error.requestId).toBeUndefined()
  })

  it('falls back to the X-Request-ID header when the error has no request id', async () => {
    const error = await failure(
      respond({ errors: [{ message: 'Unexpected error.' }] }, { headers: { 'X-Request-ID': 'hdr-7' } }),
    )
    expect(error.requestId).toBe('hdr-7')
  })

  it('reports an HTTP failure without a GraphQL body', async () => {
    const error = await failure(respond('<html>Bad Gateway</html>', { status: 502, statusText: 'Bad Gateway' }))
    expect(error.kind).toBe('http')
    expect(error.status).toBe(502)
    expect(error.message).toBe('HTTP 502 Bad Gateway')
  })

  it('reports a network failure', async () => {
    const error = await failure(vi.fn(async () => Promise.reject(new TypeError('Failed to fetch'))))
    expect(error.kind).toBe('network')
    expect(error.message).toBe('Failed to fetch')
  })
})

describe('CSRF', () => {
  it('repeats the jixiao_csrf cookie in the X-CSRF-Token header', async () => {
    const fetchImpl = respond({ data: { viewer: { authenticated: false } } })
    await graphqlRequest(QUERY, {}, { fetch: fetchImpl, cookies: () => 'theme=dark; jixiao_csrf=tok-123; other=1' })
    const [, init] = vi.mocked(fetchImpl).mock.calls[0]!
    expect(new Headers(init?.headers).get('X-CSRF-Token')).toBe('tok-123')
  })

  it('reads the cookie from document.cookie by default', async () => {
    document.cookie = 'jixiao_csrf=from-document; path=/'
    const fetchImpl = respond({ data: { viewer: { authenticated: false } } })
    await graphqlRequest(QUERY, {}, { fetch: fetchImpl })
    const [, init] = vi.mocked(fetchImpl).mock.calls[0]!
    expect(new Headers(init?.headers).get('X-CSRF-Token')).toBe('from-document')
    document.cookie = 'jixiao_csrf=; expires=Thu, 01 Jan 1970 00:00:00 GMT; path=/'
  })

  it('sends no header when the browser has no CSRF cookie', async () => {
    const fetchImpl = respond({ data: { viewer: { authenticated: false } } })
    await graphqlRequest(QUERY, {}, { fetch: fetchImpl, cookies: () => '' })
    const [, init] = vi.mocked(fetchImpl).mock.calls[0]!
    expect(new Headers(init?.headers).has('X-CSRF-Token')).toBe(false)
  })

  it('on a CSRF refusal fetches a fresh cookie with a GET and retries once with it', async () => {
    let jar = ''
    const fetchImpl = vi.fn(async (_url: RequestInfo | URL, init?: RequestInit) => {
      if (init?.method === 'GET') {
        jar = 'jixiao_csrf=fresh'
        return new Response('{"status":"ok"}')
      }
      const token = new Headers(init?.headers).get('X-CSRF-Token')
      if (token !== 'fresh') {
        return Response.json({ errors: [{ message: 'CSRF', extensions: { code: 'CSRF' } }] }, { status: 403 })
      }
      return Response.json({ data: { viewer: { authenticated: true } } })
    }) as unknown as typeof fetch

    const data = await graphqlRequest<{ viewer: { authenticated: boolean } }>(QUERY, {}, {
      fetch: fetchImpl,
      cookies: () => jar,
    })

    expect(data.viewer.authenticated).toBe(true)
    const calls = vi.mocked(fetchImpl).mock.calls
    expect(calls.map(([url, init]) => `${init?.method} ${String(url)}`)).toEqual([
      'POST /graphql',
      'GET /healthz',
      'POST /graphql',
    ])
  })

  it('gives up after one retry and reports the refusal', async () => {
    const fetchImpl = vi.fn(async () =>
      Response.json({ errors: [{ message: '请求缺少有效的 CSRF 令牌', extensions: { code: 'CSRF' } }] }, { status: 403 }),
    ) as unknown as typeof fetch
    const error = await failure(fetchImpl)
    expect(error.code).toBe('CSRF')
    expect(error.status).toBe(403)
    expect(error.sessionLost).toBe(false)
    // POST, GET /healthz, POST: no endless loop.
    expect(vi.mocked(fetchImpl).mock.calls).toHaveLength(3)
  })
})

describe('a lost session', () => {
  let heard: GraphQLRequestError[]
  let stop: () => void
  beforeEach(() => {
    heard = []
    stop = onSessionLost((error) => heard.push(error))
  })
  afterEach(() => stop())

  it('reports HTTP 401 TENANT_SUSPENDED to the listeners, with the server message', async () => {
    const error = await failure(
      respond(
        { errors: [{ message: '金凤区已暂停使用本平台', extensions: { code: 'TENANT_SUSPENDED' } }] },
        { status: 401 },
      ),
    )
    expect(error.sessionLost).toBe(true)
    expect(error.code).toBe('TENANT_SUSPENDED')
    expect(heard).toEqual([error])
    expect(heard[0]?.message).toBe('金凤区已暂停使用本平台')
  })

  it('reports an HTTP 401 without a body as a lost session too', async () => {
    const error = await failure(respond('', { status: 401, statusText: 'Unauthorized' }))
    expect(error.kind).toBe('http')
    expect(heard).toHaveLength(1)
  })

  it('reports an UNAUTHENTICATED error of an expired session', async () => {
    await failure(
      respond({ data: null, errors: [{ message: '请先登录 (sign-in required)', extensions: { code: 'UNAUTHENTICATED' } }] }),
    )
    expect(heard).toHaveLength(1)
    expect(heard[0]?.code).toBe('UNAUTHENTICATED')
  })

  it('does not call a refused permission a lost session', async () => {
    const error = await failure(respond({ errors: [{ message: '没有权限', extensions: { code: 'FORBIDDEN' } }] }))
    expect(error.sessionLost).toBe(false)
    expect(heard).toHaveLength(0)
  })

  it('stays quiet when the caller handles it (sign-in, sign-out)', async () => {
    const error = await graphqlRequest(QUERY, {}, {
      fetch: respond({ errors: [{ message: 'x', extensions: { code: 'UNAUTHENTICATED' } }] }, { status: 401 }),
      quiet: true,
    }).catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(GraphQLRequestError)
    expect(heard).toHaveLength(0)
  })
})

describe('readCookie', () => {
  it('finds a cookie among others and decodes it', () => {
    expect(readCookie('jixiao_csrf', 'a=1; jixiao_csrf=x%2Fy; b=2')).toBe('x/y')
    expect(readCookie('jixiao_csrf', 'jixiao_csrf_old=1')).toBeUndefined()
    expect(readCookie('jixiao_csrf', '')).toBeUndefined()
  })
})

/** A rankings read as results.ts sends it: the operation, then the fragments it spreads. */
const RANKINGS = `query Rankings($schemeCode: String!, $period: ResultPeriod!, $runId: ID) {
  rankings(schemeCode: $schemeCode, period: $period, runId: $runId) {
    run {
      ...ResultRunFields
    }
  }
}
fragment ResultRunFields on ResultRun {
  id
  label: periodLabel
}`
const RANKINGS_VARIABLES = { schemeCode: 'jinfeng-2015', period: 'ANNUAL' }
const RANKINGS_DATA = { rankings: { run: { id: 'r1', label: '2025 年度' } } }

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex')
}

/** A fetch that answers each call from a handler, keeping the calls. */
function server(handler: (url: URL, init: RequestInit) => Response): typeof fetch {
  return vi.fn(async (input: RequestInfo | URL, init?: RequestInit) =>
    handler(new URL(String(input), 'http://portal.test'), init ?? {}),
  ) as unknown as typeof fetch
}

function calls(fetchImpl: typeof fetch): string[] {
  return vi.mocked(fetchImpl).mock.calls.map(([url, init]) => `${init?.method} ${new URL(String(url), 'http://portal.test').pathname}`)
}

describe('result reads by persisted GET', () => {
  it('reads the rankings by GET with the query hash, the variables and no CSRF header', async () => {
    const fetchImpl = server(() => Response.json({ data: RANKINGS_DATA }))
    const data = await graphqlRequest(RANKINGS, RANKINGS_VARIABLES, {
      fetch: fetchImpl,
      cookies: () => 'jixiao_csrf=tok-1',
    })

    expect(data).toEqual(RANKINGS_DATA)
    expect(calls(fetchImpl)).toEqual(['GET /graphql'])
    const [input, init] = vi.mocked(fetchImpl).mock.calls[0]!
    const url = new URL(String(input), 'http://portal.test')
    expect(url.pathname).toBe('/graphql')
    expect(url.searchParams.get('operationName')).toBe('Rankings')
    expect(JSON.parse(url.searchParams.get('variables')!)).toEqual(RANKINGS_VARIABLES)
    expect(JSON.parse(url.searchParams.get('extensions')!)).toEqual({
      persistedQuery: { version: 1, sha256Hash: sha256(RANKINGS) },
    })
    expect(url.searchParams.has('query')).toBe(false)
    expect(init).toMatchObject({ method: 'GET', credentials: 'same-origin' })
    expect(init?.body).toBeUndefined()
    expect(new Headers(init?.headers).has('X-CSRF-Token')).toBe(false)
  })

  it('hashes the exact text, non-ASCII included, as the server does (sha256 of its UTF-8)', async () => {
    const query = 'query BonusTable { bonusTable(schemeCode: "金凤") { total } }'
    const fetchImpl = server(() => Response.json({ data: { bonusTable: { total: 1 } } }))
    await graphqlRequest(query, {}, { fetch: fetchImpl })
    const [input] = vi.mocked(fetchImpl).mock.calls[0]!
    const extensions = JSON.parse(new URL(String(input), 'http://portal.test').searchParams.get('extensions')!)
    expect(extensions.persistedQuery.sha256Hash).toBe(sha256(query))
  })

  it('sends the query once by POST with its hash when the server does not know it, then GET again', async () => {
    const known = new Set<string>()
    const fetchImpl = server((url, init) => {
      if (init.method === 'GET') {
        const hash = JSON.parse(url.searchParams.get('extensions')!).persistedQuery.sha256Hash as string
        if (!known.has(hash)) {
          return Response.json({ errors: [{ message: 'PersistedQueryNotFound', extensions: { code: 'PERSISTED_QUERY_NOT_FOUND' } }] })
        }
        return Response.json({ data: RANKINGS_DATA })
      }
      const body = JSON.parse(String(init.body))
      known.add(body.extensions.persistedQuery.sha256Hash)
      return Response.json({ data: RANKINGS_DATA })
    })
    const options = { fetch: fetchImpl, cookies: () => 'jixiao_csrf=tok-2' }

    expect(await graphqlRequest(RANKINGS, RANKINGS_VARIABLES, options)).toEqual(RANKINGS_DATA)
    expect(await graphqlRequest(RANKINGS, RANKINGS_VARIABLES, options)).toEqual(RANKINGS_DATA)

    expect(calls(fetchImpl)).toEqual(['GET /graphql', 'POST /graphql', 'GET /graphql'])
    const [, post] = vi.mocked(fetchImpl).mock.calls[1]!
    expect(JSON.parse(String(post?.body))).toEqual({
      query: RANKINGS,
      variables: RANKINGS_VARIABLES,
      operationName: 'Rankings',
      extensions: { persistedQuery: { version: 1, sha256Hash: sha256(RANKINGS) } },
    })
    expect(new Headers(post?.headers).get('X-CSRF-Token')).toBe('tok-2')
  })

  it('posts mutations and every other query as before', async () => {
    const mutation = 'mutation ComputeResults { computeResults(schemeCode: "x", period: ANNUAL) { errors { code } } }'
    const mixed = 'query Mixed { rankings(schemeCode: "x", period: ANNUAL) { run { id } } viewer { authenticated } }'
    const fetchImpl = server(() => Response.json({ data: { ok: true } }))
    for (const query of [QUERY, mutation, mixed]) await graphqlRequest(query, {}, { fetch: fetchImpl })
    expect(calls(fetchImpl)).toEqual(['POST /graphql', 'POST /graphql', 'POST /graphql'])
    expect(JSON.parse(String(vi.mocked(fetchImpl).mock.calls[1]![1]?.body))).toEqual({ query: mutation, variables: {} })
  })

  it('posts when crypto.subtle is missing (a page not served over https)', async () => {
    vi.stubGlobal('crypto', undefined)
    try {
      const query = 'query UnitTrend { unitTrend(schemeCode: "x", unitCode: "y") { period } }'
      const fetchImpl = server(() => Response.json({ data: { unitTrend: [] } }))
      await graphqlRequest(query, {}, { fetch: fetchImpl })
      expect(calls(fetchImpl)).toEqual(['POST /graphql'])
    } finally {
      vi.unstubAllGlobals()
    }
  })

  it('tells the session-lost and forbidden listeners about a GET as about a POST', async () => {
    const lost: GraphQLRequestError[] = []
    const forbidden: GraphQLRequestError[] = []
    const stops = [onSessionLost((error) => lost.push(error)), onForbidden((error) => forbidden.push(error))]
    try {
      const query = 'query ResultRuns { resultRuns(schemeCode: "x") { nodes { id } } }'
      const unauthenticated = server(() =>
        Response.json({ errors: [{ message: '请先登录', extensions: { code: 'UNAUTHENTICATED' } }] }, { status: 401 }),
      )
      const refused = server(() =>
        Response.json({ data: null, errors: [{ message: '没有权限', extensions: { code: 'FORBIDDEN', requestId: 'q-1' } }] }),
      )
      const first = await graphqlRequest(query, {}, { fetch: unauthenticated }).catch((caught: unknown) => caught)
      const second = await graphqlRequest(query, {}, { fetch: refused }).catch((caught: unknown) => caught)

      expect(calls(unauthenticated)).toEqual(['GET /graphql'])
      expect(first).toBeInstanceOf(GraphQLRequestError)
      expect((first as GraphQLRequestError).sessionLost).toBe(true)
      expect(lost).toEqual([first])
      expect((second as GraphQLRequestError).code).toBe('FORBIDDEN')
      expect((second as GraphQLRequestError).requestId).toBe('q-1')
      expect(forbidden).toEqual([second])
    } finally {
      for (const stop of stops) stop()
    }
  })
})

describe('cachedOperation', () => {
  it('takes a query whose every root field is a cached root, by field name, fragments after it', () => {
    expect(cachedOperation(RANKINGS)).toEqual({ name: 'Rankings' })
    expect(cachedOperation('{ a: rankings(schemeCode: "}") { run { id } } b: bonusTable(schemeCode: "x") { total } }')).toEqual({
      name: undefined,
    })
    expect(cachedOperation('# a comment { viewer }\nquery Q($p: In = {a: 1}) @x { unitTrend(s: $p) @include(if: true) { period } }')).toEqual({
      name: 'Q',
    })
  })

  it('refuses anything else', () => {
    expect(cachedOperation(QUERY)).toBeUndefined()
    expect(cachedOperation('mutation M { rankings { id } }')).toBeUndefined()
    expect(cachedOperation('query A { rankings { id } } query B { rankings { id } }')).toBeUndefined()
    expect(cachedOperation('query A { ...Roots } fragment Roots on Query { rankings { id } }')).toBeUndefined()
    expect(cachedOperation('query A { rankings: viewer { id } }')).toBeUndefined()
    expect(cachedOperation('query A { __typename rankings { id } }')).toBeUndefined()
    expect(cachedOperation('query A { rankings { id }')).toBeUndefined()
  })

  it('lists the server roots (tests/graphql/test_portal_cached_roots.py keeps them equal)', () => {
    expect([...CACHED_ROOTS].sort()).toEqual([
      'bonusTable',
      'compareUnits',
      'indicatorAcrossUnits',
      'rankings',
      'resultRuns',
      'unitAcrossYears',
      'unitResult',
      'unitTrend',
    ])
  })
})
