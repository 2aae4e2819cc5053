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

// Results default to the newest published run for everyone who cannot compute (the server
// chooses it when no run is named); the office sees the newest draft, marked; the runs list
// folds the drafts a newer computation replaced.
const LEADER = ['result:read', 'result:approve', 'supervision:read']
const OFFICE = ['result:read', 'result:compute', 'result:publish', 'supervision:read']
const PUBLISHED = run({ id: 'p1', status: 'PUBLISHED', newest: false, publishedNow: true })
const DRAFT = run({
  id: 'd9',
  status: 'DRAFT',
  newest: true,
  publishedNow: false,
  provisional: true,
  systemComputed: true,
  computedBy: '系统',
  publishedAt: null,
  publishedBy: null,
})

function rankingsOf(shown: ReturnType<typeof run>) {
  const own = unit({ ...LIANGTIAN })
  return { rankings: { run: shown, groups: [{ code: 'towns', name: '镇街组', units: [own] }], overall: [own] } }
}

async function mountAt(component: typeof RankingsView | typeof RunsView, path: string) {
  const router = testRouter()
  await router.push(path)
  const wrapper = mount(component, { global: { plugins: [createAppI18n('zh-CN'), router] }, attachTo: document.body })
  await flushPromises()
  return wrapper
}

describe('results: published by default, drafts marked and folded', () => {
  beforeEach(() => {
    setActivePinia(createPinia())
    localStorage.clear()
  })
  afterEach(() => {
    vi.unstubAllGlobals()
    document.body.innerHTML = ''
  })

  it('shows a leader the published run as current, not as history, while newer drafts exist', async () => {
    useViewerStore().setViewer(signedInViewer({ roles: ['leadership'], permissions: LEADER }))
    const server = fakeGraphQL({ AppraisalSchemes: APPRAISAL_SCHEMES, Rankings: rankingsOf(PUBLISHED) })
    vi.stubGlobal('fetch', server.fetch)
    const wrapper = await mountAt(RankingsView, '/results?scheme=jinfeng-2015')
    await vi.waitFor(() => expect(wrapper.find('[data-testid="run-summary"]').exists()).toBe(true))

    // No run named: the server picks (the published one for whoever cannot compute).
    expect(server.sent.find((op) => op.name === 'Rankings')?.variables.runId).toBeNull()
    const summary = wrapper.get('[data-testid="run-summary"]')
    expect(summary.get('[data-testid="run-status"]').text()).toBe('已公布')
    expect(summary.find('[data-testid="run-history"]').exists()).toBe(false)
    expect(summary.find('[data-testid="run-draft"]').exists()).toBe(false)
  })

  it('marks the draft the office sees as system-computed and not yet published', async () => {
    useViewerStore().setViewer(signedInViewer({ roles: ['office'], permissions: OFFICE }))
    vi.stubGlobal('fetch', fakeGraphQL({ AppraisalSchemes: APPRAISAL_SCHEMES, Rankings: rankingsOf(DRAFT) }).fetch)
    const wrapper = await mountAt(RankingsView, '/results?scheme=jinfeng-2015')
    await vi.waitFor(() => expect(wrapper.find('[data-testid="run-summary"]').exists()).toBe(true))

    const summary = wrapper.get('[data-testid="run-summary"]')
    expect(summary.get('[data-testid="run-draft"]').text()).toBe('草稿 · 未公布')
    expect(summary.get('[data-testid="run-system"]').text()).toBe('系统自动计算')
    expect(summary.text()).toContain('暂定')
    expect(summary.get('[data-testid="run-draft-notice"]').text()).toContain('领导与各单位看到的是已公布的结果')
    expect(summary.find('[data-testid="run-history"]').exists()).toBe(false)
  })

  it('tags a run history only when it is neither the newest nor the published one', async () => {
    useViewerStore().setViewer(signedInViewer({ roles: ['office'], permissions: OFFICE }))
    const old = run({ id: 'p0', status: 'SUPERSEDED', newest: false, publishedNow: false })
    vi.stubGlobal('fetch', fakeGraphQL({ AppraisalSchemes: APPRAISAL_SCHEMES, Rankings: rankingsOf(old) }).fetch)
    const wrapper = await mountAt(RankingsView, '/results?scheme=jinfeng-2015&run=p0')
    await vi.waitFor(() => expect(wrapper.find('[data-testid="run-summary"]').exists()).toBe(true))
    expect(wrapper.get('[data-testid="run-history"]').text()).toBe('历史结果')
  })

  it('folds the superseded drafts of the runs list and shows them on request', async () => {
    useViewerStore().setViewer(signedInViewer({ roles: ['office'], permissions: OFFICE }))
    const superseded = [1, 2].map((n) =>
      run({ id: `d${n}`, status: 'DRAFT', newest: false, publishedNow: false, systemComputed: true, computedAt: `2015-12-31T0${n}:30:00+00:00` }),
    )
    const server = fakeGraphQL({
      AppraisalSchemes: APPRAISAL_SCHEMES,
      ResultRuns: (variables: Record<string, unknown>) => ({
        resultRuns: {
          supersededDrafts: 2,
          nodes: variables.includeSupersededDrafts ? [PUBLISHED, ...superseded, DRAFT] : [PUBLISHED, DRAFT],
          pageInfo: { hasNextPage: false, endCursor: null },
        },
      }),
    })
    vi.stubGlobal('fetch', server.fetch)
    const wrapper = await mountAt(RunsView, '/results/runs?scheme=jinfeng-2015')
    const rows = () => wrapper.get('[data-testid="runs-table"]').findAll('tbody tr.el-table__row')
    await vi.waitFor(() => expect(rows()).toHaveLength(2))

    expect(server.sent.find((op) => op.name === 'ResultRuns')?.variables.includeSupersededDrafts).toBe(false)
    expect(wrapper.get('[data-testid="runs-table"]').find('[data-testid="run-superseded"]').exists()).toBe(false)
    // The newest draft is marked as the system's; the published run is not.
    expect(wrapper.findAll('[data-testid="run-system"]').map((tag) => tag.text())).toEqual(['系统自动计算'])
    const toggle = wrapper.get('[data-testid="runs-superseded-toggle"]')
    expect(toggle.text()).toBe('显示 2 个已被取代的草稿')

    await toggle.trigger('click')
    await flushPromises()
    await vi.waitFor(() => expect(rows()).toHaveLength(4))
    expect(server.sent.filter((op) => op.name === 'ResultRuns').at(-1)?.variables.includeSupersededDrafts).toBe(true)
    expect(wrapper.findAll('[data-testid="run-superseded"]').map((tag) => tag.text())).toEqual(['已被取代', '已被取代'])
    expect(wrapper.get('[data-testid="runs-superseded-toggle"]').text()).toBe('隐藏已被取代的草稿')
  })
})
