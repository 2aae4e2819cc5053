import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { defineComponent, h } from 'vue'
import { createAppI18n } from '@/locales'
import { useViewerStore } from '@/stores/viewer'
import { fakeGraphQL } from '@/testing/graphql'
import { FENGDENG, SHANGHAIXILU } from '@/testing/results'
import { testRouter } from '@/testing/router'
import { signedInViewer } from '@/testing/viewers'
import UnitResultView from '../UnitResultView.vue'

// The chart draws on a canvas the test DOM does not have: a stand-in shows the option it was given.
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

const source = (overrides: Record<string, unknown> = {}) => ({
  scorer: null,
  scorerName: null,
  value: null,
  actual: null,
  met: null,
  incidents: null,
  rank: null,
  enteredAt: '2015-07-01T02:00:00+00:00',
  enteredBy: '考评办 王主任',
  ...overrides,
})

const line = (code: string, name: string, period: string, available: string, score: string, extra = {}) => ({
  indicatorCode: code,
  indicatorName: name,
  period,
  available,
  score,
  rawScore: score,
  status: 'scored',
  sourceScores: [source()],
  ...extra,
})

const BREAKDOWN = [
  line('A1', '招商引资到位资金', 'Q2', '6.0', '4.2222', { sourceScores: [source({ actual: '70.37' })] }),
  line('A1', '招商引资到位资金', 'Q4', '6.0', '4.7838', { sourceScores: [source({ actual: '79.73' })] }),
  line('B1', '重点项目建设进度', 'Q1', '3.75', '3.1', {
    sourceScores: [
      source({ scorer: 'lingdao1', scorerName: '张副区长', value: '3.2' }),
      source({ scorer: 'lingdao2', scorerName: '李副区长', value: '3.0' }),
    ],
  }),
  line('S2', '安全生产', 'Q2', '2.5', '0', { status: 'binding_failed', rawScore: '2.5', sourceScores: [source({ met: false })] }),
]

const TREND = [
  { period: 'ANNUAL', total: '84.91', rank: 1, grade: '一等奖' },
  { period: 'Q1', total: '78.08', rank: 2, grade: null },
  { period: 'Q2', total: '80.50', rank: 3, grade: null },
  { period: 'Q3', total: '84.52', rank: 2, grade: null },
  { period: 'Q4', total: '87.22', rank: 1, grade: null },
].map(({ period, total, rank, grade }) => ({
  period,
  run: { id: `run-${period}`, status: 'PUBLISHED', statusLabel: '已公布', provisional: false },
  result: { total, rank, overallRank: rank, grade },
}))

const NO_ADJUSTMENTS = { adjustments: { nodes: [], pageInfo: { hasNextPage: false, endCursor: null } } }

async function mountPage(path: string) {
  const router = testRouter()
  await router.push(path)
  const wrapper = mount(UnitResultView, { global: { plugins: [createAppI18n('zh-CN'), router] }, attachTo: document.body })
  await flushPromises()
  await vi.waitFor(() => expect(wrapper.find('[data-testid="unit-summary"]').exists()).toBe(true))
  await vi.waitFor(() => expect(wrapper.find('[data-testid="chart"]').exists()).toBe(true))
  return { wrapper, router }
}

