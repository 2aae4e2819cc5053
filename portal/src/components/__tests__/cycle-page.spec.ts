import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { computed, defineComponent, h, ref } from 'vue'
import CyclePage from '@/components/CyclePage.vue'
import type { SchemeChoice } from '@/composables/useSchemeChoice'
import { createAppI18n } from '@/locales'

/** A stand-in for useSchemeChoice: a list of two schemes and the chosen code. */
function fakeChoice(code: string) {
  const schemeCode = ref(code)
  const chooseScheme = vi.fn(async (next: string) => {
    schemeCode.value = next
  })
  const choice = {
    schemes: ref([
      { id: '1', code: 'jx-2026', name: '2026年度考评', year: 2026, status: 'PUBLISHED' },
      { id: '2', code: 'jx-2025', name: '2025年度考评', year: 2025, status: 'CLOSED' },
    ]),
    canList: computed(() => true),
    schemeCode: computed(() => schemeCode.value),
    chooseScheme,
  } as unknown as SchemeChoice
  return { choice, chooseScheme, schemeCode }
}

function mountPage(props: Record<string, unknown>) {
  const refreshes = vi.fn()
  const Host = defineComponent({
    setup() {
      return () =>
        h(
          CyclePage,
          { title: '任务分解', intro: '说明', chooseText: '请先选择考评方案', testid: 'page', onRefresh: refreshes, ...props },
          {
            default: () => h('p', { 'data-testid': 'body' }, '正文'),
            actions: () => h('span', { 'data-testid': 'extra' }, '季度'),
            after: () => h('div', { 'data-testid': 'after' }, '另一张卡片'),
          },
        )
    },
  })
  const wrapper = mount(Host, { global: { plugins: [createAppI18n('zh-CN')] }, attachTo: document.body })
  return { wrapper, refreshes }
}

describe('CyclePage', { timeout: 20_000 }, () => {
  beforeEach(() => setActivePinia(createPinia()))
  afterEach(() => {
    document.body.innerHTML = ''
  })

  it('shows the title, the scheme picker, the page’s controls, 刷新, the intro, the body and what comes after', async () => {
    const { choice } = fakeChoice('jx-2026')
    const { wrapper, refreshes } = mountPage({ choice })
    await flushPromises()
    expect(wrapper.get('h2').text()).toBe('任务分解')
    expect(wrapper.find('[data-testid="scheme-select"]').exists()).toBe(true)
    expect(wrapper.find('[data-testid="extra"]').exists()).toBe(true)
    expect(wrapper.text()).toContain('说明')
    expect(wrapper.find('[data-testid="body"]').exists()).toBe(true)
    expect(wrapper.find('[data-testid="after"]').exists()).toBe(true)
    const refresh = wrapper.findAll('button').find((button) => button.text() === '刷新')!
    await refresh.trigger('click')
    expect(refreshes).toHaveBeenCalledTimes(1)
  })

  it('asks for a scheme before showing the body, unless the page needs none', async () => {
    const { choice } = fakeChoice('')
    const waiting = mountPage({ choice })
    await flushPromises()
    expect(waiting.wrapper.get('[data-testid="page-no-scheme"]').text()).toContain('请先选择考评方案')
    expect(waiting.wrapper.find('[data-testid="body"]').exists()).toBe(false)

    const free = mountPage({ choice, needsScheme: false })
    await flushPromises()
    expect(free.wrapper.find('[data-testid="body"]').exists()).toBe(true)

    const noPicker = mountPage({})
    await flushPromises()
    expect(noPicker.wrapper.find('[data-testid="scheme-select"]').exists()).toBe(false)
    expect(noPicker.wrapper.find('[data-testid="body"]').exists()).toBe(true)
  })

  it('shows a failure with 重试 instead of the body', async () => {
    const { choice } = fakeChoice('jx-2026')
    const { wrapper, refreshes } = mountPage({ choice, failure: '网络异常' })
    await flushPromises()
    const alert = wrapper.get('[data-testid="page-error"]')
    expect(alert.text()).toContain('网络异常')
    expect(wrapper.find('[data-testid="body"]').exists()).toBe(false)
    await alert.get('button').trigger('click')
    expect(refreshes).toHaveBeenCalledTimes(1)
  })
})
