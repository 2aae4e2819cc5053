/** ECharts options of the results pages, built from the API's figures (pure, tested). */
import type { UnitResult } from '@/api/results'
import { PERIOD_ORDER, type Translator } from '@/utils/results'

export interface TrendInput {
  period: string
  result: { total: string; rank: number }
}

const num = (value: string | null | undefined): number | null => {
  if (value === null || value === undefined || value === '') return null
  const parsed = Number(value)
  return Number.isFinite(parsed) ? parsed : null
}

/** Totals and group ranks, Q1..Q4 then the year; a period without a visible run is a gap. */
export function trendOption(points: readonly TrendInput[], { t }: Translator): Record<string, unknown> {
  const byPeriod = new Map(points.map((point) => [point.period, point.result]))
  const categories = PERIOD_ORDER.map((period) => t(`periods.${period}`))
  const totals = PERIOD_ORDER.map((period) => num(byPeriod.get(period)?.total))
  const ranks = PERIOD_ORDER.map((period) => byPeriod.get(period)?.rank ?? null)
  const maxRank = Math.max(1, ...ranks.filter((rank): rank is number => rank !== null))
  return {
    tooltip: { trigger: 'axis' },
    legend: { data: [t('unitResult.trendTotal'), t('unitResult.trendRank')], top: 0 },
    grid: { left: 48, right: 48, top: 40, bottom: 32 },
    xAxis: { type: 'category', data: categories },
    yAxis: [
      {
        type: 'value',
        name: t('unitResult.trendTotal'),
        // From a round ten below the lowest total: small changes stay visible.
        min: (extent: { min: number }) => Math.max(0, Math.floor(extent.min / 10) * 10 - 10),
        max: 100,
      },
      { type: 'value', name: t('unitResult.trendRank'), inverse: true, min: 1, max: maxRank, minInterval: 1 },
    ],
    series: [
      {
        name: t('unitResult.trendTotal'),
        type: 'line',
        data: totals,
        connectNulls: false,
        label: { show: true, position: 'top' },
        symbolSize: 8,
      },
      {
        name: t('unitResult.trendRank'),
        type: 'line',
        yAxisIndex: 1,
        data: ranks,
        lineStyle: { type: 'dashed' },
        symbolSize: 6,
      },
    ],
  }
}

/** The components of the units compared (from the first unit: one run, the same components). */
function components(units: readonly UnitResult[]): { code: string; name: string }[] {
  return units[0]?.components.map(({ code, name }) => ({ code, name })) ?? []
}

/** Grouped bars: each unit's total and component values. */
export function compareBarOption(units: readonly UnitResult[], { t }: Translator): Record<string, unknown> {
  const parts = components(units)
  const series = [
    { name: t('results.total'), code: null as string | null },
    ...parts.map((part) => ({ name: part.name, code: part.code })),
  ].map(({ name, code }) => ({
    name,
    type: 'bar',
    barMaxWidth: 28,
    data: units.map((unit) =>
      code === null ? num(unit.total) : num(unit.components.find((c) => c.code === code)?.value),
    ),
  }))
  return {
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: { top: 0 },
    grid: { left: 48, right: 16, top: 40, bottom: 32 },
    xAxis: { type: 'category', data: units.map((unit) => unit.unitName) },
    yAxis: { type: 'value', min: 0, max: 100 },
    series,
  }
}

/** A radar of the component values (0–100) and the total, one shape per unit. */
export function compareRadarOption(units: readonly UnitResult[], { t }: Translator): Record<string, unknown> {
  const parts = components(units)
  const values = units.map((unit) => [
    num(unit.total),
    ...parts.map((part) => num(unit.components.find((c) => c.code === part.code)?.value)),
  ])
  // Axes start a round ten below the lowest value, so that close figures can still be told apart.
  const lowest = Math.min(100, ...values.flat().filter((value): value is number => value !== null))
  const min = Math.max(0, Math.floor(lowest / 10) * 10 - 10)
  return {
    tooltip: { trigger: 'item' },
    legend: { top: 0, data: units.map((unit) => unit.unitName) },
    radar: {
      indicator: [{ name: t('results.total'), min, max: 100 }, ...parts.map((part) => ({ name: part.name, min, max: 100 }))],
      radius: '62%',
      center: ['50%', '56%'],
    },
    series: [
      {
        type: 'radar',
        data: units.map((unit, index) => ({ name: unit.unitName, value: values[index] })),
      },
    ],
  }
}
