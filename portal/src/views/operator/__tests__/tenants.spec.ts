import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createAppI18n } from '@/locales'
import { vPermission } from '@/permissions/directive'
import { useViewerStore } from '@/stores/viewer'
import { fakeGraphQL } from '@/testing/graphql'
import { testRouter } from '@/testing/router'
import { signedInViewer } from '@/testing/viewers'
import { TENANT_CODE } from '../tenants'
import TenantsView from '../TenantsView.vue'

const OPERATOR = ['tenant:read', 'tenant:create', 'tenant:suspend']

function tenant(code: string, name: string, overrides: Record<string, unknown> = {}) {
  return {
    id: `VGVuYW50OiR7${code}`,
    code,
    name,
    level: 'DISTRICT',
    status: 'ACTIVE',
    createdAt: '2015-01-01T00:00:00Z',
    provisionedAt: '2015-01-01T00:00:01Z',
    parent: { code: 'yinchuan', name: '银川市' },
    ...overrides,
  }
}

const TENANTS = [tenant('yinchuan', '银川市', { level: 'CITY', parent: null }), tenant('jinfeng', '金凤区')]
const page = <T>(nodes: T[]) => ({ nodes, pageInfo: { hasNextPage: false, endCursor: null } })

async function mountConsole(permissions: string[], extra: Record<string, unknown> = {}) {
  const fake = fakeGraphQL({ Tenants: { tenants: page(TENANTS) }, ...extra } as Record<string, Record<string, unknown>>)
  vi.stubGlobal('fetch', fake.fetch)
  useViewerStore().viewer = signedInViewer({ kind: 'operator', tenant: null, permissions })
  const wrapper = mount(TenantsView, {
    global: { plugins: [createAppI18n('zh-CN'), testRouter()], directives: { permission: vPermission } },
    attachTo: document.body,
  })
  await flushPromises()
  return { wrapper, fake }
}

describe('the operator console', { timeout: 20_000 }, () => {
  beforeEach(() => setActivePinia(createPinia()))
  afterEach(() => {
    vi.unstubAllGlobals()
    document.body.innerHTML = ''
  })

  it('lists tenants with level, parent and status, and filters by status', async () => {
    const { wrapper, fake } = await mountConsole(OPERATOR)
    const table = wrapper.get('[data-testid="tenant-table"]').text()
    expect(table).toContain('金凤区')
    expect(table).toContain('银川市')
    expect(table).toContain('区级')
    expect(wrapper.get('[data-testid="tenant-status-jinfeng"]').text()).toBe('正常')
    await wrapper.get('[data-testid="tenant-filters"]').trigger('submit')
    await flushPromises()
    expect(fake.sent.at(-1)).toEqual({
      name: 'Tenants',
      variables: { first: 50, after: null, status: null, level: null, parentCode: null },
    })
  })

  it('suspends a tenant after confirmation', async () => {
    const { wrapper, fake } = await mountConsole(OPERATOR, {
      SuspendTenant: { suspendTenant: { tenant: tenant('jinfeng', '金凤区', { status: 'SUSPENDED' }), errors: [] } },
    })
    await wrapper.get('[data-testid="tenant-toggle-jinfeng"]').trigger('click')
    await flushPromises()
    expect(document.body.textContent).toContain('确定暂停租户“金凤区”吗？')
    document.querySelector<HTMLElement>('.el-message-box__btns .el-button--danger')?.click()
    await vi.waitFor(() => expect(fake.names()).toContain('SuspendTenant'))
    await flushPromises()
    expect(wrapper.get('[data-testid="tenant-status-jinfeng"]').text()).toBe('已暂停')
  })

  it('hides onboarding and suspension from an operator who may only look', async () => {
    const { wrapper } = await mountConsole(['tenant:read'])
    expect((wrapper.get('[data-testid="tenant-onboard"]').element as HTMLElement).style.display).toBe('none')
    expect(wrapper.find('[data-testid="tenant-toggle-jinfeng"]').exists()).toBe(false)
  })

  it('checks tenant codes as the server does', () => {
    expect(TENANT_CODE.test('jinfeng')).toBe(true)
    expect(TENANT_CODE.test('xi-xia2')).toBe(true)
    expect(TENANT_CODE.test('J')).toBe(false)
    expect(TENANT_CODE.test('金凤')).toBe(false)
  })
})
