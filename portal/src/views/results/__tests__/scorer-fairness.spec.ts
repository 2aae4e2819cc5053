import { flushPromises, mount } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { defineComponent, h } from 'vue'
import { createAppI18n } from '@/locales'
import type { ScorerFairnessRow, ScorerLeaning } from '@/api/fairness'
import { fakeGraphQL } from '@/testing/graphql'
import { fairnessOption } from '../fairness'
import ScorerFairnessCard from '../ScorerFairnessCard.vue'

// The chart draws on a canvas the test DOM does not have: a stand-in keeps the option it was given.
const charts: Record<string, unknown>[] = []
vi.mock('@/components/charts/EChart.vue', () => ({
  __esModule: true,
  default: defineComponent({
    props: { option: { type: Object, required: true }, height: String, label: String },
    setup(props) {
      return () => {
        charts.push(props.option as Record<string, unknown>)
        return h('div', { 'data-testid': 'chart' }, props.label)
      }
    },
  }),
}))

const row = (
  code: string,
  name: string,
  mean: string | null,
  leaning: ScorerLeaning,
  label: string,
  entries = 5,
): ScorerFairnessRow => ({
  scorer: { code, name, kind: 'PERSON', kindLabel: '评分人员' },
  entries,
  items: 1,
  units: entries,
  meanDeviation: mean,
  leaning,
  leaningLabel: label,
})

const REPORT = {
  schemeCode: 'jinfeng-2015',
  period: 'ANNUAL',
  threshold: '0.5',
  minEntries: 5,
  scorers: [
    row('lingdao1', '张副区长', '1.22', 'LENIENT', '偏宽'),
    row('gongxinju', '工信局', '0.00', 'NORMAL', '正常'),
    row('lingdao2', '李副区长', '-1.22', 'HARSH', '偏严'),
    row('lingdao3', '王副区长', '1.00', 'TOO_FEW', '样本不足', 2),
  ],
}

describe('评分尺度 on the runs page', () => {
  beforeEach(() => {
    charts.length = 0
  })
  afterEach(() => {
    vi.unstubAllGlobals()
    document.body.innerHTML = ''
  })

  it('shows each scorer by name with the deviation, the 偏宽/偏严 tags and a bar chart', async () => {
    const server = fakeGraphQL({ ScorerFairness: { scorerFairness: REPORT } })
    vi.stubGlobal('fetch', server.fetch)
    const wrapper = mount(ScorerFairnessCard, {
      props: { schemeCode: 'jinfeng-2015' },
      global: { plugins: [createAppI18n('zh-CN')] },
      attachTo: document.body,
    })
    await flushPromises()
    await vi.waitFor(() => expect(wrapper.find('[data-testid="chart"]').exists()).toBe(true))

    expect(server.sent[0]).toEqual({ name: 'ScorerFairness', variables: { schemeCode: 'jinfeng-2015', period: 'ANNUAL' } })
    expect(wrapper.text()).toContain('评分尺度')
    expect(wrapper.get('[data-testid="fairness-intro"]').text()).toContain('±0.5 个标准差')
    const rows = wrapper.get('[data-testid="fairness-table"]').findAll('tbody tr.el-table__row')
    expect(rows.map((tr) => tr.findAll('td')[0]!.text())).toEqual(['张副区长', '工信局', '李副区长', '王副区长'])
    expect(rows[0]!.text()).toContain('1.22')
    expect(wrapper.get('[data-testid="fairness-leaning-lingdao1"]').text()).toBe('偏宽')
    expect(wrapper.get('[data-testid="fairness-leaning-lingdao2"]').text()).toBe('偏严')
    expect(wrapper.get('[data-testid="fairness-leaning-gongxinju"]').text()).toBe('正常')
    expect(wrapper.get('[data-testid="fairness-leaning-lingdao3"]').text()).toBe('样本不足')
    expect(wrapper.get('[data-testid="fairness-leaning-lingdao1"]').classes()).toContain('el-tag--warning')
    expect(wrapper.get('[data-testid="fairness-leaning-lingdao2"]').classes()).toContain('el-tag--danger')

    const option = charts.at(-1) as { yAxis: { data: string[] }; series: { data: { value: number }[] }[] }
    // most lenient at the top of a horizontal bar chart: listed bottom to top
    expect(option.yAxis.data).toEqual(['王副区长', '李副区长', '工信局', '张副区长'])
    expect(option.series[0]!.data.map((bar) => bar.value)).toEqual([1, -1.22, 0, 1.22])
  })

  it('leaves out of the chart a scorer without any comparable entry', () => {
    const t = (key: string) => key
    const option = fairnessOption([row('x', '甲', null, 'TOO_FEW', '样本不足', 0), row('y', '乙', '0.30', 'NORMAL', '正常')], {
      t,
      te: () => true,
    }) as { yAxis: { data: string[] } }
    expect(option.yAxis.data).toEqual(['乙'])
  })
})
