import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { Survey } from '@/api/surveys'
import { createAppI18n } from '@/locales'
import { fakeGraphQL } from '@/testing/graphql'
import SurveyDialog from '@/views/surveys/SurveyDialog.vue'

const SCHEMES = [{ schemeId: 'U2NoZW1lOjE=', code: 'jinfeng-2015', name: '金凤区2015年绩效考评方案', year: 2015, periods: [], status: 'PUBLISHED' as const }]
const UNITS = [
  { code: 'liangtian', name: '良田镇', groupCode: 'towns' },
  { code: 'fengdeng', name: '丰登镇', groupCode: 'towns' },
  { code: 'jiaoyu', name: '区教育局', groupCode: 'depts' },
]

const DRAFT: Survey = {
  id: 'U3VydmV5OjE=',
  schemeCode: 'jinfeng-2015',
  period: 'annual',
  periodLabel: '年度',
  title: '2015年度群众满意度测评',
  intro: '',
  componentCode: 'public',
  questions: ['服务态度'],
  scale: 'FIVE_POINT',
  scaleLabel: '五级',
  access: 'CODE',
  accessLabel: '邀请码',
  minSample: 30,
  state: 'DRAFT',
  stateLabel: '草稿',
  publicPath: '/s/KEY',
  codesIssued: 0,
  responses: 0,
  units: [{ code: 'jiaoyu', name: '区教育局' }],
  createdAt: '2016-01-04T02:00:00+00:00',
  createdBy: 'office',
  openedAt: null,
  closedAt: null,
  appliedAt: null,
  appliedBy: null,
}

const byTestId = (id: string) => document.querySelector(`[data-testid="${id}"]`) as HTMLElement | null
const boxOf = (code: string) => byTestId(`survey-unit-${code}`)!
const ticked = (code: string) => boxOf(code).classList.contains('is-checked')
const count = () => byTestId('survey-units-count')?.textContent?.trim()

async function click(element: HTMLElement | null): Promise<void> {
  ;(element?.querySelector('input') ?? element)!.click()
  await flushPromises()
}

/** An Element Plus input's own <input> (the test id lands on it or on its wrapper). */
const inputOf = (id: string) => {
  const found = byTestId(id)!
  return (found instanceof HTMLInputElement ? found : found.querySelector('input'))!
}

async function type(id: string, text: string): Promise<void> {
  const input = inputOf(id)
  input.value = text
  input.dispatchEvent(new Event('input'))
  await flushPromises()
}

async function openDialog(survey: Survey | null) {
  const server = fakeGraphQL({
    SurveyUnitChoices: { appraisalSchemes: [{ units: UNITS }] },
    CreateSurvey: { createSurvey: { survey: DRAFT, errors: [] } },
    EditSurvey: { editSurvey: { survey: DRAFT, errors: [] } },
  })
  vi.stubGlobal('fetch', server.fetch)
  const wrapper = mount(SurveyDialog, {
    props: { modelValue: false, survey, schemes: SCHEMES, schemeCode: 'jinfeng-2015' },
    global: { plugins: [createAppI18n('zh-CN')] },
    attachTo: document.body,
  })
  await wrapper.setProps({ modelValue: true })
  await flushPromises()
  await vi.waitFor(() => expect(byTestId('survey-unit-liangtian')).not.toBeNull())
  return { wrapper, server }
}

const saved = (server: ReturnType<typeof fakeGraphQL>) => server.sent.filter((s) => s.name !== 'SurveyUnitChoices')

// Element Plus dialogs are slow to mount under a busy machine.
describe("a survey's units in the office's dialog", { timeout: 30_000 }, () => {
  beforeEach(() => {
    setActivePinia(createPinia())
  })
  afterEach(() => {
    vi.unstubAllGlobals()
    document.body.innerHTML = ''
  })

  it('offers the scheme’s units by name, all chosen, and sends the chosen codes in the scheme’s order', async () => {
    const { server } = await openDialog(null)
    expect(server.sent[0]).toEqual({ name: 'SurveyUnitChoices', variables: { schemeCode: 'jinfeng-2015' } })
    expect(byTestId('survey-units')!.textContent).toContain('良田镇')
    expect(byTestId('survey-units')!.textContent).not.toContain('liangtian')
    expect(UNITS.map((u) => ticked(u.code))).toEqual([true, true, true])
    expect(count()).toBe('已选 3 / 3 个')

    await click(boxOf('fengdeng'))
    expect(count()).toBe('已选 2 / 3 个')
    expect(byTestId('survey-units-all')!.querySelector('.is-indeterminate')).not.toBeNull()

    await type('survey-title', '2015年度群众满意度测评')
    await click(byTestId('survey-save'))
    expect(saved(server)).toHaveLength(1)
    expect(saved(server)[0]!.name).toBe('CreateSurvey')
    expect((saved(server)[0]!.variables.input as { units: string[] }).units).toEqual(['liangtian', 'jiaoyu'])
  })

  it('opened before the page has its schemes, takes the scheme and its units when they come', async () => {
    const server = fakeGraphQL({ SurveyUnitChoices: { appraisalSchemes: [{ units: UNITS }] } })
    vi.stubGlobal('fetch', server.fetch)
    const wrapper = mount(SurveyDialog, {
      props: { modelValue: false, survey: null, schemes: [], schemeCode: '' },
      global: { plugins: [createAppI18n('zh-CN')] },
      attachTo: document.body,
    })
    await wrapper.setProps({ modelValue: true })
    await flushPromises()
    expect(server.sent).toEqual([])
    await wrapper.setProps({ schemes: SCHEMES, schemeCode: 'jinfeng-2015' })
    await flushPromises()
    await vi.waitFor(() => expect(byTestId('survey-unit-liangtian')).not.toBeNull())
    expect(server.sent).toEqual([{ name: 'SurveyUnitChoices', variables: { schemeCode: 'jinfeng-2015' } }])
    expect(count()).toBe('已选 3 / 3 个')
  })

  it('refuses to save with no unit chosen, in Chinese', async () => {
    const { server } = await openDialog(null)
    await click(byTestId('survey-units-all'))
    expect(UNITS.map((u) => ticked(u.code))).toEqual([false, false, false])
    expect(count()).toBe('已选 0 / 3 个')
    await type('survey-title', '测评')
    await click(byTestId('survey-save'))
    expect(byTestId('survey-dialog')!.querySelector('.el-alert')?.textContent).toContain('请至少选择一个考评对象')
    expect(saved(server)).toEqual([])
  })

  it('filters by name and 全选 picks only the units shown', async () => {
    await openDialog(null)
    await click(byTestId('survey-units-all'))
    await type('survey-units-filter', '镇')
    expect(byTestId('survey-unit-jiaoyu')).toBeNull()
    await click(byTestId('survey-units-all'))
    await type('survey-units-filter', '')
    expect(UNITS.map((u) => ticked(u.code))).toEqual([true, true, false])
    expect(count()).toBe('已选 2 / 3 个')
  })

  it("shows a draft's own units and keeps them when saved", async () => {
    const { server } = await openDialog(DRAFT)
    expect(UNITS.map((u) => ticked(u.code))).toEqual([false, false, true])
    expect(count()).toBe('已选 1 / 3 个')
    await click(boxOf('liangtian'))
    await click(byTestId('survey-save'))
    expect(saved(server).map((s) => s.name)).toEqual(['EditSurvey'])
    expect((saved(server)[0]!.variables.input as { units: string[] }).units).toEqual(['liangtian', 'jiaoyu'])
  })
})
