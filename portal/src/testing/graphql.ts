import { vi } from 'vitest'

/** What a fake server answers to one operation: data, or a function of the variables. */
export type Answer = Record<string, unknown> | ((variables: Record<string, unknown>) => Record<string, unknown>)

export interface SentOperation {
  name: string
  variables: Record<string, unknown>
}

/**
 * A stand-in for `fetch` that answers GraphQL operations by name (`query Rankings(…)` → the
 * `Rankings` answer) and records what was sent. An operation without an answer fails the test.
 */
export function fakeGraphQL(answers: Record<string, Answer>) {
  const sent: SentOperation[] = []
  const fetch = vi.fn(async (url: string, init?: RequestInit) => {
    let name: string
    let variables: Record<string, unknown>
    if (init?.method === 'GET') {
      // A result read by persisted GET (api/client.ts): its name and variables are in the URL.
      const params = new URL(url, 'http://portal.test').searchParams
      name = params.get('operationName') ?? '?'
      variables = JSON.parse(params.get('variables') ?? '{}') as Record<string, unknown>
    } else {
      const body = JSON.parse(String(init?.body ?? '{}')) as { query: string; variables?: Record<string, unknown> }
      name = /^(?:query|mutation)\s+([A-Za-z0-9_]+)/.exec(body.query.trim())?.[1] ?? '?'
      variables = body.variables ?? {}
    }
    sent.push({ name, variables })
    const answer = answers[name]
    if (!answer) throw new Error(`no answer for ${name}`)
    return Response.json({ data: typeof answer === 'function' ? answer(variables) : answer })
  })
  return { fetch, sent, names: () => sent.map((operation) => operation.name) }
}
