import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { SchemeProblem } from '@/api/dataProblems'
import { createAppI18n } from '@/locales'
import { fakeGraphQL } from '@/testing/graphql'
import SchemeDataImportDialog from '../SchemeDataImportDialog.vue'
import SchemeProblems from '../SchemeProblems.vue'

const BAD: SchemeProblem = {
  entryId: 'U2NoZW1lRW50cnk6MQ==',
  kind: 'SCORE',
  kindLabel: '评分',
  unitName: '良田镇',
  subject: '招商引资到位资金',
  periodName: '第一季度',
  entry: '「良田镇」「招商引资到位资金」第一季度的评分',
  problems: ['指标「招商引资到位资金」在第一季度没有分值份额（只在第二季度、第四季度考评）'],
  text: '「良田镇」「招商引资到位资金」第一季度的评分：指标「招商引资到位资金」在第一季度没有分值份额（只在第二季度、第四季度考评）',
  source: '进度填报核实值',
  enteredBy: '招商局',
}

const byTestId = (id: string) => document.querySelector(`[data-testid="${id}"]`)
const click = async (id: string) => {
  ;(byTestId(id) as HTMLElement).click()
  await flushPromises()
}
async function type(id: string, value: string) {
  const found = byTestId(id)!
  const input = (found.querySelector('textarea, input') ?? found) as HTMLInputElement
  input.value = value
  input.dispatchEvent(new Event('input'))
  await flushPromises()
}

describe('数据问题', () => {
  beforeEach(() => setActivePinia(createPinia()))
  afterEach(() => {
    vi.unstubAllGlobals()
    document.body.innerHTML = ''
  })

  it('lists each bad entry in words and deletes it only with a reason', async () => {
    let left = [BAD]
    const server = fakeGraphQL({
      SchemeProblems: () => ({ schemeProblems: left }),
      RemoveBadEntry: () => {
        left = []
        return { removeBadEntry: { removed: { text: BAD.text }, errors: [] } }
      },
    })
    vi.stubGlobal('fetch', server.fetch)
    mount(SchemeProblems, {
      props: { schemeCode: 'jinfeng-2015', canRemove: true },
      global: { plugins: [createAppI18n('zh-CN')] },
      attachTo: document.body,
    })
    await flushPromises()
    expect(byTestId('scheme-problems-count')?.textContent).toContain('共 1 条数据无法计算')
    const table = byTestId('scheme-problems-table')?.textContent ?? ''
    expect(table).toContain('「良田镇」「招商引资到位资金」第一季度的评分')
    expect(table).toContain('在第一季度没有分值份额')
    expect(table).toContain('进度填报核实值')

    await click(`scheme-problem-remove-${BAD.entryId}`)
    expect(document.body.textContent).toContain(`将删除：${BAD.entry}`)
    await click('scheme-problem-confirm')
    expect(server.names()).toEqual(['SchemeProblems'])
    expect(document.body.textContent).toContain('请填写删除原因')

    await type('scheme-problem-reason', '一季度不考评此指标，误录')
    await click('scheme-problem-confirm')
    expect(server.sent[1]).toEqual({
      name: 'RemoveBadEntry',
      variables: {
        schemeCode: 'jinfeng-2015',
        kind: 'SCORE',
        entryId: BAD.entryId,
        reason: '一季度不考评此指标，误录',
      },
    })
    expect(server.names()).toEqual(['SchemeProblems', 'RemoveBadEntry', 'SchemeProblems'])
    expect(byTestId('scheme-problems-none')?.textContent).toContain('没有数据问题')
  })

  it('offers no delete button to whoever may not remove', async () => {
    vi.stubGlobal('fetch', fakeGraphQL({ SchemeProblems: { schemeProblems: [BAD] } }).fetch)
    mount(SchemeProblems, {
      props: { schemeCode: 'jinfeng-2015', canRemove: false },
      global: { plugins: [createAppI18n('zh-CN')] },
      attachTo: document.body,
    })
    await flushPromises()
    expect(byTestId('scheme-problems-table')).not.toBeNull()
    expect(byTestId(`scheme-problem-remove-${BAD.entryId}`)).toBeNull()
  })
})

