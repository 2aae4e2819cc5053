import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { defineComponent, h } from 'vue'
import { createAppI18n } from '@/locales'
import { useViewerStore } from '@/stores/viewer'
import { fakeGraphQL } from '@/testing/graphql'
import { APPRAISAL_SCHEMES, FENGDENG, LIANGTIAN, run, SHANGHAIXILU } from '@/testing/results'
import { testRouter } from '@/testing/router'
import { signedInViewer } from '@/testing/viewers'
import CompareView from '../CompareView.vue'
import UnitResultView from '../UnitResultView.vue'

vi.mock('@/components/charts/EChart.vue', () => ({
  __esModule: true,
  default: defineComponent({ setup: () => () => h('div', { 'data-testid': 'chart' }) }),
}))

// A leader reads every unit's results and is shown appeals on them (result:approve).
const LEADER = ['result:read', 'result:approve']
const WINDOW = { runId: 'UmVzdWx0UnVuOjE=', days: 5, publishedAt: '2016-01-04T02:00:00+00:00', closesAt: '2016-01-12T00:00:00+08:00', open: true, publicity: false }
const mark = (unitCode: string, period = '') => ({
  unitCode,
  lineKind: 'INDICATOR',
  lineKey: 'A1',
  linePeriod: period,
  stateLabel: '待分派',
})

async function mountAt(component: typeof CompareView | typeof UnitResultView, path: string) {
  const router = testRouter()
  await router.push(path)
  const wrapper = mount(component, { global: { plugins: [createAppI18n('zh-CN'), router] }, attachTo: document.body })
  await flushPromises()
  return wrapper
}

describe('申诉中 wherever results show', () => {
  beforeEach(() => {
    setActivePinia(createPinia())
    localStorage.clear()
    useViewerStore().setViewer(signedInViewer({ roles: ['leader'], permissions: LEADER }))
  })
  afterEach(() => {
    vi.unstubAllGlobals()
    document.body.innerHTML = ''
  })

  it('marks the compared units with a line under appeal in the period compared', async () => {
    const units = [SHANGHAIXILU, LIANGTIAN, FENGDENG]
    const server = fakeGraphQL({
      AppraisalSchemes: APPRAISAL_SCHEMES,
      Rankings: { rankings: { run: run(), groups: [{ code: 'towns', name: '镇街组', units }], overall: units } },
      CompareUnits: { compareUnits: { run: run(), units } },
      AppealDesk: { appealWindow: WINDOW, appealMarks: [mark('liangtian', 'Q4')] },
    })
    vi.stubGlobal('fetch', server.fetch)
    const wrapper = await mountAt(CompareView, '/results/compare?scheme=jinfeng-2015&units=shanghaixilu,liangtian,fengdeng')
    await vi.waitFor(() => expect(wrapper.find('[data-testid="compare-table"]').exists()).toBe(true))
    await flushPromises()

    expect(server.sent.find((op) => op.name === 'AppealDesk')?.variables).toEqual({ schemeCode: 'jinfeng-2015', period: 'ANNUAL' })
    const rows = wrapper.get('[data-testid="compare-table"]').findAll('tbody tr.el-table__row')
    expect(rows.map((row) => row.findAll('td')[0]!.text())).toEqual(['上海西路街道', '良田镇申诉中', '丰登镇'])
  })

  it('marks the periods of a unit’s trend that have a line under appeal', async () => {
    const trend = ['ANNUAL', 'Q2', 'Q4'].map((period) => ({
      period,
      run: { id: `run-${period}`, status: 'PUBLISHED', statusLabel: '已公布', provisional: false },
      result: { total: '84.41', rank: 2, overallRank: 2, grade: null },
    }))
    const marksOf: Record<string, unknown[]> = { ANNUAL: [], Q2: [mark('liangtian', 'Q2'), mark('fengdeng', 'Q4')], Q4: [mark('fengdeng', 'Q4')] }
    const server = fakeGraphQL({
      AppraisalSchemes: APPRAISAL_SCHEMES,
      UnitResult: { unitResult: { ...LIANGTIAN, breakdown: [] } },
      UnitTrend: { unitTrend: trend },
      UnitAdjustments: { adjustments: { nodes: [], pageInfo: { hasNextPage: false, endCursor: null } } },
      AppealDesk: { appealWindow: WINDOW, appealMarks: [] },
      AppealMarks: (variables) => ({ appealMarks: marksOf[String(variables.period)] ?? [] }),
    })
    vi.stubGlobal('fetch', server.fetch)
    const wrapper = await mountAt(UnitResultView, '/results/units/liangtian?scheme=jinfeng-2015')
    await vi.waitFor(() => expect(wrapper.find('[data-testid="unit-trend"]').exists()).toBe(true))
    await flushPromises()

    // Q2 has an appeal of this unit; Q4 only of another unit's; the year none.
    expect(wrapper.get('[data-testid="trend-Q2"]').text()).toBe('第二季度 申诉中')
    expect(wrapper.get('[data-testid="trend-Q4"]').text()).toBe('第四季度')
    expect(wrapper.get('[data-testid="trend-ANNUAL"]').text()).toBe('全年')
  })

  it('shows no marks to a viewer not involved in appeals, and asks nothing of them', async () => {
    useViewerStore().setViewer(signedInViewer({ permissions: ['result:read'] }))
    const units = [SHANGHAIXILU, LIANGTIAN]
    const server = fakeGraphQL({
      AppraisalSchemes: APPRAISAL_SCHEMES,
      Rankings: { rankings: { run: run(), groups: [{ code: 'towns', name: '镇街组', units }], overall: units } },
      CompareUnits: { compareUnits: { run: run(), units } },
    })
    vi.stubGlobal('fetch', server.fetch)
    const wrapper = await mountAt(CompareView, '/results/compare?scheme=jinfeng-2015&units=shanghaixilu,liangtian')
    await vi.waitFor(() => expect(wrapper.find('[data-testid="compare-table"]').exists()).toBe(true))

    expect(wrapper.find('[data-testid="under-appeal"]').exists()).toBe(false)
    expect(server.names()).not.toContain('AppealDesk')
  })
})
