import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { Notification } from '@/api/notices'
import { createAppI18n } from '@/locales'
import { badgeText, markedRead, notificationTarget, useNotificationsStore } from '@/stores/notifications'
import { useViewerStore } from '@/stores/viewer'
import { fakeGraphQL, type Answer } from '@/testing/graphql'
import { testRouter } from '@/testing/router'
import { signedInViewer } from '@/testing/viewers'
import NotificationBell from '../NotificationBell.vue'

const READER = ['assignment:read', 'report:write', 'notice:read']

function notification(overrides: Partial<Notification> = {}): Notification {
  return {
    id: 'n1',
    kind: 'NOTICE',
    title: '请阅读通知：关于报送第一季度进度的通知',
    body: '考评办提醒您阅读通知，请登录系统查看。',
    targetType: 'notice',
    targetId: 'Tm90aWNlOjE=',
    createdAt: '2015-04-01T02:00:00+00:00',
    readAt: null,
    ...overrides,
  }
}

function notice(id: string, title: string) {
  return {
    id,
    title,
    bodyHtml: '<p>正文</p>',
    status: 'PUBLISHED',
    pinned: false,
    expiresAt: null,
    publishedAt: '2015-04-01T01:00:00+00:00',
    createdAt: '2015-04-01T00:00:00+00:00',
    updatedAt: '2015-04-01T00:00:00+00:00',
    authorName: '考评办 王主任',
    readAt: null,
    readCount: null,
    audienceCount: null,
    audience: { everyone: true, roles: [], users: [], units: [] },
    attachments: [],
  }
}

function useServer(answers: Record<string, Answer>) {
  const fake = fakeGraphQL(answers)
  vi.stubGlobal('fetch', fake.fetch)
  return fake
}

describe('the bell’s logic', () => {
  it('adds unread notices and notifications on the badge, and hides it at zero', () => {
    expect(badgeText({ notices: 1, notifications: 2 })).toBe('3')
    expect(badgeText({ notices: 0, notifications: 0 })).toBe('')
    expect(badgeText({ notices: 120, notifications: 0 })).toBe('99+')
  })

  it('marks one notification read without touching the others', () => {
    const items = [notification(), notification({ id: 'n2' })]
    const next = markedRead(items, 'n1', '2015-04-02T00:00:00Z')
    expect(next[0]?.readAt).toBe('2015-04-02T00:00:00Z')
    expect(next[1]?.readAt).toBeNull()
    expect(items[0]?.readAt).toBeNull()
  })

  it('leads a notice’s notification to the notice', () => {
    expect(notificationTarget(notification())).toEqual({ name: 'notice-read', params: { id: 'Tm90aWNlOjE=' } })
    expect(notificationTarget(notification({ kind: 'WORKFLOW', targetType: 'result_run', targetId: null }))).toEqual({ name: 'rankings' })
    expect(notificationTarget(notification({ targetType: 'user', targetId: null }))).toBeNull()
  })

  it('leads a workflow notification to the first page of its subject the viewer may open', () => {
    const returned = notification({ kind: 'WORKFLOW', targetType: 'progress_report', targetId: 'UHJvZ3Jlc3NSZXBvcnQ6MQ==' })
    expect(notificationTarget(returned, (name) => name === 'progress-reports')).toEqual({ name: 'progress-reports' })
    expect(notificationTarget(returned, (name) => name === 'report-approvals')).toEqual({ name: 'report-approvals' })
    expect(notificationTarget(returned, (name) => name === 'report-verification')).toEqual({ name: 'report-verification' })
    expect(notificationTarget(returned, () => false)).toBeNull()
    const reminder = notification({ kind: 'REMINDER', targetType: 'scheme', targetId: null })
    expect(notificationTarget(reminder, (name) => name === 'supervision')).toEqual({ name: 'supervision' })
    const supervised = notification({ kind: 'WORKFLOW', targetType: 'supervision_notice', targetId: null })
    expect(notificationTarget(supervised)).toEqual({ name: 'supervision' })
  })
})

