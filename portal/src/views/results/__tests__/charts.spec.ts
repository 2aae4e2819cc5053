import { describe, expect, it } from 'vitest'
import { createAppI18n } from '@/locales'
import { FENGDENG, SHANGHAIXILU } from '@/testing/results'
import type { Translator } from '@/utils/results'
import { compareBarOption, compareRadarOption, trendOption } from '../charts'

const { t, te } = createAppI18n('zh-CN').global
const zh: Translator = { t: (key, named) => (named ? t(key, named) : t(key)), te: (key) => te(key) }

type Series = { name?: string; type: string; data: unknown[] }

describe('chart options', () => {
  it('compares units as grouped bars: the total, then each component', () => {
    const option = compareBarOption([SHANGHAIXILU, FENGDENG], zh) as { xAxis: { data: string[] }; series: Series[] }
    expect(option.xAxis.data).toEqual(['上海西路街道', '丰登镇'])
    expect(option.series.map((s) => s.name)).toEqual(['总分', '指标考核', '领导评价', '群众满意度'])
    expect(option.series[0]!.data).toEqual([84.91, 83.63])
    expect(option.series[3]!.data).toEqual([89.89, 96.98])
  })

  it('compares units on a radar, one shape per unit, the axes from a round ten below the lowest value', () => {
    const option = compareRadarOption([SHANGHAIXILU, FENGDENG], zh) as {
      radar: { indicator: { name: string; min: number; max: number }[] }
      series: { data: { name: string; value: number[] }[] }[]
    }
    expect(option.radar.indicator.map((axis) => axis.name)).toEqual(['总分', '指标考核', '领导评价', '群众满意度'])
    // The lowest value is 80.73: every axis runs from 70 to 100.
    expect(option.radar.indicator.every((axis) => axis.min === 70 && axis.max === 100)).toBe(true)
    expect(option.series[0]!.data).toEqual([
      { name: '上海西路街道', value: [84.91, 84.53, 93.05, 89.89] },
      { name: '丰登镇', value: [83.63, 80.73, 93.49, 96.98] },
    ])
  })

  it('leaves a gap for a period the viewer has no run of', () => {
    const option = trendOption([{ period: 'Q2', result: { total: '80.50', rank: 3 } }], zh) as { series: Series[] }
    expect(option.series[0]!.data).toEqual([null, 80.5, null, null, null])
    expect(option.series[1]!.data).toEqual([null, 3, null, null, null])
  })
})
