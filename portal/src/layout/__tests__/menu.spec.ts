import { describe, expect, it } from 'vitest'
import { MENU, type MenuEntry, visibleMenu } from '../menu'

const table: MenuEntry[] = [
  { key: '/', path: '/', titleKey: 'menu.home', permission: null },
  { key: '/scores', path: '/scores', titleKey: 'menu.scores', permission: 'score:write' },
  {
    key: 'system',
    titleKey: 'menu.system',
    permission: null,
    children: [
      { key: '/system/users', path: '/system/users', titleKey: 'menu.users', permission: 'user:read' },
      { key: '/system/roles', path: '/system/roles', titleKey: 'menu.roles', permission: 'role:read' },
    ],
  },
  {
    key: 'audit',
    titleKey: 'menu.audit',
    permission: 'audit:read',
    children: [{ key: '/audit/log', path: '/audit/log', titleKey: 'menu.log', permission: null }],
  },
]

const keys = (entries: MenuEntry[]): string[] =>
  entries.flatMap((entry) => [entry.key, ...(entry.children ? keys([...entry.children]) : [])])

describe('visibleMenu', () => {
  it('shows a visitor without permissions only the public entries', () => {
    expect(keys(visibleMenu(table, []))).toEqual(['/'])
  })

  it('shows an entry when the viewer holds its permission code', () => {
    expect(keys(visibleMenu(table, ['score:write']))).toEqual(['/', '/scores'])
  })

  it('keeps a group with only the children the viewer may see', () => {
    expect(keys(visibleMenu(table, ['role:read']))).toEqual(['/', 'system', '/system/roles'])
  })

  it('hides a group, children included, when the group itself needs a missing permission', () => {
    expect(keys(visibleMenu(table, ['user:read']))).not.toContain('audit')
    expect(keys(visibleMenu(table, ['audit:read']))).toContain('/audit/log')
  })

  it('shows everything to the `*` wildcard', () => {
    expect(keys(visibleMenu(table, ['*']))).toEqual(keys(table))
  })

  it('does not change the menu table', () => {
    visibleMenu(table, ['role:read'])
    expect(table[2]?.children).toHaveLength(2)
  })

  it('gives every visitor the home page', () => {
    expect(visibleMenu(MENU, []).map((entry) => entry.path)).toContain('/')
  })
})

describe('the portal menu by role', () => {
  /** The permissions of the built-in roles (jixiao/policies/defaults.py) that decide the admin pages. */
  const ROLE_PERMISSIONS: Record<string, string[]> = {
    office: [
      'scheme:read',
      'scheme:write',
      'unit:read',
      'unit:write',
      'result:read',
      'result:compute',
      'result:publish',
      'notice:write',
    ],
    leadership: ['scheme:read', 'scheme:approve', 'result:read', 'result:approve'],
    unit_reporter: ['report:write', 'result:read', 'appeal:write'],
    finance: ['result:read', 'bonus:read', 'notice:read'],
    tenant_admin: ['setting:read', 'setting:write', 'user:read', 'user:write', 'unit:read', 'unit:write'],
    security_admin: ['role:read', 'role:write', 'role:assign', 'user:read'],
    audit_admin: ['audit:read', 'audit:export'],
  }
  const pages = (role: string) =>
    keys(visibleMenu(MENU, ROLE_PERMISSIONS[role] ?? [], true)).filter((key) => key.startsWith('/'))

  it('shows the office results with the runs, the setup pages, and no admin page', () => {
    expect(pages('office')).toEqual([
      '/',
      '/results',
      '/results/compare',
      '/results/trends',
      '/results/runs',
      '/results/public',
      '/city/rankings',
      '/city/received',
      '/city/compare',
      '/setup/schemes',
      '/setup/units',
      '/notices/manage',
      '/account',
    ])
  })

  it('shows the leadership group the runs to approve and the schemes', () => {
    expect(pages('leadership')).toEqual([
      '/',
      '/results',
      '/results/compare',
      '/results/trends',
      '/results/runs',
      '/city/rankings',
      '/city/received',
      '/city/compare',
      '/setup/schemes',
      '/account',
    ])
  })

  it('shows a unit reporter its progress reports and the results, and the finance bureau the bonus table too', () => {
    expect(pages('unit_reporter')).toEqual([
      '/',
      '/cycle/reports',
      '/cycle/inspections',
      '/cycle/supervision',
      '/results',
      '/results/compare',
      '/results/trends',
      '/appeals',
      '/account',
    ])
    expect(pages('finance')).toEqual([
      '/',
      '/results',
      '/results/compare',
      '/results/trends',
      '/results/bonus',
      '/notices',
      '/account',
    ])
  })

  it('shows the system administrator the units, 用户管理 and 系统设置', () => {
    expect(pages('tenant_admin')).toEqual(['/', '/setup/units', '/system/users', '/system/settings', '/account'])
  })

  it('shows the security administrator users and roles', () => {
    expect(pages('security_admin')).toEqual(['/', '/system/users', '/system/roles', '/account'])
  })

  it('shows the audit administrator the audit log and the sign-in log only', () => {
    expect(pages('audit_admin')).toEqual(['/', '/system/audit', '/system/sign-ins', '/account'])
  })

  it('keeps 我的账户 from visitors who have not signed in', () => {
    expect(keys(visibleMenu(MENU, []))).toEqual(['/'])
    expect(keys(visibleMenu(MENU, [], true))).toEqual(['/', '/account'])
  })
})
