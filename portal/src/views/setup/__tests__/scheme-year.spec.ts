import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { Component } from 'vue'
import type { SchemeDetail } from '@/api/schemes'
import { createAppI18n } from '@/locales'
import schemeYearEn from '@/locales/schemeYear.en'
import schemeYearZhCN from '@/locales/schemeYear.zh-CN'
import { useViewerStore } from '@/stores/viewer'
import { fakeGraphQL } from '@/testing/graphql'
import { signedInViewer } from '@/testing/viewers'
import CityItemsPanel from '../CityItemsPanel.vue'
import MembersPanel from '../MembersPanel.vue'
import NewSchemeDialog from '../NewSchemeDialog.vue'

// The office confirms what it is asked (a fill replaces last year's outcomes).
vi.mock('@/utils/errors', async (original) => ({
  ...(await original<typeof import('@/utils/errors')>()),
  confirmAction: vi.fn(async () => true),
}))

const group = (code: string, name: string) => ({
  id: `g-${code}`,
  code,
  name,
  grades: [],
  gradingMethod: 'RATIO' as const,
  ratio: ['3', '5', '2'],
  bands: [],
  failBelow: null,
  failGrade: null,
  bonus: null,
})
const member = (code: string, name: string, groupCode: string, headcount: number) => ({
  groupCode,
  headcount,
  unit: { id: `u-${code}`, code, name, kind: 'TOWN' as const, kindLabel: '镇' },
})

function scheme(overrides: Partial<SchemeDetail> = {}): SchemeDetail {
  return {
    id: 's1',
    code: 'jinfeng-2016',
    name: '金凤区2016年绩效考评方案',
    year: 2016,
    status: 'DRAFT',
    statusLabel: '草稿',
    revision: 0,
    valid: true,
    source: '复制自 jinfeng-2015',
    copiedFromCode: 'jinfeng-2015',
    updatedAt: '2016-01-05T08:00:00Z',
    approvedAt: null,
    approvedBy: null,
    publishedAt: null,
    publishedBy: null,
    closedAt: null,
    closedBy: null,
    periods: ['Q1', 'Q2', 'Q3', 'Q4'],
    bonusCap: null,
    keyProjectBottom: 0,
    components: [],
    groups: [group('towns', '镇街组'), group('econ', '经济部门组')],
    units: [member('liangtian', '良田镇', 'towns', 76), member('fengdeng', '丰登镇', 'towns', 40)],
    revisions: [],
    ...overrides,
  } as SchemeDetail
}

// Each panel has props of its own.
const mountWith = (component: Component, props: Record<string, any>) =>
  mount(component, { props, global: { plugins: [createAppI18n('zh-CN')] }, attachTo: document.body })
const byTestId = (id: string) => document.querySelector(`[data-testid="${id}"]`)

async function choose(testid: string, label: string): Promise<void> {
  ;(byTestId(testid)?.querySelector('.el-select__wrapper') as HTMLElement).click()
  await flushPromises()
  // Only the dropdown just opened: earlier selects leave theirs in the page, hidden.
  const shown = [...document.querySelectorAll('.el-select__popper')].filter((p) => (p as HTMLElement).style.display !== 'none')
  const options = shown.flatMap((p) => [...p.querySelectorAll('.el-select-dropdown__item')])
  const option = options.find((o) => o.textContent?.includes(label))
  ;(option as HTMLElement).click()
  await flushPromises()
}

/** The message shown under a form field (its form item's error). */
const fieldError = (testid: string) =>
  byTestId(testid)?.closest('.el-form-item')?.querySelector('.el-form-item__error')?.textContent?.trim()

async function type(testid: string, value: string): Promise<void> {
  const found = byTestId(testid)!
  const input = (found instanceof HTMLInputElement ? found : found.querySelector('input')) as HTMLInputElement
  input.value = value
  input.dispatchEvent(new Event('input'))
  input.dispatchEvent(new Event('change'))
  await flushPromises()
}

const SCHEMES = {
  schemeTemplates: [
    { code: 'jinfeng-2015', name: '区县绩效考评示例', description: '三组十二项', library: 'PLATFORM' },
    // the office's own 指标库 may hold a template of the same code
    { code: 'jinfeng-2015', name: '金凤区指标库', description: '2015年方案的指标', library: 'TENANT' },
  ],
  schemes: { nodes: [{ code: 'jinfeng-2015', name: '金凤区2015年绩效考评方案', year: 2015, status: 'CLOSED' }] },
}

