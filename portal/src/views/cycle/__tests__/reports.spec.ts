import { describe, expect, it, vi } from 'vitest'
import { type Assignment, type ProgressReport, uploadEvidence, UploadError } from '@/api/cycle'
import cycleEn from '@/locales/cycle.en'
import cycleZhCN from '@/locales/cycle.zh-CN'
import { currentReports, deadlineState, gapOf, quarterOf, reviewRows, validPercent, writable } from '../reports'

function report(overrides: Partial<ProgressReport>): ProgressReport {
  return {
    id: 'r1',
    assignmentId: 'a1',
    unitId: 'u1',
    indicatorId: 'i1',
    period: 'Q1',
    version: 1,
    narrative: '',
    completion: null,
    actual: null,
    verifiedValue: null,
    verifyNote: '',
    returnReason: '',
    status: 'DRAFT',
    late: false,
    lateLabel: null,
    updatedAt: '2026-01-01T00:00:00Z',
    history: [],
    evidence: [],
    ...overrides,
  }
}

const task: Assignment = {
  id: 'a1',
  schemeId: 's',
  indicatorId: 'i1',
  indicatorCode: 'A2',
  indicatorName: '固定资产投资完成率',
  unitId: 'u1',
  unitName: '良田镇',
  targetValue: '100',
  targetText: '',
  deadline: '2015-12-20',
  milestones: [],
  scorers: ['fagaiju'],
  scorerDetails: [{ code: 'fagaiju', name: '发展和改革局', kind: 'UNIT', kindLabel: '实施监控职能部门' }],
  criteria: '',
  evidenceRequired: '',
  binding: false,
}

describe('progress reports on the pages', () => {
  it('shows the newest version of each task and period, with all versions behind it', () => {
    const returned = report({ id: 'r1', status: 'RETURNED', updatedAt: '2026-01-01T00:00:00Z' })
    const again = report({ id: 'r2', version: 2, status: 'SUBMITTED', updatedAt: '2026-01-02T00:00:00Z' })
    const other = report({ id: 'r3', period: 'Q2', updatedAt: '2026-01-03T00:00:00Z' })
    expect([...currentReports([again, returned, other]).values()].map((r) => r.id)).toEqual(['r2', 'r3'])
    const rows = reviewRows([returned, again, other], [task])
    expect(rows.map((row) => row.report.id)).toEqual(['r3', 'r2'])
    expect(rows[1]?.versions.map((r) => r.id)).toEqual(['r1', 'r2'])
    expect(rows[1]?.assignment?.unitName).toBe('良田镇')
  })

  it('lets the unit write when there is no report, a draft, or a returned one', () => {
    expect(writable(undefined)).toBe(true)
    expect(writable(report({ status: 'RETURNED' }))).toBe(true)
    expect(writable(report({ status: 'SUBMITTED' }))).toBe(false)
  })

  it('marks deadlines that passed or are within a week, unless the report is in', () => {
    const today = new Date('2015-12-15T10:00:00')
    expect(deadlineState('2015-12-10', today, false)).toBe('overdue')
    expect(deadlineState('2015-12-20', today, false)).toBe('soon')
    expect(deadlineState('2016-01-31', today, false)).toBe('later')
    expect(deadlineState('2015-12-10', today, true)).toBe('later')
    expect(deadlineState(null, today, false)).toBe('none')
  })

  it('computes the verification gap exactly', () => {
    expect(gapOf(report({ actual: '80', verifiedValue: '75.5' }))).toBe('-4.5')
    expect(gapOf(report({ actual: '0.1', verifiedValue: '0.3' }))).toBe('0.2')
    expect(gapOf(report({ actual: '80' }))).toBeNull()
  })

  it('takes the quarter of a date and checks percentages', () => {
    expect(quarterOf(new Date('2015-02-01T00:00:00'))).toBe('Q1')
    expect(quarterOf(new Date('2015-11-30T00:00:00'))).toBe('Q4')
    expect(validPercent('100')).toBe(true)
    expect(validPercent('100.5')).toBe(false)
    expect(validPercent('')).toBe(true)
  })
})

describe('uploading evidence', () => {
  const file = new File(['%PDF-1.4'], '一季度台账.pdf', { type: 'application/pdf' })

  it('posts the file to the report with its name and the CSRF header', async () => {
    const fetch = vi.fn(async () =>
      Response.json({ id: 'e1', fileName: '一季度台账.pdf', contentType: 'application/pdf', sizeBytes: 8 }, { status: 201 }),
    )
    const stored = await uploadEvidence('UHJvZ3Jlc3NSZXBvcnQ6MQ==', file, { fetch, cookies: () => 'jixiao_csrf=tok' })
    expect(stored.fileName).toBe('一季度台账.pdf')
    const [url, init] = fetch.mock.calls[0] as unknown as [string, RequestInit]
    expect(url).toBe(`/files/reports/UHJvZ3Jlc3NSZXBvcnQ6MQ%3D%3D?name=${encodeURIComponent('一季度台账.pdf')}`)
    expect(init.method).toBe('POST')
    expect((init.headers as Record<string, string>)['X-CSRF-Token']).toBe('tok')
    expect(init.body).toBe(file)
  })

  it('says why the server refused the file', async () => {
    const fetch = vi.fn(async () =>
      Response.json({ errors: [{ message: '只有草稿状态的填报可以上传佐证材料', extensions: { code: 'CONFLICT' } }] }, { status: 409 }),
    )
    const refused = uploadEvidence('r1', file, { fetch, cookies: () => '' })
    await expect(refused).rejects.toBeInstanceOf(UploadError)
    await expect(refused).rejects.toMatchObject({ code: 'CONFLICT', message: '只有草稿状态的填报可以上传佐证材料' })
  })
})

describe('the cycle texts', () => {
  const keys = (messages: object, prefix = ''): string[] =>
    Object.entries(messages).flatMap(([key, value]) =>
      typeof value === 'object' && value !== null ? keys(value, `${prefix}${key}.`) : [`${prefix}${key}`],
    )

  it('have the same keys in Chinese and English', () => {
    expect(keys(cycleEn).sort()).toEqual(keys(cycleZhCN).sort())
  })
})
