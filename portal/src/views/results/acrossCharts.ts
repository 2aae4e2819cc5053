/** ECharts options of trends across years and of an indicator's spread across units (pure, tested). */
import type { Distribution, YearPoint } from '@/api/across'
import type { Translator } from '@/utils/results'

const num = (value: string | null | undefined): number | null => {
  if (value === null || value === undefined || value === '') return null
  const parsed = Number(value)
  return Number.isFinite(parsed) ? parsed : null
}

/** A figure with at most two places, as the axis and labels show it. */
export function short(value: string): string {
  const parsed = Number(value)
  return Number.isFinite(parsed) ? String(Math.round(parsed * 100) / 100) : value
}

/** A unit's total and group rank in each year; a year without a published result is a gap. */
export function yearsOption(points: readonly YearPoint[], { t }: Translator): Record<string, unknown> {
  const ranks = points.map((point) => point.result?.rank ?? null)
  const maxRank = Math.max(1, ...ranks.filter((rank): rank is number => rank !== null))
  return {
    tooltip: { trigger: 'axis' },
    legend: { data: [t('results.total'), t('results.groupRank')], top: 0 },
    grid: { left: 48, right: 48, top: 40, bottom: 32 },
    xAxis: { type: 'category', data: points.map((point) => String(point.year)) },
    yAxis: [
      {
        type: 'value',
        name: t('results.total'),
        min: (extent: { min: number }) => Math.max(0, Math.floor(extent.min / 10) * 10 - 10),
        max: 100,
      },
      { type: 'value', name: t('results.groupRank'), inverse: true, min: 1, max: maxRank, minInterval: 1 },
    ],
    series: [
      {
        name: t('results.total'),
        type: 'line',
        data: points.map((point) => num(point.result?.total)),
        connectNulls: false,
        label: { show: true, position: 'top' },
        symbolSize: 8,
      },
      {
        name: t('results.groupRank'),
        type: 'line',
        yAxisIndex: 1,
        data: ranks,
        lineStyle: { type: 'dashed' },
        symbolSize: 6,
      },
    ],
  }
}

/** The histogram's bars, each named by its range: `[low, high)`, the last one `[low, high]`. */
export function histogramBars(distribution: Distribution): { label: string; count: number }[] {
  const bins = distribution.histogram
  return bins.map((bin, index) => ({
    label: `[${short(bin.low)}, ${short(bin.high)}${index === bins.length - 1 ? ']' : ')'}`,
    count: bin.count,
  }))
}

/** How many units scored in each range of the indicator's scores. */
export function histogramOption(distribution: Distribution, { t }: Translator): Record<string, unknown> {
  const bars = histogramBars(distribution)
  return {
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    grid: { left: 48, right: 16, top: 32, bottom: 48 },
    xAxis: { type: 'category', data: bars.map((bar) => bar.label), name: t('across.score'), axisLabel: { rotate: 30 } },
    yAxis: { type: 'value', name: t('across.histogramAxis'), minInterval: 1 },
    series: [
      {
        name: t('across.histogramAxis'),
        type: 'bar',
        barCategoryGap: '8%',
        data: bars.map((bar) => bar.count),
        label: { show: true, position: 'top' },
      },
    ],
  }
}
