/** ECharts options of the dashboard (数据大屏), built from the API's figures (pure, tested). */
import type { Dashboard, DashboardUnit } from '@/api/dashboard'
import type { Translator } from '@/utils/results'

const TEXT = '#cfe3ff'
const AXIS = '#4a6a99'
const SPLIT = 'rgba(74, 106, 153, 0.25)'
export const LIGHT_COLOURS = { green: '#22c55e', yellow: '#facc15', red: '#ef4444', none: '#64748b' } as const
const SERIES = ['#38bdf8', '#a78bfa', '#34d399']
type Light = keyof typeof LIGHT_COLOURS
const LIGHTS: readonly Light[] = ['green', 'yellow', 'red', 'none']

const num = (value: string | null | undefined): number | null => {
  if (value === null || value === undefined || value === '') return null
  const parsed = Number(value)
  return Number.isFinite(parsed) ? parsed : null
}

/** `part` of `whole` in percent with one place; 0 of nothing is 0. */
export function percent(part: number, whole: number): number {
  return whole > 0 ? Math.round((part / whole) * 1000) / 10 : 0
}

const axisStyle = {
  axisLine: { lineStyle: { color: AXIS } },
  axisLabel: { color: TEXT },
  splitLine: { lineStyle: { color: SPLIT } },
}

/** Reported / verified / scored as a share of the quarter's tasks, one bar each. */
export function progressOption(summary: Dashboard['summary'], { t }: Translator): Record<string, unknown> {
  const stages = (['reported', 'verified', 'scored'] as const).map((stage) => ({
    name: t(`dashboard.kpi.${stage}`),
    value: percent(summary[stage], summary.total),
  }))
  return {
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v: number) => `${v}%` },
    grid: { left: 72, right: 48, top: 16, bottom: 24 },
    xAxis: { type: 'value', max: 100, ...axisStyle },
    yAxis: { type: 'category', data: stages.map((s) => s.name), inverse: true, ...axisStyle },
    series: [
      {
        type: 'bar',
        data: stages.map((s, index) => ({ value: s.value, itemStyle: { color: SERIES[index] } })),
        barMaxWidth: 22,
        label: { show: true, position: 'right', color: TEXT, formatter: '{c}%' },
        showBackground: true,
        backgroundStyle: { color: 'rgba(255,255,255,0.06)' },
      },
    ],
  }
}

/** The quarter's lights as a ring: green, yellow, red and not yet due. */
export function lightsOption(summary: Dashboard['summary'], { t }: Translator): Record<string, unknown> {
  return {
    tooltip: { trigger: 'item', formatter: '{b}：{c}（{d}%）' },
    legend: { bottom: 0, textStyle: { color: TEXT } },
    series: [
      {
        type: 'pie',
        radius: ['45%', '70%'],
        center: ['50%', '45%'],
        label: { color: TEXT, formatter: '{b}\n{c}' },
        data: LIGHTS.map((light) => ({
          name: t(`dashboard.lightNames.${light}`),
          value: summary[light],
          itemStyle: { color: LIGHT_COLOURS[light] },
          // An empty slice has no place on the ring for its label.
          label: { show: summary[light] > 0 },
          labelLine: { show: summary[light] > 0 },
        })),
      },
    ],
  }
}

/** Units with the most red first (then yellow), as many as `limit`. */
export function unitsByConcern(units: readonly DashboardUnit[], limit = 12): DashboardUnit[] {
  return [...units]
    .sort((a, b) => b.red - a.red || b.yellow - a.yellow || a.unitName.localeCompare(b.unitName, 'zh-CN'))
    .slice(0, limit)
}

