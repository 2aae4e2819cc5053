import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { useViewerStore } from '../viewer'

const viewer = {
  authenticated: true,
  displayName: '王五',
  tenant: { code: 'jinfeng', name: '金凤区', level: 'DISTRICT' },
  permissions: ['score:write'],
}

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
})
