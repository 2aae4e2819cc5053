import { describe, expect, it } from 'vitest'
import { type HomeKind, pickHome } from '../homes'
import { currentPeriod, currentScheme, deadlineState, latestReports, needsReport, quarterOf } from '../period'
import { matrixByUnit } from '../matrix'
import { scoringByUnit } from '../scoring'
import { byUrgency, workRows } from '../work'
import { summarizeTenants } from '@/views/operator/tenants'
import { assignment, report } from './fixtures'
import { ROLE_PERMISSIONS } from './roles'

const home = (role: string, kind = 'user'): HomeKind =>
  pickHome({ authenticated: true, kind, permissions: ROLE_PERMISSIONS[role] ?? [] })

describe('which home each viewer gets', () => {
  it('gives each built-in role the home of its work, by its permission codes', () => {
    expect(home('unit_reporter')).toBe('reporter')
    expect(home('unit_head')).toBe('unitHead')
    expect(home('monitoring_dept')).toBe('monitoring')
    expect(home('scoring_leader')).toBe('scoring')
    expect(home('office')).toBe('office')
    expect(home('leadership')).toBe('leadership')
    expect(home('supervision')).toBe('supervision')
  })

  it('gives platform operators the tenants summary, by kind or by permission', () => {
    expect(home('platform_operator', 'operator')).toBe('operator')
    expect(pickHome({ authenticated: true, kind: 'operator', permissions: [] })).toBe('operator')
    expect(home('platform_operator')).toBe('operator')
  })

  it('gives the administrators, the finance bureau and visitors the welcome page', () => {
    for (const role of ['tenant_admin', 'security_admin', 'audit_admin', 'finance']) expect(home(role)).toBe('general')
    expect(pickHome({ authenticated: false, kind: 'anonymous', permissions: [] })).toBe('welcome')
  })

  it('follows permissions, not role names: a custom role with report:verify gets the verification home', () => {
    expect(pickHome({ authenticated: true, kind: 'user', permissions: ['report:verify'] })).toBe('monitoring')
    // Holding several: the most responsible work wins (an office member who also reports).
    expect(pickHome({ authenticated: true, kind: 'user', permissions: ['report:write', 'result:compute'] })).toBe('office')
  })
})

describe('the period to work on', () => {
  const schemes = [
    { code: 'jinfeng-2015', name: '2015', year: 2015, periods: ['Q1', 'Q2', 'Q3', 'Q4'], status: 'PUBLISHED' },
    { code: 'jinfeng-2016', name: '2016', year: 2016, periods: ['Q1', 'Q2', 'Q3', 'Q4'], status: 'DRAFT' },
  ]

  it('takes the calendar quarter in this year’s scheme', () => {
    expect(quarterOf(new Date(2016, 4, 10))).toBe('Q2')
    const scheme = currentScheme(schemes, new Date(2016, 4, 10))
    expect(scheme?.code).toBe('jinfeng-2016')
    expect(currentPeriod(scheme, new Date(2016, 4, 10))).toBe('Q2')
  })

  it('takes the last period of a past year’s scheme (the demo data is from 2015)', () => {
    const today = new Date(2026, 10, 27)
    const scheme = currentScheme(schemes, today)
    expect(scheme?.code).toBe('jinfeng-2015')
    expect(currentPeriod(scheme, today)).toBe('Q4')
  })

  it('has no scheme when there is none, and still a period', () => {
    expect(currentScheme([], new Date(2016, 0, 1))).toBeNull()
    expect(currentPeriod(null, new Date(2016, 7, 1))).toBe('Q3')
  })
})

