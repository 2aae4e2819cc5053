import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { defineComponent, h } from 'vue'
import { createAppI18n } from '@/locales'
import { useViewerStore } from '@/stores/viewer'
import { fakeGraphQL } from '@/testing/graphql'
import { LIANGTIAN } from '@/testing/results'
import { testRouter } from '@/testing/router'
import { signedInViewer } from '@/testing/viewers'
import UnitResultView from '@/views/results/UnitResultView.vue'

vi.mock('@/components/charts/EChart.vue', () => ({
  __esModule: true,
  default: defineComponent({ setup: () => () => h('div', { 'data-testid': 'chart' }) }),
}))

const line = (period: string, score: string) => ({
  indicatorCode: 'A1',
  indicatorName: '招商引资到位资金',
  period,
  available: '6.0',
  score,
  rawScore: score,
  status: 'scored',
  sourceScores: [],
})
const WINDOW = { runId: 'UmVzdWx0UnVuOjE=', days: 5, publishedAt: '2016-01-04T02:00:00+00:00', closesAt: '2016-01-12T00:00:00+08:00', open: true }
const REPORTER = ['result:read', 'report:write', 'appeal:write']
// 良田镇's reporter (its own unit), and 丰登镇's reading 良田镇's result during 公示.
const OWN = { roles: ['unit_reporter'], permissions: REPORTER, unit: { code: 'liangtian' } }
const OTHER = { ...OWN, unit: { code: 'fengdeng' } }
const BONUS = { id: 'QWRqdXN0bWVudDox', kind: 'BONUS', points: '2.00', reason: '获市级创新奖（集体）' }
const DEDUCTION = { id: 'QWRqdXN0bWVudDoy', kind: 'DEDUCTION', points: '0.50', reason: '被区委通报批评' }

function answers(marks: unknown[]) {
  return {
    UnitResult: { unitResult: { ...LIANGTIAN, breakdown: [line('Q2', '4.2222'), line('Q4', '4.7838')] } },
    UnitTrend: { unitTrend: [] },
    UnitAdjustments: { adjustments: { nodes: [BONUS, DEDUCTION], pageInfo: { hasNextPage: false, endCursor: null } } },
    AppealDesk: { appealWindow: WINDOW, appealMarks: marks },
    RaiseAppeal: { raiseAppeal: { appeal: { id: 'QXBwZWFsOjE=' }, errors: [] } },
  }
}

async function mountPage() {
  const router = testRouter()
  await router.push('/results/units/liangtian?scheme=jinfeng-2015')
  const wrapper = mount(UnitResultView, { global: { plugins: [createAppI18n('zh-CN'), router] }, attachTo: document.body })
  await flushPromises()
  await vi.waitFor(() => expect(wrapper.find('[data-testid="unit-summary"]').exists()).toBe(true))
  const row = wrapper.get('[data-testid="unit-breakdown"]').findAll('tbody tr.el-table__row')[0]!
  await row.get('.el-table__expand-icon').trigger('click')
  await flushPromises()
  return wrapper
}

