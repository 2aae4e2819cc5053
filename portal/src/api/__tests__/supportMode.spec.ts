import { createPinia, setActivePinia } from 'pinia'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { useViewerStore } from '@/stores/viewer'
import { signedInViewer } from '@/testing/viewers'
import { graphqlRequest } from '../client'
import { enterSupport, leaveSupport, onSupportChange, SUPPORT_HEADER, supportTarget } from '../supportMode'

const QUERY = 'query Units { units { edges { node { code } } } }'
const JINFENG = { code: 'jinfeng', name: '金凤区', expiresAt: '2026-12-07T02:00:00+00:00' }

function respond(body: unknown, status = 200): typeof fetch {
  return vi.fn(async () => new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } }))
}

afterEach(() => {
  leaveSupport()
  sessionStorage.clear()
})

describe('support mode', () => {
  it('names the tenant in every request while an operator reads it under a grant', async () => {
    const fetchImpl = respond({ data: { units: { edges: [] } } })
    await graphqlRequest(QUERY, {}, { fetch: fetchImpl })
    expect(new Headers(vi.mocked(fetchImpl).mock.calls[0]![1]?.headers).get(SUPPORT_HEADER)).toBeNull()

    enterSupport(JINFENG)
    await graphqlRequest(QUERY, {}, { fetch: fetchImpl })
    expect(new Headers(vi.mocked(fetchImpl).mock.calls[1]![1]?.headers).get(SUPPORT_HEADER)).toBe('jinfeng')
    expect(supportTarget()).toEqual(JINFENG)
  })

  it('ends when the server says the grant no longer holds, with its reason', async () => {
    enterSupport(JINFENG)
    const heard: Array<[unknown, string | null]> = []
    const stop = onSupportChange((target, reason) => heard.push([target, reason]))
    const refused = respond(
      { errors: [{ message: '没有金凤区的有效运维授权（未授权、已到期或已被撤销）', extensions: { code: 'SUPPORT_GRANT_REQUIRED' } }] },
      403,
    )
    await expect(graphqlRequest(QUERY, {}, { fetch: refused })).rejects.toMatchObject({ code: 'SUPPORT_GRANT_REQUIRED' })
    stop()
    expect(supportTarget()).toBeNull()
    expect(heard).toEqual([[null, '没有金凤区的有效运维授权（未授权、已到期或已被撤销）']])
  })

  it('loads the operator’s own viewer when the grant ended before the page loaded', async () => {
    enterSupport(JINFENG)
    const operator = signedInViewer({ kind: 'operator', tenant: null, permissions: ['support:access'] })
    const answers = [
      new Response(JSON.stringify({ errors: [{ message: '没有金凤区的有效运维授权', extensions: { code: 'SUPPORT_GRANT_REQUIRED' } }] }), {
        status: 403,
      }),
      Response.json({ data: { viewer: operator } }),
    ]
    const fetchImpl = vi.fn(async (_url: string, _init?: RequestInit) => answers.shift()!)
    vi.stubGlobal('fetch', fetchImpl)
    setActivePinia(createPinia())
    const store = useViewerStore()
    await store.load()
    vi.unstubAllGlobals()
    expect(store.error).toBeNull()
    expect(store.viewer?.kind).toBe('operator')
    expect(store.tenant).toBeNull()
    expect(supportTarget()).toBeNull()
    expect(new Headers(fetchImpl.mock.calls[1]![1]?.headers).get(SUPPORT_HEADER)).toBeNull()
  })

  it('forgets a damaged stored value', () => {
    sessionStorage.setItem('jixiao.support', '{"code": 1')
    expect(supportTarget()).toBeNull()
  })
})