describe('the bell store', () => {
  beforeEach(() => setActivePinia(createPinia()))
  afterEach(() => vi.unstubAllGlobals())

  it('asks nothing for operators and visitors', async () => {
    const fake = useServer({})
    useViewerStore().viewer = signedInViewer({ kind: 'operator', tenant: null, permissions: ['tenant:read'] })
    await useNotificationsStore().refreshCounts()
    expect(fake.sent).toEqual([])
  })

  it('loads counts, notifications and unread notices; marking read lowers the count', async () => {
    const fake = useServer({
      MyNotifications: { unreadCounts: { notices: 1, notifications: 2 }, myNotifications: { nodes: [notification(), notification({ id: 'n2' })] } },
      MyNotices: { myNotices: { nodes: [notice('x1', '关于报送第一季度进度的通知')], pageInfo: { hasNextPage: false, endCursor: null } } },
      MarkNotificationsRead: { markNotificationsRead: { marked: 1, unread: 1, errors: [] } },
      MarkAllNotificationsRead: { markAllNotificationsRead: { marked: 1, unread: 0, errors: [] } },
    })
    useViewerStore().viewer = signedInViewer({ permissions: READER })
    const bell = useNotificationsStore()
    await bell.refresh()
    expect(bell.badge).toBe('3')
    expect(bell.unreadNotices.map((n) => n.title)).toEqual(['关于报送第一季度进度的通知'])
    expect(fake.sent.find((op) => op.name === 'MyNotices')?.variables).toEqual({ first: 5, unreadOnly: true })

    await bell.markRead('n1')
    expect(fake.sent.at(-1)).toEqual({ name: 'MarkNotificationsRead', variables: { ids: ['n1'] } })
    expect(bell.counts.notifications).toBe(1)
    expect(bell.items[0]?.readAt).not.toBeNull()

    await bell.markAll()
    expect(bell.counts.notifications).toBe(0)
    expect(bell.items.every((item) => item.readAt)).toBe(true)
  })

  it('does not ask for notices without notice:read (the audit administrator)', async () => {
    const fake = useServer({
      MyNotifications: { unreadCounts: { notices: 0, notifications: 1 }, myNotifications: { nodes: [notification({ kind: 'ALERT' })] } },
    })
    useViewerStore().viewer = signedInViewer({ permissions: ['audit:read'] })
    await useNotificationsStore().refresh()
    expect(fake.names()).toEqual(['MyNotifications'])
  })
})

describe('NotificationBell', () => {
  beforeEach(() => setActivePinia(createPinia()))
  afterEach(() => {
    vi.unstubAllGlobals()
    document.body.innerHTML = ''
  })

  it('shows the unread count, opens the newest, and leads to a notice', async () => {
    const fake = useServer({
      UnreadCounts: { unreadCounts: { notices: 1, notifications: 1 } },
      MyNotifications: { unreadCounts: { notices: 1, notifications: 1 }, myNotifications: { nodes: [notification()] } },
      MyNotices: { myNotices: { nodes: [notice('x1', '关于报送第一季度进度的通知')], pageInfo: { hasNextPage: false, endCursor: null } } },
      MarkNotificationsRead: { markNotificationsRead: { marked: 1, unread: 0, errors: [] } },
    })
    useViewerStore().viewer = signedInViewer({ permissions: READER })
    const router = testRouter()
    await router.push('/')
    const wrapper = mount(NotificationBell, { global: { plugins: [createAppI18n('zh-CN'), router] }, attachTo: document.body })
    await flushPromises()
    expect(wrapper.get('[data-testid="bell-badge"]').text()).toContain('2')
    expect(wrapper.get('[data-testid="bell"]').attributes('aria-label')).toBe('消息通知（2 条未读）')

    // Opening the popover (its click handling needs a real browser: the e2e test clicks it).
    wrapper.findComponent({ name: 'ElPopover' }).vm.$emit('update:visible', true)
    await flushPromises()
    expect(fake.names()).toContain('MyNotifications')
    const panel = document.querySelector('[data-testid="bell-panel"]')
    expect(panel?.textContent).toContain('关于报送第一季度进度的通知')
    expect(panel?.textContent).toContain('1 条通知公告未读')

    const push = vi.spyOn(router, 'push').mockResolvedValue(undefined)
    document.querySelector<HTMLElement>('[data-testid="bell-item-n1"]')?.click()
    await flushPromises()
    expect(fake.names()).toContain('MarkNotificationsRead')
    expect(push).toHaveBeenCalledWith({ name: 'notice-read', params: { id: 'Tm90aWNlOjE=' } })
    wrapper.unmount()
  })

  it('is not there for a platform operator', async () => {
    useServer({})
    useViewerStore().viewer = signedInViewer({ kind: 'operator', tenant: null })
    const wrapper = mount(NotificationBell, { global: { plugins: [createAppI18n('zh-CN'), testRouter()] } })
    await flushPromises()
    expect(wrapper.find('[data-testid="bell"]').exists()).toBe(false)
  })
})
