import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { GraphQLRequestError, graphqlRequest, onSessionLost, readCookie } from '../client'

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
