import { flushPromises, mount } from '@vue/test-utils'
import { afterEach, describe, expect, it } from 'vitest'
import { createAppI18n } from '@/locales'
import type { ScorerOption } from '@/utils/scorers'
import ScorerPicker from '../ScorerPicker.vue'

const choices: ScorerOption[] = [
  { code: 'lingdao1', name: '张副区长', kind: 'PERSON' },
  { code: 'fagaiju', name: '发展和改革局', kind: 'UNIT' },
  { code: 'zhengfawei', name: '政法委', kind: 'UNIT' },
]

function mountPicker(modelValue: string[], extra: Record<string, unknown> = {}) {
  const changes: string[][] = []
  const wrapper = mount(ScorerPicker, {
    props: { modelValue, choices, 'onUpdate:modelValue': (value: string[]) => changes.push(value), ...extra },
    global: { plugins: [createAppI18n('zh-CN')] },
    attachTo: document.body,
  })
  return { wrapper, changes }
}

describe('the scorer picker', () => {
  afterEach(() => {
    document.body.innerHTML = ''
  })

  it('shows the chosen scorers by name, a code that names no one marked, and stores codes', async () => {
    const { wrapper, changes } = mountPicker(['lingdao1', 'gone'])
    await flushPromises()
    const tags = wrapper.findAll('.el-select__tags-text').map((tag) => tag.text())
    expect(tags).toEqual(['张副区长', 'gone（未找到该人员或部门）'])
    expect(wrapper.text()).not.toContain('lingdao1')

    await wrapper.get('.el-select__wrapper').trigger('click')
    await flushPromises()
    const groups = [...document.querySelectorAll('.el-select-group__title')].map((title) => title.textContent?.trim())
    expect(groups).toEqual(['评分人员', '实施监控职能部门', '未找到的代码'])
    document.querySelector<HTMLElement>('[data-testid="scorer-option-fagaiju"]')!.click()
    await flushPromises()
    expect(changes.at(-1)).toEqual(['lingdao1', 'gone', 'fagaiju'])
  })

  it('offers only the indicator’s scorers in an assignment', async () => {
    const { wrapper } = mountPicker([], { only: ['zhengfawei'] })
    await wrapper.get('.el-select__wrapper').trigger('click')
    await flushPromises()
    const options = [...document.querySelectorAll('[data-testid^="scorer-option-"]')].map((option) => option.textContent?.trim())
    expect(options).toEqual(['政法委zhengfawei'])
  })
})
