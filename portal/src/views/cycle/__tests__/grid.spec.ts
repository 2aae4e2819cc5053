import { describe, expect, it } from 'vitest'
import type { WorkbenchCell } from '@/api/cycle'
import {
  arrowLeaves,
  buildGrid,
  cellKey,
  cellsNamedIn,
  changedKeys,
  checkEntry,
  fillLine,
  firstEditable,
  move,
  moveOfKey,
  progress,
  textOf,
  toEntry,
} from '../grid'

type Score = NonNullable<WorkbenchCell['score']>

function cell(unit: string, indicator: string, overrides: Partial<WorkbenchCell> = {}): WorkbenchCell {
  return {
    unitCode: unit,
    unitName: { lt: '良田镇', fd: '丰登镇', sh: '上海西路街道' }[unit] ?? unit,
    indicatorCode: indicator,
    indicatorName: { D1: '年度职能目标完成情况', A2: '固定资产投资完成率', S1: '计划生育', C2: '城市管理考核排名' }[indicator] ?? indicator,
    method: 'manual',
    available: '3.75',
    points: '15',
    binding: false,
    criteria: '',
    evidenceRequired: '',
    scorer: 'fenguan',
    scorerName: '分管领导',
    score: null,
    scorePoints: null,
    selfScore: null,
    selfGap: null,
    progress: null,
    ...overrides,
  }
}

function stored(overrides: Partial<Score>): Score {
  return {
    scorer: 'fenguan',
    scorerName: '分管领导',
    value: null,
    actual: null,
    met: null,
    incidents: null,
    rank: null,
    status: 'DRAFT',
    statusLabel: '草稿',
    enteredBy: '分管领导',
    enteredAt: '2026-01-01T00:00:00Z',
    reason: '',
    ...overrides,
  }
}

/**
 * Given the grid
 *
 *          D1        A2           S1
 *   lt   [edit]    [edit]        [edit]
 *   fd   [edit]    (view only)   (absent)
 *   sh   [locked]  [edit]        [edit]
 */
const cells: WorkbenchCell[] = [
  cell('lt', 'D1'),
  cell('lt', 'A2', { method: 'linear', available: '2.5' }),
  cell('lt', 'S1', { method: 'pass_fail', available: '5' }),
  cell('fd', 'D1'),
  cell('fd', 'A2', { method: 'linear', scorer: null }),
  cell('sh', 'D1', { score: stored({ value: '3', status: 'RECORDED' }) }),
  cell('sh', 'A2', { method: 'linear', available: '2.5' }),
  cell('sh', 'S1', { method: 'pass_fail', available: '5' }),
]
const grid = buildGrid(cells)

describe('the workbench grid', () => {
  it('lays out units as rows and indicators as columns in the server order', () => {
    expect(grid.rows.map((r) => r.code)).toEqual(['lt', 'fd', 'sh'])
    expect(grid.columns.map((c) => c.code)).toEqual(['D1', 'A2', 'S1'])
    expect(firstEditable(grid)).toEqual({ row: 0, column: 0 })
  })

  it('moves with the arrow keys to the nearest cell the viewer may type in', () => {
    // Down from lt/A2 skips fd/A2 (view only) to sh/A2.
    expect(move(grid, { row: 0, column: 1 }, 'down')).toEqual({ row: 2, column: 1 })
    // Down from fd/D1 lands on nothing: sh/D1 is submitted (locked).
    expect(move(grid, { row: 1, column: 0 }, 'down')).toBeNull()
    expect(move(grid, { row: 0, column: 0 }, 'up')).toBeNull()
    expect(move(grid, { row: 0, column: 0 }, 'right')).toEqual({ row: 0, column: 1 })
    expect(move(grid, { row: 2, column: 2 }, 'left')).toEqual({ row: 2, column: 1 })
  })

  it('moves with Tab row by row, wrapping over absent and locked cells', () => {
    expect(move(grid, { row: 0, column: 2 }, 'next')).toEqual({ row: 1, column: 0 })
    expect(move(grid, { row: 1, column: 0 }, 'next')).toEqual({ row: 2, column: 1 })
    expect(move(grid, { row: 2, column: 1 }, 'previous')).toEqual({ row: 1, column: 0 })
    expect(move(grid, { row: 2, column: 2 }, 'next')).toBeNull()
  })

  it('reads Enter as down, Shift+Enter as up, Tab as next and other keys as nothing', () => {
    expect(moveOfKey('Enter', false)).toBe('down')
    expect(moveOfKey('Enter', true)).toBe('up')
    expect(moveOfKey('Tab', false)).toBe('next')
    expect(moveOfKey('Tab', true)).toBe('previous')
    expect(moveOfKey('ArrowLeft', false)).toBe('left')
    expect(moveOfKey('a', false)).toBeNull()
  })

  it('leaves an input sideways only with the caret at its edge', () => {
    expect(arrowLeaves('ArrowLeft', 0, 0, 3)).toBe(true)
    expect(arrowLeaves('ArrowLeft', 2, 2, 3)).toBe(false)
    expect(arrowLeaves('ArrowRight', 1, 1, 3)).toBe(false)
    expect(arrowLeaves('ArrowRight', 0, 3, 3)).toBe(true)
    expect(arrowLeaves('ArrowDown', 1, 1, 3)).toBe(true)
  })

  it('fills a row with one value, skipping cells the viewer may not change', () => {
    const drafts = fillLine(grid, {}, { row: 'sh' }, { text: '1' })
    expect(Object.keys(drafts).sort()).toEqual([cellKey('sh', 'A2'), cellKey('sh', 'S1')])
  })

  it('fills a column with full points, manual cells only, and clears their reasons', () => {
    const before = { [cellKey('lt', 'D1')]: { text: '2', reason: '进度滞后' } }
    const drafts = fillLine(grid, before, { column: 'D1' }, 'full')
    expect(drafts[cellKey('lt', 'D1')]).toEqual({ text: '3.75', reason: '' })
    expect(drafts[cellKey('fd', 'D1')]).toEqual({ text: '3.75', reason: '' })
    expect(drafts[cellKey('sh', 'D1')]).toBeUndefined()
    expect(fillLine(grid, {}, { column: 'A2' }, 'full')).toEqual({})
  })

  it('keeps a cell reason when a typed fill overwrites the value', () => {
    const before = { [cellKey('lt', 'D1')]: { text: '2', reason: '进度滞后' } }
    expect(fillLine(grid, before, { row: 'lt' }, { text: '3' })[cellKey('lt', 'D1')]).toEqual({ text: '3', reason: '进度滞后' })
  })
})

