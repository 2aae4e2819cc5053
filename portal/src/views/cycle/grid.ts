/**
 * The scoring workbench as a grid: units (rows) × indicators (columns), the keyboard moves
 * between the cells that exist, bulk filling of a row or a column, and the client-side checks of
 * an entry (the server checks again). Plain functions over plain data, so they are unit-tested.
 */
import type { ScoreEntryInput, WorkbenchCell } from '@/api/cycle'
import type { IndicatorMethod } from '@/api/generated'
import { METHOD_RULES, type EntryMeasure, type MethodRule } from '@/api/methods.generated'
import { compareDecimals, parseDecimal } from '@/utils/decimal'

/** What a cell's entry carries, by the indicator's scoring method (the server's rules). */
export type EntryKind = EntryMeasure

export function entryKind(method: string): EntryKind {
  const rule = METHOD_RULES[method.toUpperCase() as IndicatorMethod] as MethodRule | undefined
  return rule?.measure ?? 'value'
}

export interface GridAxis {
  code: string
  name: string
}

/** The grid: rows and columns in the order the server lists the cells, and the cells by key. */
export interface Grid {
  rows: GridAxis[]
  columns: GridAxis[]
  cells: Map<string, WorkbenchCell>
}

export interface Position {
  row: number
  column: number
}

/**
 * One cell's text as typed, the reason for a manual value below full points, and — on a
 * binding indicator that is not pass/fail — the 达标/未达标 switch (unset: as stored).
 */
export interface Draft {
  text: string
  reason: string
  met?: boolean
}

export type Drafts = Record<string, Draft>

export const cellKey = (unitCode: string, indicatorCode: string): string => `${unitCode}|${indicatorCode}`

export function buildGrid(cells: readonly WorkbenchCell[]): Grid {
  const rows = new Map<string, GridAxis>()
  const columns = new Map<string, GridAxis>()
  const byKey = new Map<string, WorkbenchCell>()
  for (const cell of cells) {
    if (!rows.has(cell.unitCode)) rows.set(cell.unitCode, { code: cell.unitCode, name: cell.unitName })
    if (!columns.has(cell.indicatorCode)) {
      columns.set(cell.indicatorCode, { code: cell.indicatorCode, name: cell.indicatorName })
    }
    byKey.set(cellKey(cell.unitCode, cell.indicatorCode), cell)
  }
  return { rows: [...rows.values()], columns: [...columns.values()], cells: byKey }
}

export function cellAt(grid: Grid, position: Position): WorkbenchCell | undefined {
  const row = grid.rows[position.row]
  const column = grid.columns[position.column]
  return row && column ? grid.cells.get(cellKey(row.code, column.code)) : undefined
}

/** Whether the viewer may type in the cell: it scores it, and the entry is not submitted. */
export function editable(cell: WorkbenchCell | undefined): boolean {
  return !!cell && cell.scorer !== null && cell.scorer !== undefined && cell.score?.status !== 'RECORDED'
}

/**
 * The parts of an indicator's column, left to right: what the unit reported and what its
 * monitoring department verified (when any cell of the column has a report), the entry the
 * method reads (for manual indicators the score itself, under 满分), the score the stored entry
 * gives (under 满分), and the 达标 switch of a binding indicator that is not pass/fail.
 */
export type ColumnPart = 'reported' | 'verified' | 'entry' | 'score' | 'met' | 'self'

export function columnParts(grid: Grid, column: string): ColumnPart[] {
  const cells = [...grid.cells.values()].filter((cell) => cell.indicatorCode === column)
  const first = cells[0]
  if (!first) return []
  const parts: ColumnPart[] = []
  if (cells.some((cell) => cell.progress)) parts.push('reported', 'verified')
  parts.push('entry')
  if (entryKind(first.method) !== 'value') parts.push('score')
  if (needsMet(first)) parts.push('met')
  // 自评: the unit's own score and the gap to the entry's points, where a unit gave one.
  if (cells.some((cell) => cell.selfScore != null)) parts.push('self')
  return parts
}

/** Whether the cell carries a 达标 switch of its own: binding, and not scored pass/fail. */
export function needsMet(cell: WorkbenchCell): boolean {
  return cell.binding && entryKind(cell.method) !== 'met'
}

/** The switch's state: the draft's, else the stored entry's, else 达标 (what saving sends). */
export function metOf(cell: WorkbenchCell, drafts: Drafts): boolean {
  return drafts[cellKey(cell.unitCode, cell.indicatorCode)]?.met ?? cell.score?.met ?? true
}

/** The drafts after flipping a cell's switch (its typed text and reason kept). */
export function setMet(cell: WorkbenchCell, drafts: Drafts, met: boolean): Drafts {
  const key = cellKey(cell.unitCode, cell.indicatorCode)
  const draft = drafts[key] ?? { text: storedText(cell), reason: storedReason(cell) }
  return { ...drafts, [key]: { ...draft, met } }
}

