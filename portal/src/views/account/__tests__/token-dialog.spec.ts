import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { defineComponent, h, ref } from 'vue'
import type { ApiToken } from '@/api/account'
import { createAppI18n } from '@/locales'
import { useViewerStore } from '@/stores/viewer'
import { signedInViewer } from '@/testing/viewers'
import TokenCreateDialog from '../TokenCreateDialog.vue'

const SECRET = 'jxt_jinfeng_4f1c0a9e7b2d4c3aa1b2c3d4e5f60718'
const TOKEN: ApiToken = {
  id: 'QXBpVG9rZW46MQ==',
  name: '数据共享平台',
  prefix: 'jxt_jinfeng_4f1c',
  scopes: ['report:read'],
  createdAt: '2025-03-01T08:00:00+00:00',
  expiresAt: '2025-05-30T08:00:00+00:00',
  revokedAt: null,
  lastUsedAt: null,
  lastUsedAddress: null,
}

const body = () => document.body

function byTestId(id: string): HTMLElement | null {
  return document.querySelector<HTMLElement>(`[data-testid="${id}"]`)
}

async function settle(ms = 0) {
  await flushPromises()
  await new Promise((resolve) => setTimeout(resolve, ms))
  await flushPromises()
}

function mountDialog() {
  const created: ApiToken[] = []
  const open = ref(true)
  const Host = defineComponent({
    setup: () => () =>
      h(TokenCreateDialog, {
        modelValue: open.value,
        'onUpdate:modelValue': (value: boolean) => (open.value = value),
        onCreated: (token: ApiToken) => created.push(token),
      }),
  })
  // Real transitions, so that the dialogs' `closed` events fire as in a browser.
  const wrapper = mount(Host, {
    global: { plugins: [createAppI18n('zh-CN')], stubs: { transition: false } },
    attachTo: document.body,
  })
  return { wrapper, open, created }
}

describe('the API token dialog', () => {
  let fetchMock: ReturnType<typeof vi.fn>
  beforeEach(() => {
    setActivePinia(createPinia())
    useViewerStore().setViewer(signedInViewer({ permissions: ['report:read', 'report:write', 'result:read'] }))
    fetchMock = vi.fn()
    vi.stubGlobal('fetch', fetchMock)
  })
  afterEach(() => {
    vi.unstubAllGlobals()
    document.body.innerHTML = ''
  })

  it('offers only the viewer’s own permissions as scopes, by resource', async () => {
    mountDialog()
    await settle()
    const codes = [...document.querySelectorAll<HTMLElement>('[data-testid="token-dialog"] [data-code]')].map(
      (node) => node.dataset.code,
    )
    expect(codes).toEqual(['report:read', 'report:write', 'result:read'])
    const groups = [...document.querySelectorAll<HTMLElement>('[data-testid="token-dialog"] [data-resource]')].map(
      (node) => node.dataset.resource,
    )
    expect(groups).toEqual(['report', 'result'])
    expect(body().textContent).toContain('查看进度填报')
  })

  it('needs a name and a scope before asking the server', async () => {
    mountDialog()
    await settle()
    byTestId('token-submit')?.click()
    await settle(150)
    expect(body().textContent).toContain('请输入令牌名称')
    expect(body().textContent).toContain('请至少选择一个权限范围')
    expect(fetchMock).not.toHaveBeenCalled()
  })

  it('shows the secret once, with a warning and a copy button, and forgets it when closed', async () => {
    fetchMock.mockResolvedValue(
      Response.json({ data: { createApiToken: { token: TOKEN, secret: SECRET, errors: [] } } }),
    )
    const writeText = vi.fn(async () => undefined)
    vi.stubGlobal('navigator', { ...navigator, clipboard: { writeText } })
    const { open, created } = mountDialog()
    await settle()

    const name = document.querySelector<HTMLInputElement>('[data-testid="token-name"]')!
    name.value = '数据共享平台'
    name.dispatchEvent(new Event('input'))
    document.querySelector<HTMLElement>('[data-code="report:read"] input')!.click()
    await settle()
    byTestId('token-submit')?.click()
    await settle(50)

    const request = JSON.parse(String((fetchMock.mock.calls[0] as [string, RequestInit])[1].body))
    expect(request.variables.input).toEqual({ name: '数据共享平台', scopes: ['report:read'], expiresInDays: 90 })
    expect(created).toEqual([TOKEN])
    expect(open.value).toBe(false)

    const shown = document.querySelector<HTMLInputElement>('[data-testid="secret-value"]')
    expect(shown?.value).toBe(SECRET)
    expect(shown?.readOnly).toBe(true)
    expect(byTestId('secret-dialog')?.textContent).toContain('关闭此窗口后将无法再次查看')

    byTestId('secret-copy')?.click()
    await settle()
    expect(writeText).toHaveBeenCalledWith(SECRET)

    byTestId('secret-done')?.click()
    await settle(400)
    expect(document.querySelector('[data-testid="secret-value"]')).toBeNull()
    expect(body().innerHTML).not.toContain(SECRET)
    // The created token the page keeps has only the prefix.
    expect(JSON.stringify(created)).not.toContain(SECRET)
  })

  it('shows the server’s refusal at its field and keeps the dialog open', async () => {
    fetchMock.mockResolvedValue(
      Response.json({
        data: {
          createApiToken: {
            token: null,
            secret: null,
            errors: [{ code: 'INVALID', message: '有效期须在 1 到 365 天之间', field: 'expiresInDays' }],
          },
        },
      }),
    )
    const { open } = mountDialog()
    await settle()
    const name = document.querySelector<HTMLInputElement>('[data-testid="token-name"]')!
    name.value = 'x'
    name.dispatchEvent(new Event('input'))
    document.querySelector<HTMLElement>('[data-code="result:read"] input')!.click()
    await settle()
    byTestId('token-submit')?.click()
    await settle(200)
    expect(open.value).toBe(true)
    expect(byTestId('token-dialog')?.textContent).toContain('有效期须在 1 到 365 天之间')
    expect(byTestId('secret-value')).toBeNull()
  })
})
