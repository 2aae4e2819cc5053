import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'

// Element Plus tables and dialogs mount slowly in jsdom on a busy machine.
vi.setConfig({ testTimeout: 60_000 })
import type { SchemePeriod } from '@/api/periods'
import { createAppI18n } from '@/locales'
import { useViewerStore } from '@/stores/viewer'
import { fakeGraphQL } from '@/testing/graphql'
import { signedInViewer } from '@/testing/viewers'
import PeriodsPanel from '../PeriodsPanel.vue'

function period(overrides: Partial<SchemePeriod>): SchemePeriod {
  return {
    schemeCode: 'jinfeng-2015',
    period: 'Q1',
    name: '第一季度',
    state: 'OPEN',
    stateLabel: '进行中',
    reportDue: null,
    verifyDue: null,
    scoreDue: null,
    closedAt: null,
    closedBy: null,
    closeReason: '',
    reportsExpected: 0,
    reportsSentUp: 0,
    lateReports: 0,
    ...overrides,
  }
}

const Q1 = period({ reportDue: '2015-04-10', verifyDue: '2015-04-20', reportsExpected: 12, reportsSentUp: 9, lateReports: 2 })
const Q2 = period({
  period: 'Q2',
  name: '第二季度',
  state: 'CLOSED',
  stateLabel: '已关闭',
  closedAt: '2015-07-20T02:00:00+00:00',
  closedBy: '考评办 王主任',
  closeReason: '第二季度考评结束',
})
const ANNUAL = period({ period: 'annual', name: '全年' })

async function open(permissions: string[], answers: Record<string, unknown> = {}, schemeClosed = false) {
  useViewerStore().setViewer(signedInViewer({ permissions }))
  const server = fakeGraphQL({ SchemePeriods: { schemePeriods: [Q1, Q2, ANNUAL] }, ...(answers as Record<string, Record<string, unknown>>) })
  vi.stubGlobal('fetch', server.fetch)
  const wrapper = mount(PeriodsPanel, {
    props: { schemeCode: 'jinfeng-2015', schemeClosed },
    global: { plugins: [createAppI18n('zh-CN')] },
    attachTo: document.body,
  })
  await flushPromises()
  return { wrapper, server }
}

const text = (testid: string) => document.querySelector(`[data-testid="${testid}"]`)?.textContent?.trim()
const click = async (testid: string) => {
  ;(document.querySelector(`[data-testid="${testid}"]`) as HTMLElement).click()
  await flushPromises()
}
const dateInput = (testid: string) => document.querySelector(`[data-testid="${testid}"] input`) as HTMLInputElement

