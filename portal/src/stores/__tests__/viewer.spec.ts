import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { signedInViewer } from '@/testing/viewers'
import { useViewerStore } from '../viewer'

const viewer = signedInViewer({ displayName: '王五', permissions: ['score:write'], roles: ['scoring_leader'] })

describe('useViewerStore', () => {
  beforeEach(() => setActivePinia(createPinia()))
  afterEach(() => vi.unstubAllGlobals())

  it('loads the viewer once however often it is asked', async () => {
    const fetchMock = vi.fn(async () => Response.json({ data: { viewer } }))
    vi.stubGlobal('fetch', fetchMock)
    const store = useViewerStore()

    await Promise.all([store.load(), store.load()])
    await store.load()

    expect(fetchMock).toHaveBeenCalledTimes(1)
    expect(store.tenant?.name).toBe('金凤区')
    expect(store.permissions).toEqual(['score:write'])
    expect(store.authenticated).toBe(true)
    expect(store.isAdministrator).toBe(false)
  })

  it('keeps the error and stays signed out when the server fails', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => Response.json({ errors: [{ message: 'down', extensions: { requestId: 'r1' } }] })),
    )
    const store = useViewerStore()
    await store.load()

    expect(store.error?.requestId).toBe('r1')
    expect(store.authenticated).toBe(false)
    expect(store.permissions).toEqual([])
  })

  it('treats a refused session cookie (suspended tenant) as signed out, and remembers why', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () =>
        Response.json(
          { errors: [{ message: '金凤区已暂停使用本平台', extensions: { code: 'TENANT_SUSPENDED' } }] },
          { status: 401 },
        ),
      ),
    )
    const store = useViewerStore()
    await store.load()

    expect(store.error).toBeNull()
    expect(store.viewer?.authenticated).toBe(false)
    expect(store.signedOutReason).toBe('suspended')
    expect(store.signedOutMessage).toBe('金凤区已暂停使用本平台')
  })

  it('takes the viewer a sign-in returns, and forgets it at sign-out', async () => {
    const admin = signedInViewer({ roles: ['tenant_admin'], mustChangePassword: true })
    const fetchMock = vi
      .fn()
      .mockResolvedValueOnce(Response.json({ data: { signIn: { viewer: admin, errors: [] } } }))
      .mockResolvedValueOnce(Response.json({ data: { signOut: true } }))
    vi.stubGlobal('fetch', fetchMock)
    const store = useViewerStore()

    await store.signIn({ tenant: 'jinfeng', username: 'admin', password: 'pw' })
    expect(store.authenticated).toBe(true)
    expect(store.mustChangePassword).toBe(true)
    expect(store.isAdministrator).toBe(true)
    await store.load()
    expect(fetchMock).toHaveBeenCalledTimes(1)

    await store.signOut()
    expect(store.authenticated).toBe(false)
    expect(store.roles).toEqual([])
  })

  it('forgets the viewer at sign-out even when the session had already expired', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => Response.json({ errors: [{ message: '请先登录', extensions: { code: 'UNAUTHENTICATED' } }] })),
    )
    const store = useViewerStore()
    store.setViewer(viewer)
    await store.signOut()
    expect(store.authenticated).toBe(false)
  })

  it('keeps the old viewer when sign-in is refused', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () =>
        Response.json({
          data: { signIn: { viewer: null, errors: [{ code: 'UNAUTHENTICATED', message: '用户名或密码错误', field: null }] } },
        }),
      ),
    )
    const store = useViewerStore()
    const outcome = await store.signIn({ tenant: 'jinfeng', username: 'x', password: 'y' })
    expect(outcome.errors[0]?.message).toBe('用户名或密码错误')
    expect(store.authenticated).toBe(false)
  })
})
