import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createAppI18n } from '@/locales'
import { useViewerStore } from '@/stores/viewer'
import { fakeGraphQL } from '@/testing/graphql'
import { APPRAISAL_SCHEMES } from '@/testing/results'
import { testRouter } from '@/testing/router'
import { signedInViewer } from '@/testing/viewers'
import WorkbenchView from '../WorkbenchView.vue'

const page = (nodes: unknown[]) => ({ nodes, pageInfo: { hasNextPage: false, endCursor: null } })
const base = {
  unitCode: 'liangtian',
  unitName: '良田镇',
  binding: false,
  criteria: '',
  evidenceRequired: '',
  scorer: '',
  scorerName: null,
  score: null,
  scorePoints: null,
  selfScore: null,
  selfGap: null,
  progress: null,
}
const stored = {
  scorer: '',
  scorerName: null,
  value: null,
  actual: '98.44',
  met: null,
  incidents: null,
  rank: null,
  status: 'DRAFT',
  statusLabel: '草稿',
  enteredBy: '发改局 科员',
  enteredAt: '2026-01-01T00:00:00Z',
  reason: '',
}
// 固定资产投资完成率: 10 points a year, 2.50 in Q4; the unit reported 98.44, verified 98.
const investment = {
  ...base,
  indicatorCode: 'A2',
  indicatorName: '固定资产投资完成率',
  method: 'linear',
  available: '2.50',
  points: '10',
  criteria: '完成率100%得满分，60%以下不得分',
  evidenceRequired: '投资台账、统计局月报',
  score: stored,
  scorePoints: '2.46',
  progress: {
    reportId: 'r1',
    status: 'VERIFIED',
    statusLabel: '已核实',
    completion: '98',
    actual: '98.44',
    verifiedValue: '98',
    verifyNote: '以统计局数据为准',
    narrative: '',
    evidenceCount: 2,
  },
}
// 平安建设: binding and scored by hand, by 政法委.
const safety = {
  ...base,
  indicatorCode: 'S3',
  indicatorName: '社会管理综合治理（平安建设）',
  method: 'manual',
  available: '5',
  points: '5',
  binding: true,
  scorer: 'zhengfawei',
  scorerName: '政法委',
}

// Unmounted before the page is cleared: a popper (tooltip, select) left mounted on a cleared page
// adds its listeners after the test and fails the run.
const mounted: { unmount: () => void }[] = []

async function mountBench(cells: unknown[]) {
  useViewerStore().setViewer(signedInViewer({ permissions: ['score:read', 'score:write'] }))
  const server = fakeGraphQL({
    AppraisalSchemes: APPRAISAL_SCHEMES,
    ScoringWorkbench: { scoringWorkbench: page(cells) },
    EnterScores: { enterScores: { scores: [], errors: [] } },
  })
  vi.stubGlobal('fetch', server.fetch)
  const router = testRouter()
  await router.push('/cycle/scoring?scheme=jinfeng-2015&period=Q4')
  const wrapper = mount(WorkbenchView, { global: { plugins: [createAppI18n('zh-CN'), router] }, attachTo: document.body })
  mounted.push(wrapper)
  await flushPromises()
  return { wrapper, server }
}

describe('the scoring workbench', () => {
  beforeEach(() => {
    setActivePinia(createPinia())
    localStorage.clear()
  })
  afterEach(() => {
    mounted.splice(0).forEach((wrapper) => wrapper.unmount())
    vi.unstubAllGlobals()
    document.body.innerHTML = ''
  })

  it('shows the score under 满分, and the reported, verified and entered values in their own columns', async () => {
    const { wrapper } = await mountBench([investment, safety])
    const grid = wrapper.get('[data-testid="score-grid"]')
    expect(grid.get('[data-testid="full-A2"]').text()).toBe('满分 2.50')
    const parts = ['reported', 'verified', 'entry', 'score'].map((part) => grid.get(`[data-testid="part-A2-${part}"]`).text())
    expect(parts).toEqual(['上报值', '核实值', '实际完成值', '得分'])
    expect(grid.get('[data-testid="score-liangtian-A2"]').text()).toBe('2.46')
    expect(grid.get('[data-testid="reported-liangtian-A2"]').text()).toBe('98.44')
    expect(grid.get('[data-testid="verified-liangtian-A2"]').text()).toBe('98')
    // The actual is the entry, not the score: it is not under the points.
    expect(grid.get<HTMLInputElement>('[data-testid="cell-liangtian-A2"]').element.value).toBe('98.44')
    expect(grid.get('[data-testid="part-S3-entry"]').text()).toBe('得分')
    expect(wrapper.get('[data-testid="scoring-as"]').text()).toBe('您以「政法委」的身份评分')
  })

  it('opens the criteria and evidence requirements from the indicator name', async () => {
    const { wrapper } = await mountBench([investment])
    await wrapper.get('[data-testid="indicator-info-A2"]').trigger('mouseenter')
    await vi.waitFor(() => expect(document.querySelector('[data-testid="indicator-criteria-A2"]')).not.toBeNull())
    const text = document.querySelector('[data-testid="indicator-criteria-A2"]')!.textContent ?? ''
    expect(text).toContain('完成率100%得满分，60%以下不得分')
    expect(text).toContain('投资台账、统计局月报')
    expect(text).toContain('全年 10 分')
  })

  it('marks a binding manual indicator not met with its switch and sends it with the score', async () => {
    const { wrapper, server } = await mountBench([safety])
    const toggle = wrapper.get('[data-testid="met-liangtian-S3"]')
    expect(toggle.classes()).toContain('is-checked') // 达标 until told otherwise
    await wrapper.get('[data-testid="cell-liangtian-S3"]').setValue('5')
    await toggle.trigger('click')
    await flushPromises()
    expect(wrapper.get('[data-testid="met-liangtian-S3"]').classes()).not.toContain('is-checked')
    await wrapper.get('[data-testid="scoring-save"]').trigger('click')
    await vi.waitFor(() => expect(server.names()).toContain('EnterScores'))
    expect(server.sent.find((op) => op.name === 'EnterScores')?.variables).toEqual({
      schemeCode: 'jinfeng-2015',
      period: 'Q4',
      submit: false,
      entries: [{ unitCode: 'liangtian', indicatorCode: 'S3', value: '5', met: false }],
    })
  })
})
