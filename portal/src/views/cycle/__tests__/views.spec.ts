import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { Component } from 'vue'
import { createAppI18n } from '@/locales'
import { useViewerStore } from '@/stores/viewer'
import { fakeGraphQL } from '@/testing/graphql'
import { APPRAISAL_SCHEMES } from '@/testing/results'
import { testRouter } from '@/testing/router'
import { signedInViewer } from '@/testing/viewers'
import ReportsView from '../ReportsView.vue'
import VerificationView from '../VerificationView.vue'
import WorkbenchView from '../WorkbenchView.vue'

const task = (id: string, code: string, name: string) => ({
  id,
  schemeId: 's',
  indicatorId: `i-${code}`,
  indicatorCode: code,
  indicatorName: name,
  unitId: 'u-lt',
  unitName: '良田镇',
  targetValue: '100',
  targetText: '',
  deadline: '2015-12-20',
  milestones: [{ period: 'Q1', text: '完成年度投资的25%', value: '25' }],
  scorers: ['fagaiju'],
})

const submitted = {
  id: 'r1',
  assignmentId: 'a1',
  unitId: 'u-lt',
  indicatorId: 'i-A2',
  period: 'Q1',
  version: 1,
  narrative: '一季度完成投资',
  completion: '30',
  actual: '80',
  verifiedValue: null,
  verifyNote: '',
  returnReason: '',
  status: 'SUBMITTED',
  updatedAt: '2026-01-01T00:00:00Z',
  history: [],
  evidence: [],
}

const page = (nodes: unknown[]) => ({ nodes, pageInfo: { hasNextPage: false, endCursor: null } })

const cell = (unitCode: string, unitName: string) => ({
  unitCode,
  unitName,
  indicatorCode: 'D1',
  indicatorName: '年度职能目标完成情况',
  method: 'manual',
  available: '3.75',
  scorer: 'fenguan',
  score: null,
  progress: null,
})

async function mountAt(component: Component, path: string) {
  const router = testRouter()
  await router.push(path)
  const wrapper = mount(component, { global: { plugins: [createAppI18n('zh-CN'), router] }, attachTo: document.body })
  await flushPromises()
  return wrapper
}

