import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createAppI18n } from '@/locales'
import { useViewerStore } from '@/stores/viewer'
import { testRouter } from '@/testing/router'
import { anonymousViewer, signedInViewer } from '@/testing/viewers'
import LoginView from '../LoginView.vue'
import { normaliseTenant, readRememberedTenant, tenantProblem } from '../login'

async function mountLogin(path = '/login', locale: 'zh-CN' | 'en' = 'zh-CN') {
  const router = testRouter()
  await router.push(path)
  const wrapper = mount(LoginView, { global: { plugins: [createAppI18n(locale), router] }, attachTo: document.body })
  await flushPromises()
  return { wrapper, router }
}

async function fill(wrapper: Awaited<ReturnType<typeof mountLogin>>['wrapper'], fields: Record<string, string>) {
  for (const [testId, value] of Object.entries(fields)) {
    await wrapper.get(`[data-testid="${testId}"]`).setValue(value)
  }
}

async function submit(wrapper: Awaited<ReturnType<typeof mountLogin>>['wrapper']) {
  await wrapper.get('form').trigger('submit')
  await flushPromises()
  // Element Plus shows a field's error 100 ms after the validation failed.
  await new Promise((resolve) => setTimeout(resolve, 150))
  await flushPromises()
}

const errorsOf = (wrapper: Awaited<ReturnType<typeof mountLogin>>['wrapper']) =>
  wrapper.findAll('.el-form-item__error').map((node) => node.text())

describe('the sign-in rules', () => {
  it('wants a tenant code of lowercase letters, digits and hyphens', () => {
    expect(tenantProblem('')).toBe('tenantRequired')
    expect(tenantProblem('   ')).toBe('tenantRequired')
    expect(tenantProblem('金凤区')).toBe('tenantInvalid')
    expect(tenantProblem('j')).toBe('tenantInvalid')
    expect(tenantProblem('jin feng')).toBe('tenantInvalid')
    expect(tenantProblem('jinfeng')).toBeNull()
    expect(tenantProblem(' JinFeng ')).toBeNull()
    expect(normaliseTenant(' JinFeng ')).toBe('jinfeng')
  })
})

describe('the sign-in page', () => {
  let fetchMock: ReturnType<typeof vi.fn>
  beforeEach(() => {
    setActivePinia(createPinia())
    useViewerStore().setViewer(anonymousViewer())
    localStorage.clear()
    fetchMock = vi.fn()
    vi.stubGlobal('fetch', fetchMock)
  })
  afterEach(() => {
    vi.unstubAllGlobals()
    document.body.innerHTML = ''
  })

  it('asks for every field and sends nothing while one is missing', async () => {
    const { wrapper } = await mountLogin()
    await submit(wrapper)
    expect(errorsOf(wrapper)).toEqual(['请输入单位代码', '请输入用户名', '请输入密码'])
    expect(fetchMock).not.toHaveBeenCalled()
  })

  it('refuses a malformed tenant code', async () => {
    const { wrapper } = await mountLogin()
    await fill(wrapper, { 'login-tenant': '金凤区', 'login-username': 'office', 'login-password': 'x' })
    await submit(wrapper)
    expect(errorsOf(wrapper)).toEqual(['单位代码为 2–32 位小写字母、数字或连字符'])
    expect(fetchMock).not.toHaveBeenCalled()
  })

  it('needs no tenant code from a platform operator, and the switch clears it', async () => {
    const { wrapper } = await mountLogin()
    await fill(wrapper, { 'login-tenant': 'jinfeng' })
    await wrapper.get('[data-testid="login-operator"]').trigger('click')
    await flushPromises()
    expect(wrapper.find('[data-testid="login-tenant"]').exists()).toBe(false)

    fetchMock.mockResolvedValue(
      Response.json({ data: { signIn: { viewer: signedInViewer({ kind: 'operator', tenant: null }), errors: [] } } }),
    )
    await fill(wrapper, { 'login-username': 'operator', 'login-password': 'secret' })
    await submit(wrapper)

    expect(errorsOf(wrapper)).toEqual([])
    const body = JSON.parse(String((fetchMock.mock.calls[0] as [string, RequestInit])[1].body))
    expect(body.variables.input).toEqual({ tenant: null, username: 'operator', password: 'secret' })
    expect(readRememberedTenant()).toBe('')
  })

  it('signs in, remembers the tenant and goes back where the visitor was going', async () => {
    fetchMock.mockResolvedValue(Response.json({ data: { signIn: { viewer: signedInViewer({ permissions: ['user:read'] }), errors: [] } } }))
    const { wrapper, router } = await mountLogin('/login?redirect=/account')
    await fill(wrapper, { 'login-tenant': ' JinFeng ', 'login-username': ' office ', 'login-password': 'pw' })
    await submit(wrapper)

    const [url, init] = fetchMock.mock.calls[0] as [string, RequestInit]
    expect(url).toBe('/graphql')
    const body = JSON.parse(String(init.body))
    expect(body.query).toMatch(/^mutation SignIn/)
    expect(body.query).toContain('fragment ViewerFields on Viewer')
    expect(body.variables.input).toEqual({ tenant: 'jinfeng', username: 'office', password: 'pw' })
    expect(readRememberedTenant()).toBe('jinfeng')
    expect(useViewerStore().authenticated).toBe(true)
    await vi.waitFor(() => expect(router.currentRoute.value.fullPath).toBe('/account'))
  })

  it('shows the server’s refusal inline and empties the password', async () => {
    fetchMock.mockResolvedValue(
      Response.json({
        data: {
          signIn: {
            viewer: null,
            errors: [{ code: 'UNAUTHENTICATED', message: '用户名或密码错误（连续失败多次后账户将临时锁定 15 分钟）', field: null }],
          },
        },
      }),
    )
    const { wrapper, router } = await mountLogin()
    await fill(wrapper, { 'login-tenant': 'jinfeng', 'login-username': 'office', 'login-password': 'wrong' })
    await submit(wrapper)

    expect(wrapper.get('[data-testid="login-error"]').text()).toContain('用户名或密码错误')
    expect((wrapper.get('[data-testid="login-password"]').element as HTMLInputElement).value).toBe('')
    expect(router.currentRoute.value.name).toBe('login')
    expect(useViewerStore().authenticated).toBe(false)
  })

  it('fills in the remembered tenant code', async () => {
    localStorage.setItem('jixiao.lastTenant', 'xixia')
    const { wrapper } = await mountLogin()
    expect((wrapper.get('[data-testid="login-tenant"]').element as HTMLInputElement).value).toBe('xixia')
  })

  it('explains why the visitor is here after the session was lost', async () => {
    useViewerStore().signedOutReason = 'expired'
    const { wrapper } = await mountLogin()
    expect(wrapper.get('[data-testid="login-notice"]').text()).toBe('登录已过期或已在其他地方退出，请重新登录')
  })

  it('submits with Enter from the password field', async () => {
    const { wrapper } = await mountLogin()
    const password = wrapper.get('[data-testid="login-password"]')
    // A form with a submit button submits on Enter: the browser fires `submit` on the form.
    expect(wrapper.get('[data-testid="login-submit"]').attributes('type')).toBe('submit')
    expect(password.element.closest('form')).toBe(wrapper.get('form').element)
  })
})
