import { describe, expect, it, vi } from 'vitest'
import { GraphQLRequestError, graphqlRequest } from '../client'

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
