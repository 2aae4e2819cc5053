import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createMemoryHistory, createRouter, type RouteLocationNormalized } from 'vue-router'
import { graphqlRequest } from '@/api/client'
import { useViewerStore } from '@/stores/viewer'
import { signedInViewer } from '@/testing/viewers'
import { routes } from '../index'
import { decide, type GuardViewer, installGuards, safeRedirect } from '../guard'

const anonymous: GuardViewer = { authenticated: false, mustChangePassword: false, permissions: [] }
const staff: GuardViewer = { authenticated: true, mustChangePassword: false, permissions: ['score:write'] }
const newcomer: GuardViewer = { authenticated: true, mustChangePassword: true, permissions: [] }

/** The normalised target of a path, as the router would hand it to a guard. */
function target(path: string): RouteLocationNormalized {
  const router = createRouter({ history: createMemoryHistory(), routes })
  return router.resolve(path) as unknown as RouteLocationNormalized
}

describe('decide', () => {
  it('lets anyone see the public pages', () => {
    expect(decide(target('/'), anonymous)).toBe(true)
    expect(decide(target('/login'), anonymous)).toBe(true)
    expect(decide(target('/no-such-page'), anonymous)).toBe(true)
  })

  it('sends a visitor to sign in, remembering where they were going', () => {
    expect(decide(target('/system/users?search=li'), anonymous)).toEqual({
      name: 'login',
      query: { redirect: '/system/users?search=li' },
    })
    expect(decide(target('/account'), anonymous)).toEqual({ name: 'login', query: { redirect: '/account' } })
    expect(decide(target('/account/password'), anonymous)).toEqual({
      name: 'login',
      query: { redirect: '/account/password' },
    })
  })

  it('shows the 403 page for a page whose permission the viewer lacks', () => {
    expect(decide(target('/system/users'), staff)).toEqual({ name: 'forbidden', query: { from: '/system/users' } })
    expect(decide(target('/system/audit'), { ...staff, permissions: ['audit:read'] })).toBe(true)
    expect(decide(target('/system/roles'), { ...staff, permissions: ['*'] })).toBe(true)
  })

  it('opens the account pages to everyone signed in, without a permission', () => {
    expect(decide(target('/account'), staff)).toBe(true)
    expect(decide(target('/account/password'), staff)).toBe(true)
  })

  it('holds a user with a one-time password on the password page, wherever they go', () => {
    expect(decide(target('/system/users'), { ...newcomer, permissions: ['user:read'] })).toEqual({
      name: 'change-password',
      query: { redirect: '/system/users' },
    })
    expect(decide(target('/'), newcomer)).toEqual({ name: 'change-password', query: {} })
    expect(decide(target('/account/password?redirect=/account'), newcomer)).toBe(true)
  })

  it('sends a signed-in user away from the sign-in page to where they were going', () => {
    expect(decide(target('/login?redirect=/account'), staff)).toBe('/account')
    expect(decide(target('/login'), staff)).toBe('/')
    expect(decide(target('/login?redirect=/account'), newcomer)).toEqual({
      name: 'change-password',
      query: { redirect: '/account' },
    })
  })
})

describe('safeRedirect', () => {
  it('keeps paths inside the portal only', () => {
    expect(safeRedirect('/system/users?search=a')).toBe('/system/users?search=a')
    expect(safeRedirect('https://evil.example/')).toBe('/')
    expect(safeRedirect('//evil.example/')).toBe('/')
    expect(safeRedirect('/\\evil.example')).toBe('/')
    expect(safeRedirect('/login?redirect=/x')).toBe('/')
    expect(safeRedirect(['/account'])).toBe('/account')
    expect(safeRedirect(undefined)).toBe('/')
  })
})