// Element Plus selects and dialogs are slow to mount under a busy machine.
describe('a new year in the portal', { timeout: 30_000 }, () => {
  beforeEach(() => {
    setActivePinia(createPinia())
    useViewerStore().setViewer(signedInViewer({ permissions: ['scheme:read', 'scheme:write'] }))
  })
  afterEach(() => {
    vi.unstubAllGlobals()
    document.body.innerHTML = ''
  })

  it('has the same keys in both languages', () => {
    const keys = (o: object, at = ''): string[] =>
      Object.entries(o).flatMap(([k, v]) => (typeof v === 'object' ? keys(v as object, `${at}${k}.`) : [`${at}${k}`]))
    expect(keys(schemeYearEn).sort()).toEqual(keys(schemeYearZhCN).sort())
  })

  it('copies last year’s scheme, proposing next year, and shows the server’s refusals at their fields', async () => {
    let refuse = true
    const server = fakeGraphQL({
      NewSchemeChoices: SCHEMES,
      CopyScheme: () => ({
        copyScheme: refuse
          ? { scheme: null, errors: [{ code: 'CONFLICT', field: 'code', message: '方案代码「jinfeng-2016」已被使用' }] }
          : { scheme: { code: 'jinfeng-2016b', name: '金凤区2016年绩效考评方案' }, errors: [] },
      }),
    })
    vi.stubGlobal('fetch', server.fetch)
    const wrapper = mountWith(NewSchemeDialog, { modelValue: false })
    await wrapper.setProps({ modelValue: true })
    await flushPromises()
    expect(byTestId('new-scheme-hint')?.textContent).toContain('不复制任何评分')

    ;(byTestId('new-scheme-submit') as HTMLElement).click()
    await flushPromises()
    await vi.waitFor(() => expect(fieldError('new-scheme-source')).toBe('请选择要复制的方案'))
    expect(fieldError('new-scheme-name')).toBe('请填写方案名称')
    expect(server.names()).toEqual(['NewSchemeChoices'])

    await choose('new-scheme-source', '金凤区2015年绩效考评方案')
    expect((byTestId('new-scheme-code') as HTMLInputElement).value).toBe('jinfeng-2016')
    expect((byTestId('new-scheme-name') as HTMLInputElement).value).toBe('金凤区2016年绩效考评方案')
    ;(byTestId('new-scheme-submit') as HTMLElement).click()
    await flushPromises()
    expect(server.sent.at(-1)).toEqual({
      name: 'CopyScheme',
      variables: { sourceCode: 'jinfeng-2015', input: { code: 'jinfeng-2016', name: '金凤区2016年绩效考评方案', year: 2016 } },
    })
    await vi.waitFor(() => expect(fieldError('new-scheme-code')).toBe('方案代码「jinfeng-2016」已被使用'))

    refuse = false
    await type('new-scheme-code', 'jinfeng-2016b')
    ;(byTestId('new-scheme-submit') as HTMLElement).click()
    await flushPromises()
    expect(wrapper.emitted('created')?.[0]?.[0]).toMatchObject({ scheme: { code: 'jinfeng-2016b' } })
  })

  it('creates from a template or blank with the operation of that way', async () => {
    const server = fakeGraphQL({
      NewSchemeChoices: SCHEMES,
      CreateSchemeFromTemplate: { createSchemeFromTemplate: { scheme: { code: 'x', name: 'x' }, errors: [] } },
    })
    vi.stubGlobal('fetch', server.fetch)
    const wrapper = mountWith(NewSchemeDialog, { modelValue: false })
    await wrapper.setProps({ modelValue: true })
    await flushPromises()
    ;(byTestId('new-scheme-way-template')?.querySelector('input') as HTMLInputElement).click()
    await flushPromises()
    await choose('new-scheme-template', '区县绩效考评示例')
    await type('new-scheme-code', 'xixia-2016')
    await type('new-scheme-name', '西夏区2016年方案')
    ;(byTestId('new-scheme-submit') as HTMLElement).click()
    await flushPromises()
    expect(server.sent.at(-1)?.name).toBe('CreateSchemeFromTemplate')
    expect(server.sent.at(-1)?.variables.templateCode).toBe('jinfeng-2015')
    expect(server.sent.at(-1)?.variables.library).toBe('PLATFORM')
  })

  it('creates from a template of its own 指标库, naming that library', async () => {
    const server = fakeGraphQL({
      NewSchemeChoices: SCHEMES,
      CreateSchemeFromTemplate: { createSchemeFromTemplate: { scheme: { code: 'x', name: 'x' }, errors: [] } },
    })
    vi.stubGlobal('fetch', server.fetch)
    const wrapper = mountWith(NewSchemeDialog, { modelValue: false })
    await wrapper.setProps({ modelValue: true })
    await flushPromises()
    ;(byTestId('new-scheme-way-template')?.querySelector('input') as HTMLInputElement).click()
    await flushPromises()
    await choose('new-scheme-template', '金凤区指标库')
    await type('new-scheme-code', 'jinfeng-2016')
    await type('new-scheme-name', '金凤区2016年方案')
    ;(byTestId('new-scheme-submit') as HTMLElement).click()
    await flushPromises()
    expect(server.sent.at(-1)?.name).toBe('CreateSchemeFromTemplate')
    expect(server.sent.at(-1)?.variables).toMatchObject({ templateCode: 'jinfeng-2015', library: 'TENANT' })
  })

  it('adds a unit, moves one to another group, edits headcount and saves them all', async () => {
    const server = fakeGraphQL({
      MemberCandidates: {
        units: {
          nodes: [
            { id: 'u1', code: 'liangtian', name: '良田镇', kind: 'TOWN', headcount: 76, active: true },
            { id: 'u3', code: 'xinqu', name: '新区管委会', kind: 'DEPARTMENT', headcount: 30, active: true },
            { id: 'u4', code: 'old', name: '已撤并单位', kind: 'TOWN', headcount: 3, active: false },
          ],
          pageInfo: { hasNextPage: false, endCursor: null },
        },
      },
      SetSchemeUnits: (variables) => ({
        setSchemeUnits:
          (variables.units as unknown[]).length > 3
            ? { scheme: null, errors: [{ code: 'INVALID', field: 'members[3]', message: '人数不能为负数' }] }
            : { scheme: scheme(), errors: [] },
      }),
    })
    vi.stubGlobal('fetch', server.fetch)
    const wrapper = mountWith(MembersPanel, { scheme: scheme(), editable: true })
    await flushPromises()
    expect(byTestId('members-count')?.textContent).toBe('共 2 个单位')

    await choose('members-add', '新区管委会')
    expect(document.querySelector('.el-select-dropdown__item')?.textContent).not.toContain('已撤并单位')
    expect(byTestId('member-xinqu')?.textContent).toContain('新区管委会')
    await choose('member-group-xinqu', '经济部门组')
    await type('member-headcount-liangtian', '80')
    ;(byTestId('member-remove-fengdeng') as HTMLElement).click()
    await flushPromises()
    ;(byTestId('members-save') as HTMLElement).click()
    await flushPromises()
    expect(server.sent.at(-1)).toEqual({
      name: 'SetSchemeUnits',
      variables: {
        code: 'jinfeng-2016',
        units: [
          { unitCode: 'liangtian', groupCode: 'towns', headcount: 80 },
          { unitCode: 'xinqu', groupCode: 'econ', headcount: 30 },
        ],
      },
    })
    expect(wrapper.emitted('saved')).toHaveLength(1)
  })

  it('says why an approved scheme’s units are read-only', async () => {
    vi.stubGlobal('fetch', fakeGraphQL({}).fetch)
    mountWith(MembersPanel, { scheme: scheme({ status: 'APPROVED' }), editable: false })
    await flushPromises()
    expect(byTestId('members-read-only')?.textContent).toContain('方案已审定，参评单位不能直接修改')
    expect(byTestId('members-save')).toBeNull()
    expect(byTestId('member-remove-liangtian')).toBeNull()
  })

  it('enters city items with unit names, shows a refusal at its row, and fills last year from the copy’s source', async () => {
    const server = fakeGraphQL({
      SchemeCityData: {
        schemeCityItems: [{ id: 'c1', unitCode: 'liangtian', unitName: '良田镇', item: '地区生产总值增速', last: true }],
        schemePreviousOutcomes: [],
      },
      SetCityItems: (variables) => ({
        setCityItems: {
          items: [],
          errors: [
            {
              code: 'INVALID',
              field: `items[${(variables.items as unknown[]).length - 1}].item`,
              message: `第 ${(variables.items as unknown[]).length} 行：不能为空`,
            },
          ],
        },
      }),
      FillPreviousOutcomes: {
        fillPreviousOutcomes: {
          outcomes: [
            { id: 'p1', unitCode: 'liangtian', unitName: '良田镇', lastInGroup: false },
            { id: 'p2', unitCode: 'fengdeng', unitName: '丰登镇', lastInGroup: true },
          ],
          sourceCode: 'jinfeng-2015',
          errors: [],
        },
      },
    })
    vi.stubGlobal('fetch', server.fetch)
    mountWith(CityItemsPanel, { scheme: scheme() })
    await flushPromises()
    expect(byTestId('city-unit-0')?.textContent).toContain('良田镇')

    ;(byTestId('city-add') as HTMLElement).click()
    await flushPromises()
    await choose('city-unit-1', '丰登镇')
    ;(byTestId('city-save') as HTMLElement).click()
    await flushPromises()
    expect(server.sent.at(-1)?.variables.items).toEqual([
      { unitCode: 'liangtian', item: '地区生产总值增速', last: true },
      { unitCode: 'fengdeng', item: '', last: true },
    ])
    expect(byTestId('city-error-1')?.textContent).toBe('第 2 行：不能为空')

    expect(byTestId('previous-fill')?.textContent).toContain('从「jinfeng-2015」的已公布年度结果填入')
    ;(byTestId('previous-fill') as HTMLElement).click()
    await flushPromises()
    expect(server.sent.at(-1)).toEqual({ name: 'FillPreviousOutcomes', variables: { schemeCode: 'jinfeng-2016', sourceCode: null } })
    expect(byTestId('previous-unit-fengdeng')?.textContent).toBe('丰登镇')
  })
})