const PREVIEW = {
  mode: 'REPLACE',
  added: 1,
  changed: 1,
  kept: 0,
  removed: 700,
  removedEntered: 1,
  sections: [{ section: 'scores', label: '评分', added: 0, changed: 1, kept: 0, removed: 618 }],
  addedSamples: ['「良田镇」的三区末位项目「营商环境评价」：末位'],
  changedSamples: ['「良田镇」「固定资产投资完成率」第一季度的评分：实际值 70 → 实际值 55.5'],
  removedSamples: ['「丰登镇」「招商引资到位资金」第二季度的评分：实际值 88'],
}

describe('the data import dialog', () => {
  beforeEach(() => setActivePinia(createPinia()))
  afterEach(() => {
    vi.unstubAllGlobals()
    document.body.innerHTML = ''
  })

  async function openWith(server: ReturnType<typeof fakeGraphQL>) {
    vi.stubGlobal('fetch', server.fetch)
    const wrapper = mount(SchemeDataImportDialog, {
      props: { modelValue: false, schemeCode: 'jinfeng-2015' },
      global: { plugins: [createAppI18n('zh-CN')] },
      attachTo: document.body,
    })
    await wrapper.setProps({ modelValue: true })
    await flushPromises()
    const input = document.querySelector('input[type="file"]') as HTMLInputElement
    const file = new File(['format: jixiao.data/1\nscheme: jinfeng-2015\n'], 'city.yaml', { type: 'text/yaml' })
    Object.defineProperty(input, 'files', { value: [file] })
    input.dispatchEvent(new Event('change'))
    await flushPromises()
    return wrapper
  }

  it('merges by default', async () => {
    const job = {
      id: 'job1', kind: 'data', status: 'SUCCEEDED', stage: 'done', done: 1, total: 1,
      schemeCode: 'jinfeng-2015', replaced: false, issues: [], errors: [],
      counts: [{ name: 'added', count: 1 }, { name: 'changed', count: 0 }, { name: 'kept', count: 700 }, { name: 'removed', count: 0 }],
    } // prettier-ignore
    const server = fakeGraphQL({ StartSchemeDataImport: { startSchemeDataImport: { job, errors: [] } } })
    const wrapper = await openWith(server)
    expect(byTestId('data-import-name')?.textContent).toBe('city.yaml')
    await click('data-import-submit')
    expect(server.sent[0]).toMatchObject({ name: 'StartSchemeDataImport', variables: { code: 'jinfeng-2015', mode: 'MERGE' } })
    expect(wrapper.emitted('imported')).toHaveLength(1)
  })

  it('shows the preview in words before it lets a replacement go', async () => {
    const server = fakeGraphQL({
      SchemeDataImportPreview: { schemeDataImportPreview: { preview: PREVIEW, issues: [], errors: [] } },
    })
    await openWith(server)
    const replace = byTestId('data-import-replace')?.querySelector('input') as HTMLInputElement
    replace.click()
    await flushPromises()
    expect(document.body.textContent).toContain('替换会删除文件中没有的全部数据')
    expect((byTestId('data-import-submit') as HTMLButtonElement).disabled).toBe(true)

    await click('data-import-preview-button')
    expect(server.sent[0]).toMatchObject({ name: 'SchemeDataImportPreview', variables: { mode: 'REPLACE' } })
    expect(byTestId('data-import-removed')?.textContent).toContain('700')
    expect(byTestId('data-import-entered')?.textContent).toContain('1 条是在系统中录入的')
    expect(byTestId('data-import-samples-removed')?.textContent).toContain('「丰登镇」「招商引资到位资金」第二季度的评分')
    expect(byTestId('data-import-samples-changed')?.textContent).toContain('实际值 70 → 实际值 55.5')
    const submit = byTestId('data-import-submit') as HTMLButtonElement
    expect(submit.disabled).toBe(false)
    expect(submit.textContent).toContain('确认替换')
    expect(server.names()).toEqual(['SchemeDataImportPreview']) // nothing imported by looking
  })
})
