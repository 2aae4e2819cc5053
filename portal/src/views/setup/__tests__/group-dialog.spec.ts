import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { SchemeGroup } from '@/api/schemes'
import { createAppI18n } from '@/locales'
import { fakeGraphQL } from '@/testing/graphql'
import GroupDialog from '../GroupDialog.vue'

const TOWNS: SchemeGroup = {
  id: 'U2NoZW1lR3JvdXA6MQ==',
  code: 'towns',
  name: '镇街组',
  grades: [
    { name: '一等奖', award: true },
    { name: '二等奖', award: true },
    { name: '三等奖', award: true },
    { name: '无', award: false },
  ],
  gradingMethod: 'RATIO',
  ratio: ['3', '5', '2'],
  bands: [],
  failBelow: null,
  failGrade: null,
  bonus: {
    basePerHead: '2000',
    coefficients: [
      { grade: '一等奖', coefficient: '1.2' },
      { grade: '二等奖', coefficient: '1.0' },
      { grade: '三等奖', coefficient: '0.8' },
    ],
  },
}

async function open(group: SchemeGroup | null, size: number) {
  const wrapper = mount(GroupDialog, {
    props: { modelValue: false, schemeCode: 'jinfeng-2015', group, size },
    global: { plugins: [createAppI18n('zh-CN')] },
    attachTo: document.body,
  })
  await wrapper.setProps({ modelValue: true })
  await flushPromises()
  return wrapper
}

const summary = () => document.querySelector('[data-testid="quota-summary"]')?.textContent?.trim()
const seats = () =>
  [...document.querySelectorAll('[data-testid^="quota-row-"]')].map((row) =>
    [...row.querySelectorAll('td')].map((cell) => cell.textContent?.trim()),
  )

async function type(testid: string, value: string) {
  const found = document.querySelector(`[data-testid="${testid}"]`)!
  // el-input puts the attribute on its <input>, el-input-number on its wrapper.
  const input = (found instanceof HTMLInputElement ? found : found.querySelector('input')) as HTMLInputElement
  input.value = value
  input.dispatchEvent(new Event('input'))
  // A number input takes its value on change.
  input.dispatchEvent(new Event('change'))
  await flushPromises()
}

describe('the group dialog', () => {
  beforeEach(() => setActivePinia(createPinia()))
  afterEach(() => {
    vi.unstubAllGlobals()
    document.body.innerHTML = ''
  })

  it('previews the seats of the group’s size as the ratio is typed', async () => {
    await open(TOWNS, 7)
    expect(summary()).toBe('7 个单位按 3:5:2：名额 2/4/1')
    expect(seats()).toEqual([
      ['一等奖', '2.10', '2'],
      ['二等奖', '3.50', '4'],
      ['三等奖', '1.40', '1'],
    ])

    await type('group-ratio-input', '3:4:3')
    expect(summary()).toBe('7 个单位按 3:4:3：名额 2/3/2')

    await type('quota-size', '10')
    expect(summary()).toBe('10 个单位按 3:4:3：名额 3/4/3')

    await type('group-ratio-input', '3:x:2')
    expect(summary()).toContain('梯度比例无效')
    expect(seats()).toEqual([])
  })

  it('sends the group as the API takes it', async () => {
    const server = fakeGraphQL({ SaveSchemeGroup: { saveSchemeGroup: { scheme: null, errors: [] } } })
    vi.stubGlobal('fetch', server.fetch)
    const wrapper = await open(TOWNS, 7)
    await type('group-ratio-input', '2：6：2')
    ;(document.querySelector('[data-testid="group-save"]') as HTMLButtonElement).click()
    await flushPromises()
    expect(server.sent[0]).toMatchObject({
      name: 'SaveSchemeGroup',
      variables: {
        code: 'jinfeng-2015',
        id: TOWNS.id,
        input: {
          code: 'towns',
          name: '镇街组',
          grades: TOWNS.grades,
          gradingMethod: 'RATIO',
          ratio: ['2', '6', '2'],
          bands: [],
          failBelow: null,
          failGrade: null,
          bonusBasePerHead: '2000',
          bonusCoefficients: [
            { grade: '一等奖', coefficient: '1.2' },
            { grade: '二等奖', coefficient: '1' },
            { grade: '三等奖', coefficient: '0.8' },
          ],
        },
      },
    })
    expect(wrapper.emitted('saved')).toHaveLength(1)
  })

  it('does not send a ratio it cannot read', async () => {
    const server = fakeGraphQL({})
    vi.stubGlobal('fetch', server.fetch)
    await open(TOWNS, 7)
    await type('group-ratio-input', 'three to one')
    ;(document.querySelector('[data-testid="group-save"]') as HTMLButtonElement).click()
    await flushPromises()
    expect(server.sent).toEqual([])
    expect(document.querySelector('[data-testid="group-dialog"]')?.textContent).toContain('梯度比例无效')
  })
})
