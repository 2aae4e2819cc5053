import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it } from 'vitest'
import { useViewerStore } from '@/stores/viewer'
import { signedInViewer } from '@/testing/viewers'
import { hasPermission, permits } from '../permission'

describe('permits', () => {
  it('grants a code the viewer holds exactly', () => {
    expect(permits(['score:write'], 'score:write')).toBe(true)
  })

  it('refuses a code the viewer lacks', () => {
    expect(permits(['score:read'], 'score:write')).toBe(false)
    expect(permits([], 'score:read')).toBe(false)
  })

  it('grants everything to `*`', () => {
    expect(permits(['*'], 'tenant:suspend')).toBe(true)
  })

  it('grants every action on a resource to `resource:*`, and nothing on other resources', () => {
    expect(permits(['score:*'], 'score:write')).toBe(true)
    expect(permits(['score:*'], 'scheme:write')).toBe(false)
  })

  it('accepts a list of which any one code suffices', () => {
    expect(permits(['result:read'], ['score:write', 'result:read'])).toBe(true)
    expect(permits(['result:read'], ['score:write'])).toBe(false)
  })
})

describe('hasPermission', () => {
  beforeEach(() => setActivePinia(createPinia()))

  it('reads the codes of the loaded viewer', () => {
    const store = useViewerStore()
    expect(hasPermission('score:write')).toBe(false)
    store.viewer = signedInViewer({ tenant: null, permissions: ['score:write'] })
    expect(hasPermission('score:write')).toBe(true)
    expect(hasPermission('scheme:approve')).toBe(false)
    // @ts-expect-error — not a code of the server's catalogue: a typo does not compile
    expect(hasPermission('score:approve')).toBe(false)
  })
})
