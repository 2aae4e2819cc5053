import { describe, expect, it } from 'vitest'
import { MENU, type MenuEntry, visibleMenu } from '@/layout/menu'
import { routes } from '@/router'
import { CYCLE_MENU, CYCLE_ROUTES } from '../pages'

/** The cycle-related permissions of the built-in roles (jixiao/policies/defaults.py). */
const ROLE_PERMISSIONS: Record<string, string[]> = {
  office: ['assignment:read', 'assignment:write', 'report:read', 'score:read', 'score:reopen', 'result:read', 'supervision:read'],
  leadership: ['assignment:read', 'report:read', 'score:read', 'result:read', 'result:approve', 'supervision:read'],
  scoring_leader: ['assignment:read', 'report:read', 'score:read', 'score:write', 'result:read'],
  monitoring_dept: ['assignment:read', 'report:read', 'report:verify', 'score:read', 'score:write', 'result:read'],
  supervision: ['assignment:read', 'report:read', 'supervision:read', 'supervision:write'],
  unit_reporter: ['assignment:read', 'report:read', 'report:write', 'result:read', 'appeal:write'],
  unit_head: ['assignment:read', 'report:read', 'report:approve', 'result:read', 'appeal:write'],
  finance: ['result:read', 'bonus:read'],
  tenant_admin: ['setting:read', 'setting:write', 'user:read', 'user:write', 'unit:read', 'unit:write'],
}

const paths = (entries: readonly MenuEntry[]): string[] =>
  entries.flatMap((entry) => [...(entry.path ? [entry.path] : []), ...paths(entry.children ?? [])])
const cyclePages = (role: string) => paths(visibleMenu([CYCLE_MENU], ROLE_PERMISSIONS[role] ?? [], true))

describe('the quarterly-cycle menu by role', () => {
  it('gives the appraisal office the assignments, verification (to correct), the workbench (to return scores), adjustments, awards and supervision', () => {
    expect(cyclePages('office')).toEqual([
      '/cycle/assignments',
      '/cycle/verification',
      '/cycle/scoring',
      '/cycle/ratings',
      '/cycle/rating-matrix',
      '/cycle/inspections',
      '/cycle/supervision',
    ])
  })

  it('gives a unit reporter its tasks and the report form, and the head the approvals', () => {
    expect(cyclePages('unit_reporter')).toEqual([
      '/cycle/assignments',
      '/cycle/reports',
      '/cycle/inspections',
      '/cycle/supervision',
    ])
    expect(cyclePages('unit_head')).toEqual([
      '/cycle/assignments',
      '/cycle/approvals',
      '/cycle/inspections',
      '/cycle/supervision',
    ])
  })

  it('gives the monitoring department verification and scoring, a scoring leader scoring and ratings', () => {
    expect(cyclePages('monitoring_dept')).toEqual([
      '/cycle/assignments',
      '/cycle/verification',
      '/cycle/scoring',
      '/cycle/ratings',
      '/cycle/rating-form',
      '/cycle/inspections',
    ])
    expect(cyclePages('scoring_leader')).toEqual([
      '/cycle/assignments',
      '/cycle/scoring',
      '/cycle/ratings',
      '/cycle/rating-form',
    ])
  })

  it('lets the leadership group and supervision look without entering anything', () => {
    expect(cyclePages('leadership')).toEqual(['/cycle/assignments', '/cycle/scoring', '/cycle/supervision'])
    expect(cyclePages('supervision')).toEqual(['/cycle/assignments', '/cycle/inspections', '/cycle/supervision'])
  })

  it('shows 明查暗访与创新奖 to whoever records inspections or applies for / decides awards', () => {
    const pages = (permissions: string[]) => paths(visibleMenu([CYCLE_MENU], permissions, true))
    for (const code of ['score:reopen', 'report:verify', 'supervision:write', 'report:write', 'report:approve']) {
      expect(pages([code]), code).toContain('/cycle/inspections')
    }
    expect(pages(['supervision:read'])).toEqual(['/cycle/supervision'])
    expect(pages(['score:write', 'result:read'])).not.toContain('/cycle/inspections')
  })

  it('hides the whole group from roles outside the cycle', () => {
    expect(cyclePages('finance')).toEqual([])
    expect(cyclePages('tenant_admin')).toEqual([])
    expect(visibleMenu([CYCLE_MENU], ['result:read'], true)).toEqual([])
  })

  it('is part of the portal menu', () => {
    expect(MENU).toContain(CYCLE_MENU)
  })
})

describe('the quarterly-cycle routes', () => {
  it('guard each page with the permission of its menu entry', () => {
    const menu = new Map((CYCLE_MENU.children ?? []).map((entry) => [entry.path?.slice(1), entry.permission]))
    expect(CYCLE_ROUTES.map((route) => route.path)).toEqual([...menu.keys()])
    for (const route of CYCLE_ROUTES) {
      expect(route.meta?.permission, route.path).toEqual(menu.get(route.path))
      expect(route.meta?.titleKey).toMatch(/^cycle\.menu\./)
    }
  })

  it('are children of the portal layout', () => {
    const layout = routes.find((route) => route.path === '/')
    for (const route of CYCLE_ROUTES) expect(layout?.children).toContain(route)
  })
})