/**
 * Drafts for the stored entries of binding indicators that do not say whether they were met
 * (a verified actual written before the scorer looked): shown as 达标 and unsaved, so that
 * saving records what the scorer sees.
 */
export function unsaidMet(grid: Grid): Drafts {
  const drafts: Drafts = {}
  for (const cell of grid.cells.values()) {
    if (!editable(cell) || !needsMet(cell) || !cell.score || (cell.score.met !== null && cell.score.met !== undefined)) continue
    drafts[cellKey(cell.unitCode, cell.indicatorCode)] = { text: storedText(cell), reason: storedReason(cell), met: true }
  }
  return drafts
}

/** What the score part of a cell shows: the points its stored entry gives, or a dash. */
export function scoreText(cell: WorkbenchCell): string {
  return cell.scorePoints ?? '—'
}

/** A key that moves the focus, as the grid understands it. */
export type Move = 'up' | 'down' | 'left' | 'right' | 'next' | 'previous'

/** The move a keyboard event asks for (Enter goes down, Tab goes on), or null. */
export function moveOfKey(key: string, shift: boolean): Move | null {
  switch (key) {
    case 'ArrowUp':
      return 'up'
    case 'ArrowDown':
      return 'down'
    case 'ArrowLeft':
      return 'left'
    case 'ArrowRight':
      return 'right'
    case 'Enter':
      return shift ? 'up' : 'down'
    case 'Tab':
      return shift ? 'previous' : 'next'
    default:
      return null
  }
}

/**
 * Where the focus goes from `from`: the nearest editable cell in that direction. `next` and
 * `previous` read the grid row by row and wrap to the next or previous row. Null when there is
 * no editable cell that way (the focus stays).
 */
export function move(grid: Grid, from: Position, direction: Move): Position | null {
  const height = grid.rows.length
  const width = grid.columns.length
  const ok = (p: Position) => editable(cellAt(grid, p))
  if (direction === 'next' || direction === 'previous') {
    const step = direction === 'next' ? 1 : -1
    for (let index = from.row * width + from.column + step; index >= 0 && index < height * width; index += step) {
      const p = { row: Math.floor(index / width), column: index % width }
      if (ok(p)) return p
    }
    return null
  }
  const steps: Record<typeof direction, [number, number]> = { up: [-1, 0], down: [1, 0], left: [0, -1], right: [0, 1] }
  const [dr, dc] = steps[direction]
  for (let p = { row: from.row + dr, column: from.column + dc }; ; p = { row: p.row + dr, column: p.column + dc }) {
    if (p.row < 0 || p.row >= height || p.column < 0 || p.column >= width) return null
    if (ok(p)) return p
  }
}

/** The first editable cell, row by row (where the focus starts). */
export function firstEditable(grid: Grid): Position | null {
  for (let row = 0; row < grid.rows.length; row += 1) {
    for (let column = 0; column < grid.columns.length; column += 1) {
      if (editable(cellAt(grid, { row, column }))) return { row, column }
    }
  }
  return null
}

/** The text a stored entry shows in its cell. */
export function storedText(cell: WorkbenchCell): string {
  const score = cell.score
  if (!score) return ''
  switch (entryKind(cell.method)) {
    case 'value':
      return score.value ?? ''
    case 'actual':
      return score.actual ?? ''
    case 'met':
      return score.met === null || score.met === undefined ? '' : score.met ? '1' : '0'
    case 'incidents':
      return score.incidents === null || score.incidents === undefined ? '' : String(score.incidents)
    case 'rank':
      return score.rank === null || score.rank === undefined ? '' : String(score.rank)
  }
}

/** The reason stored with a cell's entry ('' when none). */
export function storedReason(cell: WorkbenchCell): string {
  return cell.score?.reason ?? ''
}

/** The typed text of a cell: the draft when there is one, else the stored entry. */
export function textOf(cell: WorkbenchCell, drafts: Drafts): string {
  return drafts[cellKey(cell.unitCode, cell.indicatorCode)]?.text ?? storedText(cell)
}

const YES = new Set(['1', 'y', 'yes', 'true', '是', '√', '完成'])
const NO = new Set(['0', 'n', 'no', 'false', '否', '×', '未完成'])

/** A pass/fail cell's text as met (true), not met (false), or null when it is neither. */
export function parseMet(text: string): boolean | null {
  const clean = text.trim().toLowerCase()
  if (YES.has(clean)) return true
  if (NO.has(clean)) return false
  return null
}

/** Why an entry cannot be saved (an i18n key with its values), or null when it can. */
export interface EntryProblem {
  key: 'empty' | 'notNumber' | 'range' | 'negative' | 'notInteger' | 'rankMin' | 'met' | 'reason'
  values?: Record<string, string>
}

function isInteger(text: string): boolean {
  return /^\s*\d+\s*$/.test(text)
}