describe('checking an entry before it is sent', () => {
  const manual = grid.cells.get(cellKey('lt', 'D1'))!
  const linear = grid.cells.get(cellKey('lt', 'A2'))!
  const passFail = grid.cells.get(cellKey('lt', 'S1'))!

  it('needs a reason below full points, and none at full points', () => {
    expect(checkEntry(manual, { text: '3.75', reason: '' })).toBeNull()
    expect(checkEntry(manual, { text: '3', reason: '' })).toEqual({ key: 'reason', values: { max: '3.75' } })
    expect(checkEntry(manual, { text: '3', reason: '台账不全' })).toBeNull()
  })

  it('refuses values outside 0..available, exactly (no floating point)', () => {
    expect(checkEntry(manual, { text: '3.7500001', reason: 'x' })?.key).toBe('range')
    expect(checkEntry(manual, { text: '-1', reason: 'x' })?.key).toBe('range')
    expect(checkEntry(manual, { text: 'abc', reason: '' })?.key).toBe('notNumber')
    expect(checkEntry(manual, { text: ' ', reason: '' })?.key).toBe('empty')
  })

  it('checks actual values, pass/fail, counts and ranks by method', () => {
    expect(checkEntry(linear, { text: '80', reason: '' })).toBeNull()
    expect(checkEntry(linear, { text: '-3', reason: '' })?.key).toBe('negative')
    expect(checkEntry(passFail, { text: '是', reason: '' })).toBeNull()
    expect(checkEntry(passFail, { text: 'maybe', reason: '' })?.key).toBe('met')
    const rank = cell('lt', 'C2', { method: 'rank' })
    expect(checkEntry(rank, { text: '0', reason: '' })?.key).toBe('rankMin')
    expect(checkEntry(cell('lt', 'C1', { method: 'deduction' }), { text: '1.5', reason: '' })?.key).toBe('notInteger')
  })

  it('sends what the method reads, with the reason of a manual value', () => {
    expect(toEntry(manual, { text: '3', reason: ' 台账不全 ' })).toEqual({
      unitCode: 'lt',
      indicatorCode: 'D1',
      value: '3',
      reason: '台账不全',
    })
    expect(toEntry(linear, { text: '75.5', reason: '' })).toEqual({ unitCode: 'lt', indicatorCode: 'A2', actual: '75.5' })
    expect(toEntry(passFail, { text: '否', reason: '' })).toMatchObject({ met: false })
  })
})

describe('saving and the server answer', () => {
  it('sends only the cells whose text changed', () => {
    const withEntry = buildGrid([cell('lt', 'D1', { score: stored({ value: '3.75' }) }), cell('fd', 'D1')])
    const drafts = {
      [cellKey('lt', 'D1')]: { text: '3.75', reason: '' },
      [cellKey('fd', 'D1')]: { text: '2', reason: 'x' },
    }
    expect(changedKeys(withEntry, drafts)).toEqual([cellKey('fd', 'D1')])
    expect(textOf(withEntry.cells.get(cellKey('lt', 'D1'))!, {})).toBe('3.75')
  })

  it('keeps the stored reason: an unchanged reason is no change, a new one is', () => {
    const withReason = buildGrid([cell('lt', 'D1', { score: stored({ value: '3', reason: '台账不全' }) })])
    const key = cellKey('lt', 'D1')
    expect(changedKeys(withReason, { [key]: { text: '3', reason: '台账不全' } })).toEqual([])
    expect(changedKeys(withReason, { [key]: { text: '3', reason: '台账不全，扣0.75分' } })).toEqual([key])
    expect(fillLine(withReason, {}, { row: 'lt' }, { text: '2' })[key]).toEqual({ text: '2', reason: '台账不全' })
  })

  it('finds the cells a server message names by unit and indicator', () => {
    const message = '「丰登镇」的「年度职能目标完成情况」得分 2 低于满分 3.75，须填写扣分理由'
    expect(cellsNamedIn(grid, message, [cellKey('lt', 'D1'), cellKey('fd', 'D1')])).toEqual([cellKey('fd', 'D1')])
  })

  it('counts the cells to score, entered and submitted', () => {
    expect(progress(grid)).toEqual({ total: 7, entered: 1, submitted: 1 })
  })
})
