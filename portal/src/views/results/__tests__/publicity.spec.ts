import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createAppI18n } from '@/locales'
import { useViewerStore } from '@/stores/viewer'
import { fakeGraphQL } from '@/testing/graphql'
import { APPRAISAL_SCHEMES, LIANGTIAN, run, unit } from '@/testing/results'
import { testRouter } from '@/testing/router'
import { signedInViewer } from '@/testing/viewers'
import RankingsView from '../RankingsView.vue'
import RunsView from '../RunsView.vue'

// 公示: a run in 公示 is marked with its end wherever it shows; the office puts an approved run
// in 公示 from the runs page (the dialog says the tenant's period) and may end a 公示.
const OFFICE = ['result:read', 'result:compute', 'result:publish', 'supervision:read']
const REPORTER = ['result:read', 'appeal:write']
const ENDS = '2016-01-12T00:00:00+08:00'
const IN_PUBLICITY = run({
  id: 'g1',
  status: 'PUBLICITY',
  newest: false, // a newer draft exists: still the run units see, not history
  publishedNow: false,
  publishedAt: null,
  publishedBy: null,
  publicityStartedAt: '2016-01-05T02:00:00+00:00',
  publicityEndsAt: ENDS,
})
const APPROVED = run({ id: 'a1', status: 'APPROVED', newest: true, publishedNow: false, publishedAt: null })

async function mountAt(component: typeof RankingsView | typeof RunsView, path: string) {
  const router = testRouter()
  await router.push(path)
  const wrapper = mount(component, { global: { plugins: [createAppI18n('zh-CN'), router] }, attachTo: document.body })
  await flushPromises()
  return wrapper
}

function runsOf(...nodes: ReturnType<typeof run>[]) {
  return { resultRuns: { supersededDrafts: 0, nodes, pageInfo: { hasNextPage: false, endCursor: null } } }
}

describe('results: 公示', () => {
  beforeEach(() => {
    setActivePinia(createPinia())
    localStorage.clear()
  })
  afterEach(() => {
    vi.unstubAllGlobals()
    document.body.innerHTML = ''
  })

  it('marks the ranking a unit reads during 公示 with its end, neither a draft nor history', async () => {
    useViewerStore().setViewer(signedInViewer({ roles: ['unit_reporter'], permissions: REPORTER }))
    const units = [unit({ ...LIANGTIAN }), unit()]
    const window = { runId: 'g1', days: 5, publishedAt: null, closesAt: ENDS, open: true, publicity: true }
    vi.stubGlobal(
      'fetch',
      fakeGraphQL({
        AppraisalSchemes: APPRAISAL_SCHEMES,
        Rankings: { rankings: { run: IN_PUBLICITY, groups: [{ code: 'towns', name: '镇街组', units }], overall: units } },
        AppealDesk: { appealWindow: window, appealMarks: [] },
      }).fetch,
    )
    const wrapper = await mountAt(RankingsView, '/results?scheme=jinfeng-2015')
    await vi.waitFor(() => expect(wrapper.find('[data-testid="run-summary"]').exists()).toBe(true))

    const summary = wrapper.get('[data-testid="run-summary"]')
    expect(summary.get('[data-testid="run-status"]').text()).toBe('公示中')
    expect(summary.get('[data-testid="publicity-mark"]').text()).toMatch(/^公示期至 2016\/01\/1[12] \d\d:00$/) // in the browser's zone
    expect(summary.find('[data-testid="run-draft"]').exists()).toBe(false)
    expect(summary.find('[data-testid="run-history"]').exists()).toBe(false)
  })

  it('lets the office put an approved run in 公示 for the tenant period', async () => {
    useViewerStore().setViewer(signedInViewer({ roles: ['office'], permissions: OFFICE }))
    const server = fakeGraphQL({
      AppraisalSchemes: APPRAISAL_SCHEMES,
      ResultRuns: runsOf(APPROVED),
      PublicityDays: { publicityDays: 5 },
      PublishResultsForPublicity: { publishResultsForPublicity: { run: IN_PUBLICITY, errors: [] } },
    })
    vi.stubGlobal('fetch', server.fetch)
    const wrapper = await mountAt(RunsView, '/results/runs?scheme=jinfeng-2015')
    await vi.waitFor(() => expect(wrapper.find('[data-testid="run-publicity"]').exists()).toBe(true))
    // the direct publication stays offered beside it
    expect(wrapper.find('[data-testid="run-publish"]').exists()).toBe(true)

    await wrapper.get('[data-testid="run-publicity"]').trigger('click')
    await flushPromises()
    const explain = document.querySelector('[data-testid="publicity-explain"]')
    expect(explain?.textContent).toContain('将公示 5 个工作日')
    document.querySelector<HTMLElement>('[data-testid="publicity-confirm"]')?.click()
    await flushPromises()

    expect(server.sent.find((op) => op.name === 'PublishResultsForPublicity')?.variables).toEqual({ runId: 'a1' })
    expect(server.names().filter((name) => name === 'ResultRuns')).toHaveLength(2) // reloaded
  })

  it('says when the tenant has no 公示 period and offers nothing to start', async () => {
    useViewerStore().setViewer(signedInViewer({ roles: ['office'], permissions: OFFICE }))
    const server = fakeGraphQL({ AppraisalSchemes: APPRAISAL_SCHEMES, ResultRuns: runsOf(APPROVED), PublicityDays: { publicityDays: 0 } })
    vi.stubGlobal('fetch', server.fetch)
    const wrapper = await mountAt(RunsView, '/results/runs?scheme=jinfeng-2015')
    await vi.waitFor(() => expect(wrapper.find('[data-testid="run-publicity"]').exists()).toBe(true))
    await wrapper.get('[data-testid="run-publicity"]').trigger('click')
    await flushPromises()
    expect(document.querySelector('[data-testid="publicity-none"]')?.textContent).toContain('公示期为 0')
    expect(document.querySelector<HTMLButtonElement>('[data-testid="publicity-confirm"]')?.disabled).toBe(true)
  })

  it('lets the office end a 公示, marked in the runs list', async () => {
    useViewerStore().setViewer(signedInViewer({ roles: ['office'], permissions: OFFICE }))
    const server = fakeGraphQL({
      AppraisalSchemes: APPRAISAL_SCHEMES,
      ResultRuns: runsOf(IN_PUBLICITY),
      EndPublicity: { endPublicity: { run: run({ id: 'g1' }), errors: [] } },
    })
    vi.stubGlobal('fetch', server.fetch)
    const wrapper = await mountAt(RunsView, '/results/runs?scheme=jinfeng-2015')
    await vi.waitFor(() => expect(wrapper.find('[data-testid="run-end-publicity"]').exists()).toBe(true))
    expect(wrapper.get('[data-testid="publicity-mark"]').text()).toMatch(/^公示期至 2016\/01\/1[12] \d\d:00$/)
    expect(wrapper.find('[data-testid="run-publish"]').exists()).toBe(false)

    await wrapper.get('[data-testid="run-end-publicity"]').trigger('click')
    await flushPromises()
    document.querySelector<HTMLElement>('.el-message-box__btns .el-button--danger')?.click()
    await vi.waitFor(() => expect(server.names()).toContain('EndPublicity'))
    expect(server.sent.find((op) => op.name === 'EndPublicity')?.variables).toEqual({ runId: 'g1' })
  })
})