describe('the periods panel', () => {
  beforeEach(() => setActivePinia(createPinia()))
  afterEach(() => {
    vi.unstubAllGlobals()
    document.body.innerHTML = ''
  })

  it('shows each period in words with its state, deadlines, reports and who closed it', async () => {
    await open(['assignment:read', 'assignment:write'])
    expect(text('period-name-Q1')).toBe('第一季度')
    expect(text('period-name-annual')).toBe('全年')
    expect(text('period-state-Q1')).toBe('进行中')
    expect(text('period-state-Q2')).toBe('已关闭')
    expect(text('period-closed-Q2')).toContain('由 考评办 王主任 关闭：第二季度考评结束')
    expect(dateInput('period-reportDue-Q1').value).toBe('2015-04-10')
    expect(dateInput('period-verifyDue-Q1').value).toBe('2015-04-20')
    expect(dateInput('period-scoreDue-Q1').value).toBe('')
    expect(text('period-reports-Q1')).toBe('已上报 9 / 12')
    expect(text('period-late-Q1')).toBe('逾期 2')
    expect(document.querySelector('[data-testid="period-close-Q1"]')).not.toBeNull()
    expect(document.querySelector('[data-testid="period-reopen-Q2"]')).not.toBeNull()
    expect(document.querySelector('[data-testid="periods-read-only"]')).toBeNull()
  })

  it('is read-only for whoever cannot decompose assignments, and once the scheme is closed', async () => {
    await open(['assignment:read'])
    expect(text('periods-read-only')).toBe('只有考评办可以修改截止日和关闭期间。')
    expect(document.querySelector('[data-testid="period-close-Q1"]')).toBeNull()
    expect(document.querySelector('[data-testid="periods-save"]')).toBeNull()
    expect(dateInput('period-reportDue-Q1').disabled).toBe(true)
    document.body.innerHTML = ''
    await open(['assignment:read', 'assignment:write'], {}, true)
    expect(text('periods-read-only')).toBe('方案已关闭，期间不能再修改。')
  })

  it('saves the changed periods with all three deadlines', async () => {
    const { server } = await open(['assignment:read', 'assignment:write'], {
      SetPeriodDeadlines: { setPeriodDeadlines: { deadlines: [], errors: [] } },
    })
    const save = document.querySelector('[data-testid="periods-save"]') as HTMLButtonElement
    expect(save.disabled).toBe(true)
    const input = dateInput('period-scoreDue-Q1')
    input.value = '2015-04-30'
    input.dispatchEvent(new Event('input'))
    input.dispatchEvent(new Event('change'))
    await flushPromises()
    expect(save.disabled).toBe(false)
    await click('periods-save')
    expect(server.sent.find((op) => op.name === 'SetPeriodDeadlines')?.variables).toEqual({
      schemeCode: 'jinfeng-2015',
      deadlines: [{ period: 'Q1', reportDue: '2015-04-10', verifyDue: '2015-04-20', scoreDue: '2015-04-30' }],
    })
    expect(server.names().filter((name) => name === 'SchemePeriods')).toHaveLength(2)
  })

  it('closes a period only with a reason, and shows the server’s refusal in the dialog', async () => {
    let refuse = true
    const { server } = await open(['assignment:read', 'assignment:write'], {
      ClosePeriod: () => ({
        closePeriod: refuse
          ? { period: null, errors: [{ code: 'CONFLICT', message: '「金凤区2015年绩效考评方案」第一季度 已于 2015-04-21 由 张三 关闭', field: 'period' }] }
          : { period: { ...Q1, state: 'CLOSED', stateLabel: '已关闭' }, errors: [] },
      }),
    })
    await click('period-close-Q1')
    expect(text('period-reason-dialog')).toContain('关闭「第一季度」')
    await click('period-reason-confirm')
    expect(text('period-reason-error')).toBe('请填写原因')
    expect(server.names()).not.toContain('ClosePeriod')

    const reason = document.querySelector('[data-testid="period-reason-input"]') as HTMLTextAreaElement
    reason.value = '第一季度考评结束'
    reason.dispatchEvent(new Event('input'))
    await click('period-reason-confirm')
    expect(server.sent.find((op) => op.name === 'ClosePeriod')?.variables).toEqual({
      schemeCode: 'jinfeng-2015',
      period: 'Q1',
      reason: '第一季度考评结束',
    })
    expect(text('period-reason-error')).toContain('已于 2015-04-21 由 张三 关闭')

    refuse = false
    await click('period-reason-confirm')
    expect(server.names().filter((name) => name === 'SchemePeriods')).toHaveLength(2)
  })

  it('reopens a closed period with a reason', async () => {
    const { server } = await open(['assignment:read', 'assignment:write'], {
      ReopenPeriod: { reopenPeriod: { period: { ...Q2, state: 'OPEN', stateLabel: '进行中' }, errors: [] } },
    })
    await click('period-reopen-Q2')
    expect(text('period-reason-dialog')).toContain('重新开放「第二季度」')
    const reason = document.querySelector('[data-testid="period-reason-input"]') as HTMLTextAreaElement
    reason.value = '补录良田镇材料'
    reason.dispatchEvent(new Event('input'))
    await click('period-reason-confirm')
    expect(server.sent.find((op) => op.name === 'ReopenPeriod')?.variables).toEqual({
      schemeCode: 'jinfeng-2015',
      period: 'Q2',
      reason: '补录良田镇材料',
    })
  })
})
