import { describe, expect, it } from 'vitest'
import type { WorkbenchCell } from '@/api/cycle'
import { buildGrid, cellKey, changedKeys, columnParts, metOf, needsMet, scoreText, setMet, toEntry, unsaidMet } from '../grid'

type Score = NonNullable<WorkbenchCell['score']>

const score = (overrides: Partial<Score>): Score => ({
  scorer: '',
  scorerName: null,
  value: null,
  actual: null,
  met: null,
  incidents: null,
  rank: null,
  status: 'DRAFT',
  statusLabel: '草稿',
  enteredBy: '发改局 科员',
  enteredAt: '2026-01-01T00:00:00Z',
  reason: '',
  ...overrides,
})

function cell(unit: string, indicator: string, overrides: Partial<WorkbenchCell> = {}): WorkbenchCell {
  return {
    unitCode: unit,
    unitName: unit === 'lt' ? '良田镇' : '丰登镇',
    indicatorCode: indicator,
    indicatorName: indicator,
    method: 'manual',
    available: '3.75',
    points: '15',
    binding: false,
    criteria: '',
    evidenceRequired: '',
    scorer: 'zhengfawei',
    scorerName: '政法委',
    score: null,
    scorePoints: null,
    selfScore: null,
    selfGap: null,
    progress: null,
    ...overrides,
  }
}

const report = { reportId: 'r1', status: 'VERIFIED', statusLabel: '已核实', completion: null, verifyNote: '', narrative: '', evidenceCount: 1 }

// A2 linear with reports and a stored actual; D1 manual; S3 binding manual (平安建设); S2
// binding pass/fail (安全生产).
const a2 = cell('lt', 'A2', {
  method: 'linear',
  available: '2.50',
  points: '10',
  score: score({ actual: '98.44' }),
  scorePoints: '2.46',
  progress: { ...report, actual: '98.44', verifiedValue: '98.44' },
})
const s3 = cell('lt', 'S3', { binding: true, available: '5', points: '5' })
const s3Stored = cell('fd', 'S3', { binding: true, available: '5', score: score({ value: '5', met: false }), scorePoints: '0.00' })
const s2 = cell('lt', 'S2', { method: 'pass_fail', binding: true, available: '2.5' })
const grid = buildGrid([a2, cell('fd', 'A2', { method: 'linear', available: '2.50' }), cell('lt', 'D1'), s3, s3Stored, s2])

describe('the columns of an indicator in the workbench', () => {
  it('puts the reported and verified values and the entered actual beside the score, not under 满分', () => {
    expect(columnParts(grid, 'A2')).toEqual(['reported', 'verified', 'entry', 'score'])
    expect(scoreText(a2)).toBe('2.46')
    expect(scoreText(cell('fd', 'A2', { method: 'linear' }))).toBe('—')
  })

  it('shows a manual entry as the score itself, with no report columns where nothing was reported', () => {
    expect(columnParts(grid, 'D1')).toEqual(['entry'])
  })

  it('gives a binding indicator that is not pass/fail its own 达标 switch, whatever its method', () => {
    expect(columnParts(grid, 'S3')).toEqual(['entry', 'met'])
    expect(needsMet(s3)).toBe(true)
    expect(needsMet(cell('lt', 'C9', { method: 'ratio', binding: true }))).toBe(true)
    // Pass/fail says it in its entry (是否完成), and its score shows beside it.
    expect(columnParts(grid, 'S2')).toEqual(['entry', 'score'])
    expect(needsMet(s2)).toBe(false)
    expect(needsMet(a2)).toBe(false)
  })
})

describe('the 达标 switch', () => {
  it('shows 达标 until told otherwise, and what is stored', () => {
    expect(metOf(s3, {})).toBe(true)
    expect(metOf(s3Stored, {})).toBe(false)
  })

  it('sends met with the entry of a binding indicator: as switched, else as stored, else 达标', () => {
    expect(toEntry(s3, { text: '5', reason: '' })).toEqual({ unitCode: 'lt', indicatorCode: 'S3', value: '5', met: true })
    expect(toEntry(s3, { text: '5', reason: '', met: false })).toEqual({
      unitCode: 'lt',
      indicatorCode: 'S3',
      value: '5',
      met: false,
    })
    expect(toEntry(s3Stored, { text: '4', reason: '台账不全' })).toMatchObject({ met: false })
    expect(toEntry(cell('lt', 'D1'), { text: '3.75', reason: '' })).not.toHaveProperty('met')
    expect(toEntry(s2, { text: '否', reason: '' })).toEqual({ unitCode: 'lt', indicatorCode: 'S2', met: false })
  })

  it('counts a flipped switch as a change to save, keeping the stored value and reason', () => {
    const drafts = setMet(s3Stored, {}, true)
    expect(drafts[cellKey('fd', 'S3')]).toEqual({ text: '5', reason: '', met: true })
    expect(changedKeys(grid, drafts)).toEqual([cellKey('fd', 'S3')])
    expect(changedKeys(grid, setMet(s3Stored, {}, false))).toEqual([])
  })

  it('asks to save a stored binding entry that does not say whether it was met', () => {
    const unsaid = cell('lt', 'S4', { method: 'ratio', binding: true, score: score({ actual: '3' }) })
    const withUnsaid = buildGrid([unsaid, s3Stored])
    expect(unsaidMet(withUnsaid)).toEqual({ [cellKey('lt', 'S4')]: { text: '3', reason: '', met: true } })
    expect(changedKeys(withUnsaid, unsaidMet(withUnsaid))).toEqual([cellKey('lt', 'S4')])
  })

  it('adds the 自评 part to a column where a unit gave its own score', () => {
    const given = cell('lt', 'D1', { selfScore: '3.5', selfGap: '-0.50', scorePoints: '3.00' })
    expect(columnParts(buildGrid([given, cell('fd', 'D1')]), 'D1')).toEqual(['entry', 'self'])
    expect(columnParts(buildGrid([cell('lt', 'D1')]), 'D1')).toEqual(['entry'])
  })
})
