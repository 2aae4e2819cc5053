import { flushPromises, mount } from '@vue/test-utils'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { Assignment, ProgressReport } from '@/api/cycle'
import { createAppI18n } from '@/locales'
import { fakeGraphQL } from '@/testing/graphql'
import ReportDetail from '../ReportDetail.vue'

const task: Assignment = {
  id: 'a1',
  schemeId: 's',
  indicatorId: 'i1',
  indicatorCode: 'A2',
  indicatorName: '固定资产投资完成率',
  unitId: 'u1',
  unitName: '良田镇',
  targetValue: '100',
  targetText: '',
  deadline: '2015-12-20',
  milestones: [],
  scorers: ['fagaiju'],
  scorerDetails: [{ code: 'fagaiju', name: '发展和改革局', kind: 'UNIT', kindLabel: '实施监控职能部门' }],
  criteria: '完成率100%得满分，60%以下不得分',
  evidenceRequired: '投资台账、统计局月报',
  binding: false,
}

describe('a report read by its unit, the head or the monitoring department', () => {
  afterEach(() => vi.unstubAllGlobals())

  it('shows the indicator’s scoring criteria, the evidence it asks for, and its scorers by name', () => {
    const wrapper = mount(ReportDetail, {
      props: { assignment: task, period: 'Q1', versions: [] },
      global: { plugins: [createAppI18n('zh-CN')] },
    })
    expect(wrapper.get('[data-testid="report-criteria"]').text()).toBe('完成率100%得满分，60%以下不得分')
    expect(wrapper.get('[data-testid="report-evidence-required"]').text()).toBe('投资台账、统计局月报')
    const shown = wrapper.get('[data-testid="report-task"]').text()
    expect(shown).toContain('发展和改革局')
    expect(shown).not.toContain('fagaiju')
  })

  it('says when no criteria were given', () => {
    const wrapper = mount(ReportDetail, {
      props: { assignment: { ...task, criteria: '', evidenceRequired: ' ' }, period: 'Q1', versions: [] },
      global: { plugins: [createAppI18n('zh-CN')] },
    })
    expect(wrapper.get('[data-testid="report-criteria"]').text()).toBe('—')
    expect(wrapper.get('[data-testid="report-evidence-required"]').text()).toBe('—')
  })

  it('shows the unit’s self score (自评) with the report', async () => {
    const server = fakeGraphQL({
      SelfAssessment: {
        selfAssessment: { period: 'Q1', value: '2.4', note: '已全部完成', enteredAt: '2026-01-01T00:00:00Z', enteredBy: '填报员' },
      },
    })
    vi.stubGlobal('fetch', server.fetch)
    const report = {
      id: 'r1',
      version: 1,
      status: 'REPORTED',
      late: false,
      narrative: '',
      completion: null,
      actual: '80',
      verifiedValue: null,
      verifyNote: '',
      returnReason: '',
      evidence: [],
      history: [],
    } as unknown as ProgressReport
    const wrapper = mount(ReportDetail, {
      props: { assignment: task, period: 'Q1', versions: [report] },
      global: { plugins: [createAppI18n('zh-CN')] },
    })
    await flushPromises()
    expect(server.sent).toEqual([{ name: 'SelfAssessment', variables: { reportId: 'r1' } }])
    expect(wrapper.get('[data-testid="self-assessment-shown"]').text()).toBe('2.4已全部完成')
    expect(wrapper.find('[data-testid="self-assessment-value"]').exists()).toBe(false)
  })
})
