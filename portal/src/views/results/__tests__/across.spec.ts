import { describe, expect, it } from 'vitest'
import type { Distribution, YearPoint } from '@/api/across'
import { histogramBars, histogramOption, short, yearsOption } from '../acrossCharts'

const translator = { t: (key: string) => key, te: () => true }

function year(value: number, total: string | null, rank: number | null): YearPoint {
  return {
    schemeCode: `jinfeng-${value}`,
    schemeName: `金凤区${value}年绩效考评方案`,
    year: value,
    run: total === null ? null : { statusLabel: '已公布', publishedAt: null },
    result:
      total === null || rank === null
        ? null
        : { unitName: '良田镇', groupName: '镇街组', total, rank, overallRank: rank, grade: null },
  }
}

const distribution: Distribution = {
  count: 3,
  minimum: '1',
  firstQuartile: '1.5',
  median: '2',
  thirdQuartile: '2.5',
  maximum: '3',
  mean: '2.0000',
  histogram: [
    { low: '0', high: '1.5', count: 1 },
    { low: '1.5', high: '3', count: 2 },
  ],
}

describe('across charts', () => {
  it('shows figures with at most two places', () => {
    expect(short('2.0000')).toBe('2')
    expect(short('0.3333')).toBe('0.33')
  })

  it('draws each year, a year without a published result as a gap', () => {
    const option = yearsOption([year(2015, '84.91', 1), year(2016, null, null), year(2017, '80.00', 3)], translator)
    expect((option.xAxis as { data: string[] }).data).toEqual(['2015', '2016', '2017'])
    const [totals, ranks] = option.series as { data: unknown[] }[]
    expect(totals!.data).toEqual([84.91, null, 80])
    expect(ranks!.data).toEqual([1, null, 3])
  })

  it('names each bar by its range, the last one closed', () => {
    expect(histogramBars(distribution)).toEqual([
      { label: '[0, 1.5)', count: 1 },
      { label: '[1.5, 3]', count: 2 },
    ])
    const series = histogramOption(distribution, translator).series as { data: number[] }[]
    expect(series[0]!.data).toEqual([1, 2])
  })
})
