import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { leaveSupport, supportTarget } from '@/api/supportMode'
import { createAppI18n } from '@/locales'
import { vPermission } from '@/permissions/directive'
import { useViewerStore } from '@/stores/viewer'
import { fakeGraphQL } from '@/testing/graphql'
import { testRouter } from '@/testing/router'
import { signedInViewer } from '@/testing/viewers'
import MyGrantsView from '../MyGrantsView.vue'
import SupportGrantsView from '../SupportGrantsView.vue'

function grant(id: string, overrides: Record<string, unknown> = {}) {
  return {
    id,
    operatorUsername: 'wangyunwei',
    operatorName: '王运维',
    reason: '工单 2026-118：排名显示异常',
    grantedAt: '2026-12-06T01:00:00Z',
    grantedBy: '马安全',
    expiresAt: '2026-12-06T05:00:00Z',
    revokedAt: null,
    revokedBy: null,
    live: true,
    ...overrides,
  }
}

function mountView(view: typeof SupportGrantsView | typeof MyGrantsView, answers: Record<string, unknown>, permissions: string[]) {
  const fake = fakeGraphQL(answers as Record<string, Record<string, unknown>>)
  vi.stubGlobal('fetch', fake.fetch)
  useViewerStore().viewer = signedInViewer({ permissions })
  const wrapper = mount(view, {
    global: { plugins: [createAppI18n('zh-CN'), testRouter()], directives: { permission: vPermission } },
    attachTo: document.body,
  })
  return { wrapper, fake }
}

describe('support access', { timeout: 20_000 }, () => {
  beforeEach(() => setActivePinia(createPinia()))
  afterEach(() => {
    vi.unstubAllGlobals()
    leaveSupport()
    document.body.innerHTML = ''
  })

  it('shows the security admin each grant with its state, and revokes a live one after confirmation', async () => {
    const ended = grant('g2', { operatorName: '李运维', live: false, revokedAt: '2026-12-05T03:00:00Z', revokedBy: '马安全' })
    const { wrapper, fake } = mountView(
      SupportGrantsView,
      {
        SupportGrants: { supportGrants: [grant('g1'), ended] },
        RevokeSupportAccess: { revokeSupportAccess: { grant: grant('g1', { live: false, revokedAt: '2026-12-06T02:00:00Z' }), errors: [] } },
      },
      ['support:grant'],
    )
    await flushPromises()
    const rows = wrapper.findAll('[data-testid="support-status"]').map((tag) => tag.text())
    expect(rows).toEqual(['有效', '已撤销'])
    expect(wrapper.findAll('[data-testid="support-revoke"]')).toHaveLength(1)
    await wrapper.get('[data-testid="support-revoke"]').trigger('click')
    await flushPromises()
    expect(document.body.textContent).toContain('撤销对「王运维」的授权？')
    document.querySelector<HTMLElement>('.el-message-box__btns .el-button--danger')?.click()
    await vi.waitFor(() => expect(fake.names()).toContain('RevokeSupportAccess'))
    await flushPromises()
    expect(fake.sent.at(-1)).toEqual({ name: 'RevokeSupportAccess', variables: { id: 'g1' } })
    expect(wrapper.findAll('[data-testid="support-status"]').map((tag) => tag.text())).toEqual(['已撤销', '已撤销'])
  })

  it('lists what the operator read under a grant', async () => {
    const { wrapper } = mountView(
      SupportGrantsView,
      {
        SupportGrants: { supportGrants: [grant('g1')] },
        SupportGrantActivity: {
          supportGrantActivity: [
            { id: 'e2', at: '2026-12-06T01:20:00Z', action: 'unit.create', outcome: 'REFUSED', after: '{"arguments": {}}', reason: '只读', clientAddress: '10.0.0.9' },
            { id: 'e1', at: '2026-12-06T01:10:00Z', action: 'support.read', outcome: 'SUCCESS', after: '{"operation": "Rankings", "fields": ["rankings"]}', reason: null, clientAddress: '10.0.0.9' },
          ],
        },
      },
      ['support:grant'],
    )
    await flushPromises()
    await wrapper.get('[data-testid="support-activity-open"]').trigger('click')
    await flushPromises()
    const shown = document.querySelector('[data-testid="support-activity"]')?.textContent ?? ''
    expect(shown).toContain('「王运维」的访问记录')
    expect(shown).toContain('rankings')
    expect(shown).toContain('修改（已拒绝）')
    expect(shown).toContain('unit.create')
  })

  it('lets an operator enter a tenant that granted it, read-only', async () => {
    const { wrapper } = mountView(
      MyGrantsView,
      {
        MySupportGrants: {
          mySupportGrants: [
            { tenantCode: 'jinfeng', tenantName: '金凤区', reason: '工单', grantedAt: '2026-12-06T01:00:00Z', grantedBy: '马安全', expiresAt: '2026-12-06T05:00:00Z', revokedAt: null, live: true },
            { tenantCode: 'xixia', tenantName: '西夏区', reason: '工单', grantedAt: '2026-12-01T01:00:00Z', grantedBy: '赵安全', expiresAt: '2026-12-01T05:00:00Z', revokedAt: null, live: false },
          ],
        },
        Viewer: { viewer: signedInViewer({ permissions: ['result:read'] }) },
      },
      ['support:access'],
    )
    await flushPromises()
    const enter = wrapper.findAll('[data-testid="support-enter"]')
    expect(enter).toHaveLength(1)
    await enter[0]!.trigger('click')
    await flushPromises()
    expect(supportTarget()).toEqual({ code: 'jinfeng', name: '金凤区', expiresAt: '2026-12-06T05:00:00Z' })
  })
})