describe('appealing a line of the unit’s result', () => {
  beforeEach(() => {
    setActivePinia(createPinia())
    localStorage.clear()
  })
  afterEach(() => {
    vi.unstubAllGlobals()
    document.body.innerHTML = ''
  })

  it('lets the unit appeal a period’s score within the window, with its reason', async () => {
    useViewerStore().setViewer(signedInViewer(OWN))
    const server = fakeGraphQL(answers([]))
    vi.stubGlobal('fetch', server.fetch)
    const wrapper = await mountPage()

    expect(wrapper.get('[data-testid="appeal-window"]').text()).toContain('5 个工作日')
    await wrapper.get('[data-testid="line-A1-Q4"] [data-testid="appeal-line-button"]').trigger('click')
    await flushPromises()
    const dialog = document.body.querySelector('[data-testid="appeal-line"]')
    expect(dialog?.textContent).toContain('招商引资到位资金 · 第四季度')
    const field = document.body.querySelector('[data-testid="appeal-reason"]')!
    const reason = (field.tagName === 'TEXTAREA' ? field : field.querySelector('textarea')) as HTMLTextAreaElement
    reason.value = '漏报了两个项目'
    reason.dispatchEvent(new Event('input'))
    document.body.querySelector<HTMLButtonElement>('[data-testid="appeal-submit"]')!.click()
    await flushPromises()
    expect(server.sent.find((op) => op.name === 'RaiseAppeal')?.variables).toEqual({
      input: {
        runId: WINDOW.runId,
        unitCode: 'liangtian',
        lineKind: 'INDICATOR',
        lineKey: 'A1',
        linePeriod: 'Q4',
        reason: '漏报了两个项目',
      },
    })
  })

  it('marks a line under appeal (申诉中) instead of offering to appeal it again', async () => {
    useViewerStore().setViewer(signedInViewer(OWN))
    const mark = { unitCode: 'liangtian', lineKind: 'INDICATOR', lineKey: 'A1', linePeriod: 'Q4', stateLabel: '待分派' }
    vi.stubGlobal('fetch', fakeGraphQL(answers([mark])).fetch)
    const wrapper = await mountPage()

    const q4 = wrapper.get('[data-testid="line-A1-Q4"]')
    expect(q4.text()).toContain('申诉中')
    expect(q4.find('[data-testid="appeal-line-button"]').exists()).toBe(false)
    expect(wrapper.get('[data-testid="line-A1-Q2"] [data-testid="appeal-line-button"]').text()).toBe('申诉')
  })

  it('lets the unit appeal a bonus or deduction of its year’s result, named by the adjustment', async () => {
    useViewerStore().setViewer(signedInViewer(OWN))
    const server = fakeGraphQL(answers([]))
    vi.stubGlobal('fetch', server.fetch)
    const wrapper = await mountPage()

    expect(server.sent.find((op) => op.name === 'UnitAdjustments')?.variables).toMatchObject({
      schemeCode: 'jinfeng-2015',
      unitCode: 'liangtian',
    })
    const deduction = wrapper.get(`[data-testid="adjustment-${DEDUCTION.id}"]`)
    expect(wrapper.get('[data-testid="unit-adjustments"]').text()).toContain('扣分')
    await deduction.get('[data-testid="appeal-adjustment-button"]').trigger('click')
    await flushPromises()
    expect(document.body.querySelector('[data-testid="appeal-line"]')?.textContent).toBe('被区委通报批评')
    expect(document.body.querySelector('[data-testid="appeal-dialog"]')?.textContent).toContain('-0.5')
    const field = document.body.querySelector('[data-testid="appeal-reason"]')!
    const reason = (field.tagName === 'TEXTAREA' ? field : field.querySelector('textarea')) as HTMLTextAreaElement
    reason.value = '通报已于当年撤销'
    reason.dispatchEvent(new Event('input'))
    document.body.querySelector<HTMLButtonElement>('[data-testid="appeal-submit"]')!.click()
    await flushPromises()
    expect(server.sent.find((op) => op.name === 'RaiseAppeal')?.variables).toEqual({
      input: {
        runId: WINDOW.runId,
        unitCode: 'liangtian',
        lineKind: 'ADJUSTMENT',
        lineKey: DEDUCTION.id,
        linePeriod: null,
        reason: '通报已于当年撤销',
      },
    })
  })

  it('marks an adjustment under appeal (申诉中) and offers the others', async () => {
    useViewerStore().setViewer(signedInViewer(OWN))
    const mark = { unitCode: 'liangtian', lineKind: 'ADJUSTMENT', lineKey: BONUS.id, linePeriod: '', stateLabel: '待答复' }
    vi.stubGlobal('fetch', fakeGraphQL(answers([mark])).fetch)
    const wrapper = await mountPage()

    const bonus = wrapper.get(`[data-testid="adjustment-${BONUS.id}"]`)
    expect(bonus.text()).toContain('申诉中')
    expect(bonus.find('[data-testid="appeal-adjustment-button"]').exists()).toBe(false)
    expect(wrapper.find(`[data-testid="adjustment-${DEDUCTION.id}"] [data-testid="appeal-adjustment-button"]`).exists()).toBe(true)
  })

  it('offers no appeal on another unit’s result (公示), though its window is open', async () => {
    useViewerStore().setViewer(signedInViewer(OTHER))
    vi.stubGlobal('fetch', fakeGraphQL(answers([])).fetch)
    const wrapper = await mountPage()

    expect(wrapper.get('[data-testid="appeal-window"]').text()).toContain('5 个工作日')
    expect(wrapper.find('[data-testid="line-A1-Q4"]').exists()).toBe(true)
    expect(wrapper.find('[data-testid="appeal-line-button"]').exists()).toBe(false)
    expect(wrapper.find('[data-testid="appeal-component-button"]').exists()).toBe(false)
    expect(wrapper.find('[data-testid="unit-adjustments"]').exists()).toBe(true)
    expect(wrapper.find('[data-testid="appeal-adjustment-button"]').exists()).toBe(false)
  })
})