describe('a unit’s result page', () => {
  beforeEach(() => {
    setActivePinia(createPinia())
    localStorage.clear()
    charts.length = 0
  })
  afterEach(() => {
    vi.unstubAllGlobals()
    document.body.innerHTML = ''
  })

  it('shows the figures, the reasons, and the breakdown by indicator with the source scores', async () => {
    useViewerStore().setViewer(signedInViewer({ permissions: ['result:read'] }))
    const server = fakeGraphQL({
      UnitResult: { unitResult: { ...SHANGHAIXILU, breakdown: BREAKDOWN } },
      UnitTrend: { unitTrend: TREND },
      UnitAdjustments: NO_ADJUSTMENTS,
    })
    vi.stubGlobal('fetch', server.fetch)
    const { wrapper } = await mountPage('/results/units/shanghaixilu?scheme=jinfeng-2015')

    expect(server.sent.find((op) => op.name === 'UnitResult')?.variables).toEqual({
      schemeCode: 'jinfeng-2015',
      unitCode: 'shanghaixilu',
      period: 'ANNUAL',
    })
    expect(wrapper.get('[data-testid="unit-title"]').text()).toBe('上海西路街道')
    expect(wrapper.get('[data-testid="unit-total"]').text()).toBe('84.91')
    expect(wrapper.get('[data-testid="unit-rank"]').text()).toBe('1')
    expect(wrapper.get('[data-testid="unit-summary"]').text()).toContain('168,000.00')
    expect(wrapper.get('[data-testid="unit-explain"]').findAll('li').map((li) => li.text())).toEqual(SHANGHAIXILU.explain)

    // One row per indicator: its periods summed exactly, the worst status shown.
    const rows = wrapper.get('[data-testid="unit-breakdown"]').findAll('tbody tr.el-table__row')
    expect(rows.map((row) => row.findAll('td')[1]!.text())).toEqual(['A1', 'B1', 'S2'])
    expect(rows[0]!.text()).toContain('第二季度、第四季度')
    expect(rows[0]!.text()).toContain('12')
    expect(rows[0]!.text()).toContain('9.01')
    expect(rows[2]!.text()).toContain('约束性指标未完成')

    // Expanded: each period with the score entries behind it.
    await rows[1]!.get('.el-table__expand-icon').trigger('click')
    await flushPromises()
    const b1 = wrapper.get('[data-testid="line-B1-Q1"]')
    expect(b1.text()).toContain('可得分 3.75，得分 3.10')
    const scorers = b1.get('[data-testid="source-scores"]').findAll('tbody tr.el-table__row')
    // Scorers by name, not by their usernames.
    expect(scorers.map((row) => row.findAll('td')[0]!.text())).toEqual(['张副区长', '李副区长'])
    expect(scorers[0]!.text()).toContain('3.2')

    await rows[2]!.get('.el-table__expand-icon').trigger('click')
    await flushPromises()
    const s2 = wrapper.get('[data-testid="line-S2-Q2"]')
    expect(s2.text()).toContain('约束性指标规则前为 2.50')
    expect(s2.text()).toContain('未达标')
  })

  it('draws the quarterly trend, Q1 to Q4 then the year, with the group rank', async () => {
    useViewerStore().setViewer(signedInViewer({ permissions: ['result:read'] }))
    vi.stubGlobal(
      'fetch',
      fakeGraphQL({
        UnitResult: { unitResult: { ...SHANGHAIXILU, breakdown: BREAKDOWN } },
        UnitTrend: { unitTrend: TREND },
        UnitAdjustments: NO_ADJUSTMENTS,
      }).fetch,
    )
    const { wrapper } = await mountPage('/results/units/shanghaixilu?scheme=jinfeng-2015')
    const option = charts.at(-1) as {
      xAxis: { data: string[] }
      series: { name: string; data: (number | null)[] }[]
    }
    expect(option.xAxis.data).toEqual(['第一季度', '第二季度', '第三季度', '第四季度', '全年'])
    expect(option.series[0]).toMatchObject({ name: '总分', data: [78.08, 80.5, 84.52, 87.22, 84.91] })
    expect(option.series[1]).toMatchObject({ name: '组内名次', data: [2, 3, 2, 1, 1] })
    const trend = wrapper.get('[data-testid="unit-trend"]').findAll('tbody tr.el-table__row')
    expect(trend.map((row) => row.findAll('td')[0]!.text())).toEqual(['第一季度', '第二季度', '第三季度', '第四季度', '全年'])
  })

  it('shows a grade lowered by a penalty, its flags, and a quarter without grades', async () => {
    useViewerStore().setViewer(signedInViewer({ permissions: ['result:read'] }))
    const server = fakeGraphQL({
      UnitResult: (variables) => ({
        unitResult:
          variables.period === 'ANNUAL'
            ? { ...FENGDENG, breakdown: [] }
            : { ...FENGDENG, components: FENGDENG.components.slice(0, 1), baseGrade: null, grade: null, flags: [], flagLabels: [], bonus: null, deductions: null, bonusAmount: null, explain: [], breakdown: [] },
      }),
      UnitTrend: { unitTrend: TREND },
      UnitAdjustments: NO_ADJUSTMENTS,
    })
    vi.stubGlobal('fetch', server.fetch)
    const { wrapper, router } = await mountPage('/results/units/fengdeng?scheme=jinfeng-2015')
    const summary = wrapper.get('[data-testid="unit-summary"]')
    expect(summary.text()).toContain('二等奖 → 无')
    expect(summary.get('[data-flag="binding_failed"]').text()).toBe('约束性指标未完成')

    await router.replace('/results/units/fengdeng?scheme=jinfeng-2015&period=Q3')
    await flushPromises()
    await vi.waitFor(() => expect(server.sent.at(-1)?.variables.period).toBe('Q3'))
    await flushPromises()
    expect(wrapper.get('[data-testid="unit-summary"]').text()).not.toContain('等次')
    // The trend is the same whatever the period: asked once.
    expect(server.names().filter((name) => name === 'UnitTrend')).toHaveLength(1)
  })

  it('says when the viewer may not see this unit (a unit user asking for another unit)', async () => {
    useViewerStore().setViewer(signedInViewer({ permissions: ['result:read'] }))
    vi.stubGlobal('fetch', fakeGraphQL({ UnitResult: { unitResult: null }, UnitTrend: { unitTrend: [] } }).fetch)
    const router = testRouter()
    await router.push('/results/units/shanghaixilu?scheme=jinfeng-2015')
    const wrapper = mount(UnitResultView, { global: { plugins: [createAppI18n('zh-CN'), router] } })
    await vi.waitFor(() => expect(wrapper.find('[data-testid="unit-empty"]').exists()).toBe(true))
    expect(wrapper.get('[data-testid="unit-empty"]').text()).toContain('没有该单位在此周期可查看的结果')
    expect(wrapper.find('[data-testid="unit-trend"]').exists()).toBe(false)
  })

  it('exports the unit’s result as shown to Excel', async () => {
    useViewerStore().setViewer(signedInViewer({ permissions: ['result:read'] }))
    const file = { fileName: 'u.xlsx', contentType: 'application/vnd.ms-excel', base64: 'UEsDBA==', rowCount: 4 }
    const server = fakeGraphQL({
      UnitResult: { unitResult: { ...SHANGHAIXILU, breakdown: BREAKDOWN } },
      UnitTrend: { unitTrend: TREND },
      UnitAdjustments: NO_ADJUSTMENTS,
      ExportUnitResult: { exportUnitResult: { file, errors: [] } },
    })
    vi.stubGlobal('fetch', server.fetch)
    vi.spyOn(URL, 'createObjectURL').mockImplementation(() => 'blob:x')
    vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => {})
    const { wrapper } = await mountPage('/results/units/shanghaixilu?scheme=jinfeng-2015&period=Q2')
    await wrapper.get('[data-testid="unit-export"]').trigger('click')
    await flushPromises()
    expect(server.sent.at(-1)).toMatchObject({
      name: 'ExportUnitResult',
      variables: { schemeCode: 'jinfeng-2015', unitCode: 'shanghaixilu', period: 'Q2' },
    })
    vi.restoreAllMocks()
  })
})
