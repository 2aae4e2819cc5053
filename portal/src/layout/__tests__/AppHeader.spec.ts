import { mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it } from 'vitest'
import { createAppI18n } from '@/locales'
import { useViewerStore } from '@/stores/viewer'
import AppHeader from '../AppHeader.vue'

function mountHeader(locale: 'zh-CN' | 'en' = 'zh-CN') {
  return mount(AppHeader, {
    props: { menuOpen: true },
    global: { plugins: [createAppI18n(locale)] },
  })
}

describe('AppHeader', () => {
  beforeEach(() => setActivePinia(createPinia()))

  it('shows the platform name and 未登录 before anyone signs in', () => {
    const wrapper = mountHeader()
    expect(wrapper.get('[data-testid="platform-name"]').text()).toBe('绩效考评平台')
    expect(wrapper.get('[data-testid="user-name"]').text()).toBe('未登录')
    expect(wrapper.find('[data-testid="tenant-name"]').exists()).toBe(false)
  })

  it('shows the tenant and the user from the viewer', () => {
    useViewerStore().viewer = {
      authenticated: true,
      displayName: '赵六',
      tenant: { code: 'jinfeng', name: '金凤区', level: 'DISTRICT' },
      permissions: [],
    }
    const wrapper = mountHeader()
    expect(wrapper.get('[data-testid="tenant-name"]').text()).toBe('金凤区')
    expect(wrapper.get('[data-testid="user-name"]').text()).toBe('赵六')
  })

  it('speaks English when asked', () => {
    const wrapper = mountHeader('en')
    expect(wrapper.get('[data-testid="user-name"]').text()).toBe('Not signed in')
  })

  it('asks the layout to open or close the menu', async () => {
    const wrapper = mountHeader()
    await wrapper.get('[data-testid="menu-toggle"]').trigger('click')
    expect(wrapper.emitted('toggleMenu')).toHaveLength(1)
  })
})
