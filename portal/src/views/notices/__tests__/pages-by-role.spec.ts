import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { MENU, visibleMenu } from '@/layout/menu'
import { createAppI18n } from '@/locales'
import { vPermission } from '@/permissions/directive'
import { useViewerStore } from '@/stores/viewer'
import { fakeGraphQL } from '@/testing/graphql'
import { testRouter } from '@/testing/router'
import { signedInViewer } from '@/testing/viewers'
import { ROLE_PERMISSIONS } from '@/views/home/__tests__/roles'
import SignInLogView from '@/views/system/SignInLogView.vue'
import NoticesView from '../NoticesView.vue'

const MY_PAGES = ['/notices', '/notices/manage', '/system/sign-ins', '/operator/tenants']

function myPages(role: string): string[] {
  const keys = (entries: ReturnType<typeof visibleMenu>): string[] =>
    entries.flatMap((entry) => [entry.key, ...(entry.children ? keys([...entry.children]) : [])])
  return keys(visibleMenu(MENU, ROLE_PERMISSIONS[role] ?? [], true)).filter((key) => MY_PAGES.includes(key))
}

describe('the notices, sign-in log and tenants menus by role', () => {
  it('gives the office both notice pages', () => {
    expect(myPages('office')).toEqual(['/notices', '/notices/manage'])
  })

  it('gives every appraisal role its notices, but not the office’s list', () => {
    for (const role of ['leadership', 'scoring_leader', 'monitoring_dept', 'supervision', 'unit_reporter', 'unit_head', 'finance']) {
      expect(myPages(role)).toEqual(['/notices'])
    }
  })

  it('gives the audit administrator the sign-in log, and the other administrators none of these', () => {
    expect(myPages('audit_admin')).toEqual(['/system/sign-ins'])
    expect(myPages('tenant_admin')).toEqual([])
    expect(myPages('security_admin')).toEqual([])
  })

  it('gives platform operators the tenants only', () => {
    expect(myPages('platform_operator')).toEqual(['/operator/tenants'])
  })
})

const page = <T>(nodes: T[]) => ({ nodes, pageInfo: { hasNextPage: false, endCursor: null } })

async function mountAs<T>(component: T, permissions: readonly string[], answers: Record<string, unknown>) {
  const fake = fakeGraphQL(answers as Record<string, Record<string, unknown>>)
  vi.stubGlobal('fetch', fake.fetch)
  useViewerStore().viewer = signedInViewer({ permissions: [...permissions] })
  const wrapper = mount(component as never, {
    global: { plugins: [createAppI18n('zh-CN'), testRouter()], directives: { permission: vPermission } },
    attachTo: document.body,
  })
  await flushPromises()
  return { wrapper, fake }
}

const shown = (wrapper: { find: (s: string) => { exists: () => boolean; element: Element } }, testid: string) => {
  const found = wrapper.find(`[data-testid="${testid}"]`)
  // v-permission hides the element or one around it.
  return found.exists() && found.element.closest('[style*="display: none"]') === null
}

// Mounting pages with Element Plus's date pickers takes a while the first time.
describe('buttons by permission', { timeout: 20_000 }, () => {
  beforeEach(() => setActivePinia(createPinia()))
  afterEach(() => {
    vi.unstubAllGlobals()
    document.body.innerHTML = ''
  })

  it('lets the audit administrator export the sign-in log, and hides export without audit:export', async () => {
    const attempt = { id: 's1', at: '2015-04-01T00:00:00Z', username: 'tianbao', outcome: 'FAILED', reason: '密码错误', clientAddress: '10.0.0.8', userAgent: 'Chromium' }
    const admin = await mountAs(SignInLogView, ROLE_PERMISSIONS.audit_admin ?? [], { SignInLog: { signInLog: page([attempt]) } })
    expect(shown(admin.wrapper, 'signins-export-csv')).toBe(true)
    expect(admin.wrapper.get('[data-testid="signins-table"]').text()).toContain('密码错误')
    expect(admin.wrapper.get('[data-testid="signins-table"]').text()).toContain('失败')
    admin.wrapper.unmount()

    const reader = await mountAs(SignInLogView, ['audit:read'], { SignInLog: { signInLog: page([]) } })
    expect(shown(reader.wrapper, 'signins-export-csv')).toBe(false)
  })

  it('searches the sign-in log by the filters', async () => {
    const { wrapper, fake } = await mountAs(SignInLogView, ['audit:read'], { SignInLog: { signInLog: page([]) } })
    await wrapper.get('input[data-testid="signins-username"]').setValue(' tianbao ')
    await wrapper.get('[data-testid="signins-filters"]').trigger('submit')
    await flushPromises()
    expect(fake.sent.at(-1)?.variables.filter).toMatchObject({ username: 'tianbao', outcome: null })
  })

  it('shows the office the create, publish and delete buttons of notices', async () => {
    const notice = {
      id: 'n1',
      title: '关于报送第一季度工作进度的通知',
      bodyHtml: '<p>x</p>',
      status: 'DRAFT',
      pinned: false,
      expiresAt: null,
      publishedAt: null,
      createdAt: '2015-04-01T00:00:00Z',
      updatedAt: '2015-04-01T00:00:00Z',
      authorName: '考评办 王主任',
      readAt: null,
      readCount: 0,
      audienceCount: 2,
      audience: { everyone: true, roles: [], users: [], units: [] },
      attachments: [],
    }
    const { wrapper } = await mountAs(NoticesView, ROLE_PERMISSIONS.office ?? [], { Notices: { notices: page([notice]) } })
    expect(shown(wrapper, 'notice-create')).toBe(true)
    const actions = wrapper.get('[data-testid="notice-actions-n1"]')
    expect(actions.find('[data-testid="notice-publish"]').exists()).toBe(true)
    expect(actions.find('[data-testid="notice-withdraw"]').exists()).toBe(false)
    expect(wrapper.get('[data-testid="notice-status-n1"]').text()).toBe('草稿')
  })
})
