import { describe, expect, it } from 'vitest'
import type { Dashboard, DashboardUnit } from '@/api/dashboard'
import {
  LIGHT_COLOURS,
  lightsOption,
  percent,
  progressOption,
  progressTrendOption,
  rankingOption,
  totalsTrendOption,
  unitsByConcern,
} from '../charts'

const translator = { t: (key: string) => key, te: () => true }

const summary: Dashboard['summary'] = {
  today: '2026-12-06',
  due: '2016-01-10',
  greenPercent: '90',
  yellowPercent: '60',
  total: 8,
  green: 3,
  yellow: 1,
  red: 4,
  none: 0,
  overdue: 4,
  reported: 4,
  verified: 2,
  scored: 1,
}

function unit(name: string, red: number, yellow: number): DashboardUnit {
  return { unitCode: name, unitName: name, total: 5, reported: 0, verified: 0, scored: 0, green: 5 - red - yellow, yellow, red, none: 0 }
}

type Series = { data: unknown[]; name?: string }

describe('dashboard charts', () => {
  it('gives shares in percent with one place, nothing of nothing as 0', () => {
    expect(percent(1, 3)).toBe(33.3)
    expect(percent(0, 0)).toBe(0)
  })

  it('draws reported, verified and scored as shares of the tasks', () => {
    const series = progressOption(summary, translator).series as Series[]
    expect(series[0]!.data.map((d) => (d as { value: number }).value)).toEqual([50, 25, 12.5])
  })

  it('draws the lights in their colours, labelling only those lit', () => {
    type Slice = { name: string; value: number; itemStyle: { color: string }; label: { show: boolean } }
    const [ring] = lightsOption(summary, translator).series as { data: Slice[] }[]
    expect(ring!.data.map((d) => [d.name, d.value, d.itemStyle.color, d.label.show])).toEqual([
      ['dashboard.lightNames.green', 3, LIGHT_COLOURS.green, true],
      ['dashboard.lightNames.yellow', 1, LIGHT_COLOURS.yellow, true],
      ['dashboard.lightNames.red', 4, LIGHT_COLOURS.red, true],
      ['dashboard.lightNames.none', 0, LIGHT_COLOURS.none, false],
    ])
  })

  it('puts the units with most red first, then most yellow', () => {
    const units = [unit('甲', 0, 2), unit('乙', 2, 0), unit('丙', 2, 1), unit('丁', 0, 0)]
    expect(unitsByConcern(units).map((u) => u.unitName)).toEqual(['丙', '乙', '甲', '丁'])
    expect(unitsByConcern(units, 2)).toHaveLength(2)
  })

  it('names the ranking by overall rank and unit name', () => {
    const option = rankingOption(
      [
        { unitName: '城市管理局', unitKind: 'DEPARTMENT', groupName: '综合管理组', total: '96.88', rank: 1, overallRank: 1, grade: null },
        { unitName: '上海西路街道', unitKind: 'SUBDISTRICT', groupName: '镇街组', total: '84.91', rank: 1, overallRank: 1, grade: null },
        { unitName: '良田镇', unitKind: 'TOWN', groupName: '镇街组', total: '80.10', rank: 2, overallRank: 2, grade: null },
      ],
      translator,
    )
    expect((option.yAxis as { data: string[] }).data).toEqual([
      '1. 城市管理局（results.classDepartments）',
      '1. 上海西路街道（results.classTowns）',
      '2. 良田镇（results.classTowns）',
    ])
    expect((option.series as Series[])[0]!.data).toEqual([96.88, 84.91, 80.1])
  })

  it('draws the trends by period label', () => {
    const progress = progressTrendOption(
      [{ period: 'Q1', periodLabel: '第一季度', total: 4, reported: 2, verified: 1, scored: 0, red: 2 }],
      translator,
    )
    expect((progress.xAxis as { data: string[] }).data).toEqual(['第一季度'])
    expect((progress.series as Series[]).map((s) => s.data)).toEqual([[50], [25], [0]])
    const totals = totalsTrendOption(
      [{ period: 'Q1', periodLabel: '第一季度', units: 24, mean: '80.12', highest: '90.00', lowest: '70.50' }],
      translator,
    )
    expect((totals.series as Series[]).map((s) => s.data)).toEqual([[90], [80.12], [70.5]])
  })
})
