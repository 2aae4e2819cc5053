import type { WorkbenchCell } from '@/api/home'

/** One unit of a scorer's workbench: its indicators, unscored, in draft, submitted. */
export interface UnitScoring {
  unitCode: string
  unitName: string
  total: number
  pending: number
  drafts: number
  done: number
}

/** The cells the viewer scores (`scorer` set), counted per unit; units with most unscored first. */
export function scoringByUnit(cells: readonly WorkbenchCell[]): UnitScoring[] {
  const units = new Map<string, UnitScoring>()
  for (const cell of cells) {
    if (!cell.scorer) continue
    const unit = units.get(cell.unitCode) ?? {
      unitCode: cell.unitCode,
      unitName: cell.unitName,
      total: 0,
      pending: 0,
      drafts: 0,
      done: 0,
    }
    unit.total += 1
    if (!cell.score) unit.pending += 1
    else if (cell.score.status === 'DRAFT') unit.drafts += 1
    else unit.done += 1
    units.set(cell.unitCode, unit)
  }
  return [...units.values()].sort((a, b) => b.pending - a.pending || a.unitCode.localeCompare(b.unitCode))
}
