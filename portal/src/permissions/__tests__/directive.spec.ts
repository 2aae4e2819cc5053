import { mount } from '@vue/test-utils'
import { createPinia, type Pinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { defineComponent, nextTick, ref } from 'vue'
import type { Viewer } from '@/api/viewer'
import { useViewerStore } from '@/stores/viewer'
import { signedInViewer } from '@/testing/viewers'
import { vPermission } from '../directive'

const viewerWith = (permissions: string[]): Viewer => signedInViewer({ displayName: '李四', permissions })

function mountButtons(pinia: Pinia, required = ref<string>('score:write')) {
  const Buttons = defineComponent({
    directives: { permission: vPermission },
    setup: () => ({ required }),
    template: `
      <div>
        <button data-test="guarded" v-permission="required">赋分</button>
        <button data-test="open">查看</button>
      </div>`,
  })
  // isVisible() needs the element in the document.
  return mount(Buttons, { global: { plugins: [pinia] }, attachTo: document.body })
}

describe('v-permission', () => {
  let pinia: Pinia
  beforeEach(() => {
    pinia = createPinia()
    setActivePinia(pinia)
  })
  afterEach(() => {
    document.body.innerHTML = ''
  })

  it('hides the element when the viewer lacks the code', () => {
    useViewerStore().viewer = viewerWith(['result:read'])
    const wrapper = mountButtons(pinia)
    expect(wrapper.get('[data-test="guarded"]').isVisible()).toBe(false)
    expect(wrapper.get('[data-test="open"]').isVisible()).toBe(true)
  })

  it('shows the element when the viewer holds the code', () => {
    useViewerStore().viewer = viewerWith(['score:write'])
    const wrapper = mountButtons(pinia)
    expect(wrapper.get('[data-test="guarded"]').isVisible()).toBe(true)
  })

  it('shows the element once the viewer loads with the code', async () => {
    const wrapper = mountButtons(pinia)
    expect(wrapper.get('[data-test="guarded"]').isVisible()).toBe(false)
    useViewerStore().viewer = viewerWith(['*'])
    await nextTick()
    expect(wrapper.get('[data-test="guarded"]').isVisible()).toBe(true)
  })

  it('follows a change of the required code', async () => {
    useViewerStore().viewer = viewerWith(['score:write'])
    const required = ref('score:write')
    const wrapper = mountButtons(pinia, required)
    required.value = 'score:approve'
    await nextTick()
    await nextTick()
    expect(wrapper.get('[data-test="guarded"]').isVisible()).toBe(false)
  })
})