describe('the quarterly-cycle pages', () => {
  beforeEach(() => {
    setActivePinia(createPinia())
    localStorage.clear()
  })
  afterEach(() => {
    vi.unstubAllGlobals()
    document.body.innerHTML = ''
  })

  it('show a reporter the quarter’s tasks and their report status from one request', async () => {
    useViewerStore().setViewer(signedInViewer({ permissions: ['assignment:read', 'report:write'] }))
    const server = fakeGraphQL({
      AppraisalSchemes: APPRAISAL_SCHEMES,
      ReportDesk: {
        assignments: page([task('a1', 'A2', '固定资产投资完成率'), task('a2', 'D1', '年度职能目标完成情况')]),
        progressReports: page([submitted]),
      },
    })
    vi.stubGlobal('fetch', server.fetch)
    const wrapper = await mountAt(ReportsView, '/cycle/reports?period=Q1')

    // The newest scheme's tasks only: last year's and this year's do not mix on one desk.
    expect(server.sent).toEqual([
      { name: 'AppraisalSchemes', variables: {} },
      { name: 'ReportDesk', variables: { schemeId: 'U2NoZW1lOjI=', period: 'Q1', first: 100 } },
    ])
    expect(wrapper.find('[data-testid="report-scheme"]').exists()).toBe(true)
    const rows = wrapper.get('[data-testid="reports-table"]').findAll('tbody tr.el-table__row')
    expect(rows.map((row) => row.get('[data-testid="report-status"]').text())).toEqual(['已提交', '未填报'])
    expect(rows[0]!.text()).toContain('完成年度投资的25%')
    expect(rows.map((row) => row.get('[data-testid="report-open"]').text())).toEqual(['查看', '填报'])
  })

  it('tell a reporter without tasks what happens next', async () => {
    useViewerStore().setViewer(signedInViewer({ permissions: ['assignment:read', 'report:write'] }))
    const server = fakeGraphQL({
      AppraisalSchemes: APPRAISAL_SCHEMES,
      ReportDesk: { assignments: page([]), progressReports: page([]) },
    })
    vi.stubGlobal('fetch', server.fetch)
    const wrapper = await mountAt(ReportsView, '/cycle/reports?scheme=jinfeng-2015&period=Q2')
    expect(server.sent[1]).toEqual({
      name: 'ReportDesk',
      variables: { schemeId: 'U2NoZW1lOjE=', period: 'Q2', first: 100 },
    })
    expect(wrapper.get('[data-testid="reports-table"]').text()).toContain('考评办分解任务后会出现在这里')
  })

  it('ask the monitoring department whether a binding indicator was met before verifying it', async () => {
    useViewerStore().setViewer(signedInViewer({ permissions: ['report:read', 'report:verify'] }))
    const reported = { ...submitted, status: 'REPORTED' }
    const server = fakeGraphQL({
      ReportDesk: { assignments: page([{ ...task('a1', 'A2', '固定资产投资完成率'), binding: true }]), progressReports: page([reported]) },
      VerifyProgressReport: { verifyProgressReport: { report: { ...reported, status: 'VERIFIED', verifiedValue: '78' }, errors: [] } },
    })
    vi.stubGlobal('fetch', server.fetch)
    const wrapper = await mountAt(VerificationView, '/cycle/verification')
    await wrapper.get('[data-testid="review-verify"]').trigger('click')
    await flushPromises()
    const value = document.querySelector<HTMLInputElement>('[data-testid="verify-value"]')!
    value.value = '78'
    value.dispatchEvent(new Event('input'))
    document.querySelector<HTMLButtonElement>('[data-testid="verify-submit"]')!.click()
    await flushPromises()
    expect(server.names()).not.toContain('VerifyProgressReport')
    expect(server.names()).toEqual(['ReportDesk']) // not sent: 达标 or 未达标 first
    document.querySelector<HTMLElement>('[data-testid="verify-met-no"] input')!.click()
    await flushPromises()
    document.querySelector<HTMLButtonElement>('[data-testid="verify-submit"]')!.click()
    await vi.waitFor(() => expect(server.names()).toContain('VerifyProgressReport'))
    expect(server.sent.find((op) => op.name === 'VerifyProgressReport')?.variables).toMatchObject({ value: '78', met: false })
  })

  it('let the office correct a verified value, with a reason', async () => {
    useViewerStore().setViewer(signedInViewer({ permissions: ['report:read', 'report:verify', 'score:reopen'] }))
    const verified = { ...submitted, status: 'VERIFIED', verifiedValue: '75.5' }
    const server = fakeGraphQL({
      ReportDesk: { assignments: page([task('a1', 'A2', '固定资产投资完成率')]), progressReports: page([verified]) },
      CorrectVerifiedValue: { correctVerifiedValue: { report: { ...verified, verifiedValue: '76' }, errors: [] } },
    })
    vi.stubGlobal('fetch', server.fetch)
    const wrapper = await mountAt(VerificationView, '/cycle/verification')
    await wrapper.get('[data-testid="review-correct"]').trigger('click')
    await flushPromises()
    const value = document.querySelector<HTMLInputElement>('[data-testid="verify-value"]')!
    expect(value.value).toBe('75.5')
    value.value = '76'
    value.dispatchEvent(new Event('input'))
    document.querySelector<HTMLButtonElement>('[data-testid="verify-submit"]')!.click()
    await flushPromises()
    expect(server.names()).toEqual(['ReportDesk']) // no reason yet: not sent
    const note = document.querySelector<HTMLTextAreaElement>('[data-testid="verify-note"]')!
    note.value = '统计局更正了一季度数据'
    note.dispatchEvent(new Event('input'))
    document.querySelector<HTMLButtonElement>('[data-testid="verify-submit"]')!.click()
    await vi.waitFor(() => expect(server.names()).toContain('CorrectVerifiedValue'))
    expect(server.sent.find((op) => op.name === 'CorrectVerifiedValue')?.variables).toEqual({
      id: 'r1',
      value: '76',
      reason: '统计局更正了一季度数据',
    })
  })

  it('move down with Enter in the workbench and ask for the reason before saving a value below full points', async () => {
    useViewerStore().setViewer(signedInViewer({ permissions: ['score:read', 'score:write'] }))
    const server = fakeGraphQL({
      AppraisalSchemes: APPRAISAL_SCHEMES,
      ScoringWorkbench: { scoringWorkbench: page([cell('liangtian', '良田镇'), cell('fengdeng', '丰登镇')]) },
      EnterScores: { enterScores: { scores: [], errors: [] } },
    })
    vi.stubGlobal('fetch', server.fetch)
    const wrapper = await mountAt(WorkbenchView, '/cycle/scoring?scheme=jinfeng-2015&period=Q1')

    // A scorer without scheme:read picks from the appraisal pages' list, then the workbench loads.
    expect(server.names()).toEqual(['AppraisalSchemes', 'ScoringWorkbench'])
    expect(server.sent[1]?.variables).toMatchObject({ schemeCode: 'jinfeng-2015', period: 'Q1' })
    const first = wrapper.get<HTMLInputElement>('[data-testid="cell-liangtian-D1"]')
    const second = wrapper.get<HTMLInputElement>('[data-testid="cell-fengdeng-D1"]')
    first.element.focus()
    await first.setValue('3')
    await first.trigger('keydown', { key: 'Enter' })
    await flushPromises()
    expect(document.activeElement).toBe(second.element)
    await second.setValue('3.75')

    await wrapper.get('[data-testid="scoring-save"]').trigger('click')
    await flushPromises()
    expect(server.names()).not.toContain('EnterScores')
    const reason = document.querySelector<HTMLTextAreaElement>('[data-testid="reason-input-liangtian-D1"]')
    expect(reason).not.toBeNull()
    reason!.value = '台账不全'
    reason!.dispatchEvent(new Event('input'))
    document.querySelector<HTMLButtonElement>('[data-testid="reason-confirm"]')!.click()
    await flushPromises()
    await vi.waitFor(() => expect(server.names()).toContain('EnterScores'))
    expect(server.sent.find((op) => op.name === 'EnterScores')?.variables).toEqual({
      schemeCode: 'jinfeng-2015',
      period: 'Q1',
      submit: false,
      entries: [
        { unitCode: 'liangtian', indicatorCode: 'D1', value: '3', reason: '台账不全' },
        { unitCode: 'fengdeng', indicatorCode: 'D1', value: '3.75' },
      ],
    })
  })
})