describe('the installed guards', () => {
  let uninstall: (() => void) | undefined
  beforeEach(() => {
    setActivePinia(createPinia())
    // A request the test did not answer fails as offline, never reaching the network.
    vi.stubGlobal('fetch', vi.fn(async () => Promise.reject(new TypeError('offline (test)'))))
  })
  afterEach(() => {
    uninstall?.()
    vi.unstubAllGlobals()
  })

  function appRouter() {
    const router = createRouter({ history: createMemoryHistory(), routes })
    uninstall = installGuards(router)
    return router
  }

  it('loads the viewer before the first navigation and applies the decision', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => Response.json({ data: { viewer: signedInViewer({ permissions: ['role:read'] }) } })),
    )
    const router = appRouter()
    await router.push('/system/users')
    expect(router.currentRoute.value.fullPath).toBe('/403?from=/system/users')
    await router.push('/system/roles')
    expect(router.currentRoute.value.name).toBe('roles')
  })

  it('goes to sign-in with the current page when a request finds the session expired', async () => {
    const store = useViewerStore()
    store.setViewer(signedInViewer({ permissions: ['user:read'] }))
    const router = appRouter()
    await router.push('/system/users?search=wang')

    vi.stubGlobal(
      'fetch',
      vi.fn(async () =>
        Response.json({ errors: [{ message: '请先登录', extensions: { code: 'UNAUTHENTICATED' } }] }, { status: 200 }),
      ),
    )
    await graphqlRequest('query Users { users { nodes { id } } }').catch(() => undefined)

    await vi.waitFor(() => expect(router.currentRoute.value.name).toBe('login'))
    expect(router.currentRoute.value.query.redirect).toBe('/system/users?search=wang')
    expect(store.authenticated).toBe(false)
    expect(store.signedOutReason).toBe('expired')
  })

  it('explains a suspended tenant on the sign-in page (HTTP 401 TENANT_SUSPENDED)', async () => {
    const store = useViewerStore()
    store.setViewer(signedInViewer())
    const router = appRouter()
    await router.push('/account')

    vi.stubGlobal(
      'fetch',
      vi.fn(async () =>
        Response.json(
          { errors: [{ message: '金凤区已暂停使用本平台', extensions: { code: 'TENANT_SUSPENDED' } }] },
          { status: 401 },
        ),
      ),
    )
    await graphqlRequest('query MyApiTokens { myApiTokens { id } }').catch(() => undefined)

    await vi.waitFor(() => expect(router.currentRoute.value.name).toBe('login'))
    expect(store.signedOutReason).toBe('suspended')
    expect(store.signedOutMessage).toBe('金凤区已暂停使用本平台')
    // A request refused after it (the server dropped the cookie) does not hide the reason.
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => Response.json({ errors: [{ message: 'x', extensions: { code: 'UNAUTHENTICATED' } }] })),
    )
    await graphqlRequest('query X { x }').catch(() => undefined)
    expect(store.signedOutReason).toBe('suspended')
  })

  it('sends a signed-in viewer to sign in when the session is lost on a public page', async () => {
    const store = useViewerStore()
    store.setViewer(signedInViewer())
    const router = appRouter()
    await router.push('/')
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => Response.json({ errors: [{ message: 'x', extensions: { code: 'UNAUTHENTICATED' } }] })),
    )
    await graphqlRequest('query X { x }').catch(() => undefined)
    // the home showed their work: to sign in, told why, and back to the home afterwards
    await vi.waitFor(() => expect(router.currentRoute.value.name).toBe('login'))
    expect(router.currentRoute.value.query.redirect).toBe('/')
    expect(store.authenticated).toBe(false)
    expect(store.signedOutReason).toBe('expired')
  })

  it('leaves an anonymous visitor on a public page when a request is refused', async () => {
    const store = useViewerStore()
    const router = appRouter()
    await router.push('/')
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => Response.json({ errors: [{ message: 'x', extensions: { code: 'UNAUTHENTICATED' } }] })),
    )
    await graphqlRequest('query X { x }').catch(() => undefined)
    await new Promise((resolve) => setTimeout(resolve, 10))
    expect(router.currentRoute.value.name).toBe('home')
    expect(store.authenticated).toBe(false)
  })
})

describe('a refusal that hides an expired session', () => {
  let uninstall: (() => void) | undefined
  beforeEach(() => {
    setActivePinia(createPinia())
    // A request the test did not answer fails as offline, never reaching the network.
    vi.stubGlobal('fetch', vi.fn(async () => Promise.reject(new TypeError('offline (test)'))))
  })
  afterEach(() => {
    uninstall?.()
    vi.unstubAllGlobals()
  })

  it('re-checks the viewer after FORBIDDEN and goes to sign-in when the session is gone', async () => {
    const store = useViewerStore()
    store.setViewer(signedInViewer({ permissions: ['user:read'] }))
    const router = createRouter({ history: createMemoryHistory(), routes })
    uninstall = installGuards(router)
    await router.push('/system/users')

    vi.stubGlobal(
      'fetch',
      vi.fn(async (_url: string, init: RequestInit) =>
        String(init.body).includes('query Viewer')
          ? Response.json({ data: { viewer: { ...signedInViewer(), authenticated: false, kind: 'anonymous' } } })
          : Response.json({ errors: [{ message: '没有权限：需要「查看用户」(user:read)', extensions: { code: 'FORBIDDEN' } }] }),
      ),
    )
    await graphqlRequest('query Users { users { nodes { id } } }').catch(() => undefined)

    await vi.waitFor(() => expect(router.currentRoute.value.name).toBe('login'))
    expect(router.currentRoute.value.query.redirect).toBe('/system/users')
    expect(store.signedOutReason).toBe('expired')
  })

  it('shows the 403 page when the viewer lost the permission but is still signed in', async () => {
    const store = useViewerStore()
    store.setViewer(signedInViewer({ permissions: ['user:read'] }))
    const router = createRouter({ history: createMemoryHistory(), routes })
    uninstall = installGuards(router)
    await router.push('/system/users')

    vi.stubGlobal(
      'fetch',
      vi.fn(async (_url: string, init: RequestInit) =>
        String(init.body).includes('query Viewer')
          ? Response.json({ data: { viewer: signedInViewer({ permissions: [] }) } })
          : Response.json({ errors: [{ message: '没有权限', extensions: { code: 'FORBIDDEN' } }] }),
      ),
    )
    await graphqlRequest('query Users { users { nodes { id } } }').catch(() => undefined)

    await vi.waitFor(() => expect(router.currentRoute.value.name).toBe('forbidden'))
    expect(store.authenticated).toBe(true)
  })
})