describe('deadlines and report status', () => {
  const today = new Date(2015, 3, 10)

  it('counts days to or past a deadline', () => {
    expect(deadlineState('2015-04-05', today)).toEqual({ kind: 'overdue', days: 5 })
    expect(deadlineState('2015-04-10', today)).toEqual({ kind: 'today' })
    expect(deadlineState('2015-04-15', today)).toEqual({ kind: 'soon', days: 5 })
    expect(deadlineState('2015-06-30', today)).toEqual({ kind: 'later', days: 81 })
    expect(deadlineState(null, today)).toEqual({ kind: 'none' })
  })

  it('takes the newest version of each report, and knows what still needs the unit', () => {
    const reports = [report({ id: 'r1', version: 1, status: 'RETURNED' }), report({ id: 'r2', version: 2, status: 'DRAFT' })]
    expect(latestReports(reports).get('a1')?.id).toBe('r2')
    expect(needsReport('DRAFT')).toBe(true)
    expect(needsReport('SUBMITTED')).toBe(false)
  })

  it('lists the most urgent assignments first', () => {
    const rows = workRows(
      [
        assignment({ id: 'a1', indicatorCode: 'A1', deadline: '2015-06-30' }),
        assignment({ id: 'a2', indicatorCode: 'A2', deadline: '2015-04-01' }),
        assignment({ id: 'a3', indicatorCode: 'A3', deadline: null }),
        assignment({ id: 'a4', indicatorCode: 'A4', deadline: '2015-04-12' }),
      ],
      [report({ assignmentId: 'a2', status: 'SUBMITTED' })],
      today,
    )
    expect(rows.sort(byUrgency).map((row) => row.assignment.id)).toEqual(['a2', 'a4', 'a1', 'a3'])
    expect(rows.find((row) => row.assignment.id === 'a2')?.status).toBe('SUBMITTED')
    expect(rows.find((row) => row.assignment.id === 'a1')?.status).toBe('NONE')
  })
})

describe('summaries', () => {
  it('counts a scorer’s cells per unit, only those the viewer scores', () => {
    const cell = (unitCode: string, status: 'DRAFT' | 'RECORDED' | null, scorer: string | null = 'office') => ({
      unitCode,
      unitName: unitCode === 'liangtian' ? '良田镇' : '丰登镇',
      indicatorCode: 'A1',
      indicatorName: '招商引资',
      scorer,
      score: status ? { status } : null,
    })
    const units = scoringByUnit([
      cell('liangtian', null),
      cell('liangtian', 'DRAFT'),
      cell('fengdeng', 'RECORDED'),
      cell('fengdeng', null, null),
    ])
    expect(units).toEqual([
      { unitCode: 'liangtian', unitName: '良田镇', total: 2, pending: 1, drafts: 1, done: 0 },
      { unitCode: 'fengdeng', unitName: '丰登镇', total: 1, pending: 0, drafts: 0, done: 1 },
    ])
  })

  it('draws the monitoring matrix per unit, the unit with most red lights first', () => {
    const row = (unitCode: string, light: 'GREEN' | 'YELLOW' | 'RED' | 'NONE', stages: Partial<Record<'overdue' | 'reported' | 'verified' | 'scored', boolean>> = {}) => ({
      assignmentId: `${unitCode}-${light}`,
      unitCode,
      unitName: unitCode,
      indicatorCode: 'A1',
      indicatorName: '招商',
      due: '2015-12-20',
      reportStatusLabel: null,
      light,
      lightLabel: light,
      why: '',
      overdue: false,
      missing: false,
      reported: false,
      verified: false,
      scored: false,
      ...stages,
    })
    const lines = matrixByUnit([
      row('liangtian', 'GREEN', { reported: true, verified: true, scored: true }),
      row('liangtian', 'YELLOW', { reported: true }),
      row('fengdeng', 'RED', { overdue: true }),
    ])
    expect(lines.map((line) => line.unitCode)).toEqual(['fengdeng', 'liangtian'])
    expect(lines[1]).toMatchObject({ total: 2, green: 1, yellow: 1, red: 0, reported: 2, verified: 1, scored: 1, overdue: 0 })
    expect(lines[0]).toMatchObject({ total: 1, red: 1, overdue: 1 })
  })

  it('counts tenants by status and level', () => {
    const summary = summarizeTenants([
      { status: 'ACTIVE', level: 'CITY' },
      { status: 'ACTIVE', level: 'DISTRICT' },
      { status: 'SUSPENDED', level: 'DISTRICT' },
    ])
    expect(summary).toEqual({
      total: 3,
      byStatus: { ACTIVE: 2, SUSPENDED: 1 },
      byLevel: { CITY: 1, DISTRICT: 2, COUNTY: 0 },
    })
  })
})