/** The client-side check of one cell (the server checks the same, and says so per cell). */
export function checkEntry(cell: WorkbenchCell, draft: Draft): EntryProblem | null {
  const text = draft.text.trim()
  if (text === '') return { key: 'empty' }
  switch (entryKind(cell.method)) {
    case 'value': {
      if (!parseDecimal(text)) return { key: 'notNumber' }
      if ((compareDecimals(text, '0') ?? -1) < 0 || (compareDecimals(text, cell.available) ?? 1) > 0) {
        return { key: 'range', values: { max: cell.available } }
      }
      if (belowFull(cell, text) && !draft.reason.trim()) return { key: 'reason', values: { max: cell.available } }
      return null
    }
    case 'actual':
      if (!parseDecimal(text)) return { key: 'notNumber' }
      return (compareDecimals(text, '0') ?? -1) < 0 ? { key: 'negative' } : null
    case 'met':
      return parseMet(text) === null ? { key: 'met' } : null
    case 'incidents':
      return isInteger(text) ? null : { key: 'notInteger' }
    case 'rank':
      return isInteger(text) && Number(text) >= 1 ? null : { key: 'rankMin' }
  }
}

/** Whether a manual value is below the cell's full points (a reason is then required). */
export function belowFull(cell: WorkbenchCell, text: string): boolean {
  return entryKind(cell.method) === 'value' && compareDecimals(text.trim(), cell.available) === -1
}

/** The server's entry of a checked cell. */
export function toEntry(cell: WorkbenchCell, draft: Draft): ScoreEntryInput {
  const text = draft.text.trim()
  const entry: ScoreEntryInput = { unitCode: cell.unitCode, indicatorCode: cell.indicatorCode }
  if (needsMet(cell)) entry.met = draft.met ?? cell.score?.met ?? true
  switch (entryKind(cell.method)) {
    case 'value':
      entry.value = text
      if (draft.reason.trim()) entry.reason = draft.reason.trim()
      break
    case 'actual':
      entry.actual = text
      break
    case 'met':
      entry.met = parseMet(text)
      break
    case 'incidents':
      entry.incidents = Number(text)
      break
    case 'rank':
      entry.rank = Number(text)
      break
  }
  return entry
}

/** A value to fill: a typed text, or each cell's full points (`full`, manual cells only). */
export type Fill = { text: string } | 'full'

/**
 * Fill every editable cell of a row (a unit) or a column (an indicator) with the same value;
 * returns the new drafts (the reason of each cell is kept, a full-points fill clears it).
 */
export function fillLine(grid: Grid, drafts: Drafts, line: { row: string } | { column: string }, fill: Fill): Drafts {
  const next: Drafts = { ...drafts }
  for (const cell of grid.cells.values()) {
    const inLine = 'row' in line ? cell.unitCode === line.row : cell.indicatorCode === line.column
    if (!inLine || !editable(cell)) continue
    const key = cellKey(cell.unitCode, cell.indicatorCode)
    if (fill === 'full') {
      if (entryKind(cell.method) !== 'value') continue
      next[key] = { ...next[key], text: cell.available, reason: '' }
    } else {
      next[key] = { ...next[key], text: fill.text, reason: next[key]?.reason ?? storedReason(cell) }
    }
  }
  return next
}

/** The drafts that differ from what is stored: what "save" sends. */
export function changedKeys(grid: Grid, drafts: Drafts): string[] {
  return Object.keys(drafts).filter((key) => {
    const cell = grid.cells.get(key)
    const draft = drafts[key]
    if (!cell || !draft || !editable(cell)) return false
    const metChanged = needsMet(cell) && draft.met !== undefined && draft.met !== cell.score?.met
    return draft.text.trim() !== storedText(cell) || draft.reason.trim() !== storedReason(cell) || metChanged
  })
}

/**
 * The server names the unit and the indicator in each problem (「良田镇」的「…」): the cells
 * whose names a message mentions, so the error shows on them.
 */
export function cellsNamedIn(grid: Grid, message: string, among: readonly string[]): string[] {
  return among.filter((key) => {
    const cell = grid.cells.get(key)
    return !!cell && message.includes(`「${cell.unitName}」`) && message.includes(`「${cell.indicatorName}」`)
  })
}

/** Counts for the grid's summary line: cells to score, entered (stored), submitted. */
export function progress(grid: Grid): { total: number; entered: number; submitted: number } {
  let total = 0
  let entered = 0
  let submitted = 0
  for (const cell of grid.cells.values()) {
    if (cell.scorer === null || cell.scorer === undefined) continue
    total += 1
    if (cell.score) entered += 1
    if (cell.score?.status === 'RECORDED') submitted += 1
  }
  return { total, entered, submitted }
}

/**
 * Whether an arrow key leaves the input for the next cell: up and down always; left only with
 * the caret at the start, right only at the end (so the text can still be edited).
 */
export function arrowLeaves(key: string, selectionStart: number | null, selectionEnd: number | null, length: number): boolean {
  if (key === 'ArrowLeft') return (selectionStart ?? 0) === 0
  if (key === 'ArrowRight') return (selectionEnd ?? length) === length
  return true
}