/** Each unit's lights stacked, the units of most concern on top. */
export function unitLightsOption(units: readonly DashboardUnit[], { t }: Translator): Record<string, unknown> {
  const shown = unitsByConcern(units)
  return {
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: { top: 0, textStyle: { color: TEXT } },
    grid: { left: 110, right: 16, top: 28, bottom: 16 },
    xAxis: { type: 'value', minInterval: 1, ...axisStyle },
    yAxis: { type: 'category', inverse: true, data: shown.map((unit) => unit.unitName), ...axisStyle },
    series: LIGHTS.map((light) => ({
      name: t(`dashboard.lightNames.${light}`),
      type: 'bar',
      stack: 'lights',
      barMaxWidth: 16,
      itemStyle: { color: LIGHT_COLOURS[light] },
      data: shown.map((unit) => unit[light]),
    })),
  }
}

/** The i18n key of the class a unit is ranked in: departments, or towns and subdistricts. */
const rankClass = (kind: string) => (kind === 'DEPARTMENT' ? 'results.classDepartments' : 'results.classTowns')

/** The latest ranking: each unit's total as a bar, first places on top, each with its class
 * (departments and towns or subdistricts are ranked apart). */
export function rankingOption(ranking: Dashboard['ranking'], { t }: Translator): Record<string, unknown> {
  return {
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    grid: { left: 170, right: 56, top: 8, bottom: 16 },
    xAxis: {
      type: 'value',
      min: (extent: { min: number }) => Math.max(0, Math.floor(extent.min / 10) * 10 - 10),
      ...axisStyle,
    },
    yAxis: {
      type: 'category',
      inverse: true,
      data: ranking.map((unit) => `${unit.overallRank}. ${unit.unitName}（${t(rankClass(unit.unitKind))}）`),
      ...axisStyle,
    },
    series: [
      {
        name: t('results.total'),
        type: 'bar',
        barMaxWidth: 16,
        itemStyle: { color: '#fbbf24' },
        label: { show: true, position: 'right', color: TEXT },
        data: ranking.map((unit) => num(unit.total)),
      },
    ],
  }
}

/** Reported / verified / scored in percent, each quarter up to this one. */
export function progressTrendOption(points: Dashboard['progressTrend'], { t }: Translator): Record<string, unknown> {
  const stages = ['reported', 'verified', 'scored'] as const
  return {
    tooltip: { trigger: 'axis', valueFormatter: (v: number) => `${v}%` },
    legend: { top: 0, textStyle: { color: TEXT } },
    grid: { left: 48, right: 16, top: 32, bottom: 24 },
    xAxis: { type: 'category', data: points.map((p) => p.periodLabel), ...axisStyle },
    yAxis: { type: 'value', max: 100, name: t('dashboard.percentAxis'), ...axisStyle },
    series: stages.map((stage, index) => ({
      name: t(`dashboard.kpi.${stage}`),
      type: 'line',
      symbolSize: 8,
      itemStyle: { color: SERIES[index] },
      data: points.map((p) => percent(p[stage], p.total)),
    })),
  }
}

/** Mean, highest and lowest total of each period's result. */
export function totalsTrendOption(points: Dashboard['totalsTrend'], { t }: Translator): Record<string, unknown> {
  const lines = [
    ['highest', (p: Dashboard['totalsTrend'][number]) => p.highest, '#34d399'],
    ['mean', (p: Dashboard['totalsTrend'][number]) => p.mean, '#38bdf8'],
    ['lowest', (p: Dashboard['totalsTrend'][number]) => p.lowest, '#f87171'],
  ] as const
  return {
    tooltip: { trigger: 'axis' },
    legend: { top: 0, textStyle: { color: TEXT } },
    grid: { left: 48, right: 16, top: 32, bottom: 24 },
    xAxis: { type: 'category', data: points.map((p) => p.periodLabel), ...axisStyle },
    yAxis: {
      type: 'value',
      min: (extent: { min: number }) => Math.max(0, Math.floor(extent.min / 10) * 10 - 10),
      ...axisStyle,
    },
    series: lines.map(([key, value, colour]) => ({
      name: t(`dashboard.${key}`),
      type: 'line',
      symbolSize: 8,
      itemStyle: { color: colour },
      data: points.map((p) => num(value(p))),
    })),
  }
}
