import { createMemoryHistory, createRouter, type RouteLocationNormalized } from 'vue-router'
import { describe, expect, it } from 'vitest'
import { groupSecret } from '@/api/secondFactor'
import { routes } from '@/router/index'
import { decide, type GuardViewer } from '@/router/guard'

const unenrolled: GuardViewer = {
  authenticated: true,
  mustChangePassword: false,
  mustEnrolSecondFactor: true,
  permissions: [],
}

function target(path: string): RouteLocationNormalized {
  const router = createRouter({ history: createMemoryHistory(), routes })
  return router.resolve(path) as unknown as RouteLocationNormalized
}

describe('two-step verification', () => {
  it('holds an administrator without an authenticator on the enrolment page, wherever they go', () => {
    expect(decide(target('/system/users'), unenrolled)).toEqual({
      name: 'second-factor',
      query: { redirect: '/system/users' },
    })
    expect(decide(target('/account/second-factor'), unenrolled)).toBe(true)
    expect(decide(target('/login'), unenrolled)).toEqual({ name: 'second-factor', query: {} })
  })

  it('asks for the new password before the authenticator', () => {
    expect(decide(target('/'), { ...unenrolled, mustChangePassword: true })).toEqual({
      name: 'change-password',
      query: {},
    })
  })

  it('shows the secret in groups of four for typing', () => {
    expect(groupSecret('JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP')).toBe('JBSW Y3DP EHPK 3PXP JBSW Y3DP EHPK 3PXP')
  })
})
