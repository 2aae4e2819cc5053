import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createAppI18n } from '@/locales'
import { useViewerStore } from '@/stores/viewer'
import { testRouter } from '@/testing/router'
import { signedInViewer } from '@/testing/viewers'
import ChangePasswordView from '../ChangePasswordView.vue'

async function mountPage(path = '/account/password') {
  const router = testRouter()
  await router.push(path)
  const wrapper = mount(ChangePasswordView, {
    global: { plugins: [createAppI18n('zh-CN'), router] },
    attachTo: document.body,
  })
  await flushPromises()
  return { wrapper, router }
}

async function fill(wrapper: Awaited<ReturnType<typeof mountPage>>['wrapper'], current: string, next: string, repeat = next) {
  await wrapper.get('[data-testid="password-current"]').setValue(current)
  await wrapper.get('[data-testid="password-new"]').setValue(next)
  await wrapper.get('[data-testid="password-repeat"]').setValue(repeat)
}

async function submit(wrapper: Awaited<ReturnType<typeof mountPage>>['wrapper']) {
  await wrapper.get('form').trigger('submit')
  await flushPromises()
  await new Promise((resolve) => setTimeout(resolve, 150))
  await flushPromises()
}

describe('the password page', () => {
  let fetchMock: ReturnType<typeof vi.fn>
  beforeEach(() => {
    setActivePinia(createPinia())
    fetchMock = vi.fn()
    vi.stubGlobal('fetch', fetchMock)
  })
  afterEach(() => {
    vi.unstubAllGlobals()
    document.body.innerHTML = ''
  })

  it('tells a user with a one-time password why they are here, with the policy for users', async () => {
    useViewerStore().setViewer(signedInViewer({ roles: ['office'], mustChangePassword: true }))
    const { wrapper } = await mountPage()
    expect(wrapper.get('h1').text()).toBe('请修改初始密码')
    expect(wrapper.get('[data-testid="password-forced"]').text()).toContain('一次性密码')
    expect(wrapper.get('[data-testid="password-policy"]').text()).toContain('至少 8 位')
    expect(wrapper.find('[data-testid="password-sign-out"]').exists()).toBe(true)
  })

  it('asks administrators for the stricter policy, before asking the server', async () => {
    useViewerStore().setViewer(signedInViewer({ roles: ['security_admin'] }))
    const { wrapper } = await mountPage()
    expect(wrapper.get('h1').text()).toBe('修改密码')
    expect(wrapper.get('[data-testid="password-policy"]').text()).toContain('至少 12 位')
    await fill(wrapper, 'Old-password-1', 'Short-1')
    await submit(wrapper)
    expect(wrapper.text()).toContain('新密码至少 12 位')
    expect(fetchMock).not.toHaveBeenCalled()
  })

  it('wants the new password twice', async () => {
    useViewerStore().setViewer(signedInViewer({ roles: ['office'] }))
    const { wrapper } = await mountPage()
    await fill(wrapper, 'old-password', 'new-password-1', 'new-password-2')
    await submit(wrapper)
    expect(wrapper.text()).toContain('两次输入的新密码不一致')
    expect(fetchMock).not.toHaveBeenCalled()
  })

  it('shows the server’s reason at the field it names', async () => {
    useViewerStore().setViewer(signedInViewer({ roles: ['office'], mustChangePassword: true }))
    fetchMock.mockResolvedValue(
      Response.json({
        data: {
          changePassword: {
            viewer: null,
            errors: [{ code: 'INVALID', message: '密码过于常见或有规律，容易被猜到', field: 'newPassword' }],
          },
        },
      }),
    )
    const { wrapper } = await mountPage()
    await fill(wrapper, 'Jinfeng-Demo-2015', 'password123')
    await submit(wrapper)
    expect(wrapper.findAll('.el-form-item__error').map((node) => node.text())).toEqual([
      '密码过于常见或有规律，容易被猜到',
    ])
    expect(useViewerStore().mustChangePassword).toBe(true)
  })

  it('takes the renewed viewer and goes on to where the user was going', async () => {
    useViewerStore().setViewer(signedInViewer({ roles: ['office'], mustChangePassword: true }))
    fetchMock.mockResolvedValue(
      Response.json({
        data: { changePassword: { viewer: signedInViewer({ roles: ['office'], permissions: ['scheme:read'] }), errors: [] } },
      }),
    )
    const { wrapper, router } = await mountPage('/account/password?redirect=/account')
    await fill(wrapper, 'Jinfeng-Demo-2015', 'Lumen-Orchard-7')
    await submit(wrapper)

    const body = JSON.parse(String((fetchMock.mock.calls[0] as [string, RequestInit])[1].body))
    expect(body.variables.input).toEqual({ currentPassword: 'Jinfeng-Demo-2015', newPassword: 'Lumen-Orchard-7' })
    expect(useViewerStore().mustChangePassword).toBe(false)
    expect(useViewerStore().permissions).toEqual(['scheme:read'])
    await vi.waitFor(() => expect(router.currentRoute.value.fullPath).toBe('/account'))
  })
})
