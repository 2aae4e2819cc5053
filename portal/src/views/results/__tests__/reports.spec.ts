import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { GeneratedReport } from '@/api/reports'
import { createAppI18n } from '@/locales'
import { useViewerStore } from '@/stores/viewer'
import { fakeGraphQL } from '@/testing/graphql'
import { run } from '@/testing/results'
import { signedInViewer } from '@/testing/viewers'
import ReportsPanel from '../ReportsPanel.vue'

// 生成PDF: the office asks for the 通报 of the run shown and follows its progress in the drawer;
// a finished report links its PDF; a unit's reporter is offered its own card only.
const OFFICE = ['result:read', 'result:compute', 'result:publish']
const REPORTER = ['result:read', 'appeal:write']

function report(overrides: Partial<GeneratedReport> = {}): GeneratedReport {
  return {
    id: 'R2VuZXJhdGVkUmVwb3J0OjE=',
    kind: 'NOTICE',
    kindLabel: '考评结果通报',
    title: '关于金凤区2015年绩效考评方案全年考评结果的通报',
    status: 'SUCCEEDED',
    statusLabel: '已生成',
    done: 1,
    total: 1,
    pages: 3,
    sizeBytes: 512000,
    error: null,
    requestedBy: '考评办 王主任',
    createdAt: '2016-01-05T02:00:00+00:00',
    finishedAt: '2016-01-05T02:00:09+00:00',
    downloadUrl: '/files/reports/R2VuZXJhdGVkUmVwb3J0OjE=',
    ...overrides,
  }
}

async function mountPanel() {
  const wrapper = mount(ReportsPanel, { props: { run: run() }, global: { plugins: [createAppI18n('zh-CN')] }, attachTo: document.body })
  await flushPromises()
  return wrapper
}

function menuItems(): string[] {
  return [...document.body.querySelectorAll('[data-testid^="reports-kind-"]')].map((item) => item.getAttribute('data-testid') ?? '')
}

describe('results: PDF reports', () => {
  beforeEach(() => {
    setActivePinia(createPinia())
    localStorage.clear()
  })
  afterEach(() => {
    vi.unstubAllGlobals()
    vi.useRealTimers()
    document.body.innerHTML = ''
  })

  it('sends nothing until asked, then queues the notice and shows its progress and the finished one', async () => {
    useViewerStore().setViewer(signedInViewer({ roles: ['office'], permissions: OFFICE }))
    const running = report({ id: 'R2VuZXJhdGVkUmVwb3J0OjI=', status: 'RUNNING', statusLabel: '生成中', done: 1, total: 4, pages: null, downloadUrl: null })
    const server = fakeGraphQL({
      RequestReport: { requestReport: { report: running, errors: [] } },
      RunReports: { runReports: [running, report()] },
    })
    vi.stubGlobal('fetch', server.fetch)
    const wrapper = await mountPanel()
    expect(server.names()).toEqual([])

    await wrapper.get('[data-testid="reports-generate"]').trigger('click')
    await flushPromises()
    expect(menuItems()).toEqual(['reports-kind-NOTICE', 'reports-kind-CARDS'])
    ;(document.body.querySelector('[data-testid="reports-kind-NOTICE"]') as HTMLElement).click()
    await flushPromises()

    expect(server.sent[0]).toEqual({ name: 'RequestReport', variables: { runId: run().id, kind: 'NOTICE', unitCode: null } })
    expect(server.names()).toContain('RunReports')
    const progress = document.body.querySelector('[data-testid="report-progress"]')
    expect(progress?.textContent).toContain('生成中')
    expect(progress?.getAttribute('aria-valuenow')).toBe('25')
    const links = [...document.body.querySelectorAll<HTMLAnchorElement>('[data-testid="report-download"]')]
    expect(links.map((link) => [link.textContent?.trim(), link.getAttribute('href')])).toEqual([
      ['关于金凤区2015年绩效考评方案全年考评结果的通报', '/files/reports/R2VuZXJhdGVkUmVwb3J0OjE='],
    ])
    expect(document.body.textContent).toContain('已生成 · 3 页')
    wrapper.unmount()
  })

  it('offers a unit reporter its own card only, and says why a report failed', async () => {
    useViewerStore().setViewer(signedInViewer({ roles: ['unit_reporter'], permissions: REPORTER }))
    const failed = report({ kind: 'CARDS', status: 'FAILED', statusLabel: '生成失败', error: '服务器无法生成 PDF：缺少 pango', downloadUrl: null })
    const server = fakeGraphQL({ RunReports: { runReports: [failed] } })
    vi.stubGlobal('fetch', server.fetch)
    const wrapper = await mountPanel()
    await wrapper.get('[data-testid="reports-generate"]').trigger('click')
    await flushPromises()
    expect(menuItems()).toEqual(['reports-kind-CARDS'])
    expect(document.body.querySelector('[data-testid="reports-kind-CARDS"]')?.textContent).toContain('本单位考评报告单')

    await wrapper.get('[data-testid="reports-open"]').trigger('click')
    await flushPromises()
    expect(server.names()).toEqual(['RunReports'])
    expect(document.body.querySelector('[data-testid="report-failed"]')?.textContent).toContain('生成失败：服务器无法生成 PDF：缺少 pango')
    expect(document.body.querySelector('[data-testid="report-download"]')).toBeNull()
    wrapper.unmount()
  })
})
