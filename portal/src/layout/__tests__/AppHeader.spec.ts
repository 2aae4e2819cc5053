import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createAppI18n } from '@/locales'
import { useViewerStore } from '@/stores/viewer'
import { testRouter } from '@/testing/router'
import { signedInViewer } from '@/testing/viewers'
import AppHeader from '../AppHeader.vue'

function mountHeader(locale: 'zh-CN' | 'en' = 'zh-CN') {
  const router = testRouter()
  const wrapper = mount(AppHeader, {
    props: { menuOpen: true },
    // The bell asks the server on its own: its tests are in NotificationBell.spec.ts.
    global: { plugins: [createAppI18n(locale), router], stubs: { NotificationBell: true } },
    attachTo: document.body,
  })
  return { wrapper, router }
}

describe('AppHeader', () => {
  beforeEach(() => setActivePinia(createPinia()))
  afterEach(() => {
    vi.unstubAllGlobals()
    document.body.innerHTML = ''
  })

  it('shows the platform name, 未登录 and a sign-in button before anyone signs in', () => {
    const { wrapper } = mountHeader()
    expect(wrapper.get('[data-testid="platform-name"]').text()).toBe('绩效考评平台')
    expect(wrapper.get('[data-testid="user-name"]').text()).toBe('未登录')
    expect(wrapper.get('[data-testid="sign-in-link"]').text()).toBe('登录')
    expect(wrapper.find('[data-testid="tenant-name"]').exists()).toBe(false)
    expect(wrapper.find('[data-testid="user-menu"]').exists()).toBe(false)
  })

  it('shows the tenant and the user from the viewer, with a user menu', () => {
    useViewerStore().viewer = signedInViewer({ displayName: '赵六' })
    const { wrapper } = mountHeader()
    expect(wrapper.get('[data-testid="tenant-name"]').text()).toBe('金凤区')
    expect(wrapper.get('[data-testid="user-name"]').text()).toBe('赵六')
    expect(wrapper.find('[data-testid="user-menu"]').exists()).toBe(true)
    expect(wrapper.find('[data-testid="sign-in-link"]').exists()).toBe(false)
  })

  it('signs out from the user menu: tells the server, forgets the viewer, goes to /login', async () => {
    const fetchMock = vi.fn(async () => Response.json({ data: { signOut: true } }))
    vi.stubGlobal('fetch', fetchMock)
    useViewerStore().viewer = signedInViewer()
    const { wrapper, router } = mountHeader()
    await router.push('/account')

    await wrapper.get('[data-testid="user-menu"]').trigger('click')
    await flushPromises()
    const item = document.querySelector<HTMLElement>('[data-testid="menu-sign-out"]')
    expect(item?.textContent?.trim()).toBe('退出登录')
    item?.click()
    await flushPromises()

    expect(JSON.parse(String((fetchMock.mock.calls[0] as unknown as [string, RequestInit])[1].body)).query).toContain(
      'signOut',
    )
    expect(useViewerStore().authenticated).toBe(false)
    await vi.waitFor(() => expect(router.currentRoute.value.name).toBe('login'))
  })

  it('speaks English when asked', () => {
    const { wrapper } = mountHeader('en')
    expect(wrapper.get('[data-testid="user-name"]').text()).toBe('Not signed in')
  })

  it('asks the layout to open or close the menu', async () => {
    const { wrapper } = mountHeader()
    await wrapper.get('[data-testid="menu-toggle"]').trigger('click')
    expect(wrapper.emitted('toggleMenu')).toHaveLength(1)
  })
})
