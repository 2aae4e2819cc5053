import type { MonitoringRow } from '@/api/home'

/** One unit's line of the monitoring matrix: its assignments by light and by stage passed. */
export interface UnitLine {
  unitCode: string
  unitName: string
  total: number
  green: number
  yellow: number
  red: number
  none: number
  overdue: number
  reported: number
  verified: number
  scored: number
}

/** The matrix's rows by unit (in the board's order: by unit, then indicator), worst first. */
export function matrixByUnit(rows: readonly MonitoringRow[]): UnitLine[] {
  const units = new Map<string, UnitLine>()
  for (const row of rows) {
    const line = units.get(row.unitCode) ?? {
      unitCode: row.unitCode,
      unitName: row.unitName,
      total: 0,
      green: 0,
      yellow: 0,
      red: 0,
      none: 0,
      overdue: 0,
      reported: 0,
      verified: 0,
      scored: 0,
    }
    line.total += 1
    if (row.light === 'GREEN') line.green += 1
    else if (row.light === 'YELLOW') line.yellow += 1
    else if (row.light === 'RED') line.red += 1
    else line.none += 1
    if (row.overdue) line.overdue += 1
    if (row.reported) line.reported += 1
    if (row.verified) line.verified += 1
    if (row.scored) line.scored += 1
    units.set(row.unitCode, line)
  }
  return [...units.values()].sort((a, b) => b.red - a.red || b.overdue - a.overdue || b.yellow - a.yellow)
}

/** The element-plus tag type of a light. */
export const LIGHT_TYPE: Record<MonitoringRow['light'], 'success' | 'warning' | 'danger' | 'info'> = {
  GREEN: 'success',
  YELLOW: 'warning',
  RED: 'danger',
  NONE: 'info',
}
