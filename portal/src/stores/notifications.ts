import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import {
  BELL_SIZE,
  fetchBell,
  fetchMyNotices,
  fetchUnreadCounts,
  markAllNotificationsRead,
  markNotificationsRead,
  type Notice,
  type Notification,
  type UnreadCounts,
} from '@/api/notices'
import { permits } from '@/permissions/permission'
import { useViewerStore } from './viewer'

/** How often the bell asks for new counts while the portal is open. */
export const BELL_POLL_MS = 60_000

const NO_COUNTS: UnreadCounts = { notices: 0, notifications: 0 }

/** What the badge shows: unread notices and unread notifications together, "99+" beyond 99. */
export function badgeText(counts: UnreadCounts | null | undefined): string {
  const total = (counts?.notices ?? 0) + (counts?.notifications ?? 0)
  if (total <= 0) return ''
  return total > 99 ? '99+' : String(total)
}

/** Notifications with one marked read (a new array; the rest unchanged). */
export function markedRead(items: readonly Notification[], id: string, at: string): Notification[] {
  return items.map((item) => (item.id === id && !item.readAt ? { ...item, readAt: at } : item))
}

/**
 * Pages a notification about something without its own page may lead to, by what it is about,
 * in order of preference: the first one the viewer may open is taken (a return goes to the
 * reporter's reports, an approval to the head's desk, a deadline reminder of the office to the
 * supervision board…).
 */
const TARGET_PAGES: Record<string, readonly string[]> = {
  result_run: ['rankings'],
  progress_report: ['progress-reports', 'report-approvals', 'report-verification'],
  scheme: ['progress-reports', 'report-approvals', 'supervision'],
  supervision_notice: ['supervision'],
}

export type NotificationTarget = { name: string; params?: { id: string } }

/**
 * Where a notification leads: its notice, else the first page about what it is about that
 * `canOpen` allows (the bell asks the router's permission of each page), or nowhere.
 */
export function notificationTarget(
  item: Notification,
  canOpen: (name: string) => boolean = () => true,
): NotificationTarget | null {
  if (item.targetType === 'notice' && item.targetId) return { name: 'notice-read', params: { id: item.targetId } }
  const pages = item.targetType ? (TARGET_PAGES[item.targetType] ?? []) : []
  const page = pages.find(canOpen)
  return page ? { name: page } : null
}

/**
 * The header bell: unread counts (`unreadCounts`), the newest notifications and the newest
 * unread notices. Tenant users only: operators and visitors have no bell.
 */
export const useNotificationsStore = defineStore('notifications', () => {
  const counts = ref<UnreadCounts>({ ...NO_COUNTS })
  const items = ref<Notification[]>([])
  const unreadNotices = ref<Notice[]>([])
  const loading = ref(false)
  const error = ref<unknown>(null)

  const viewer = useViewerStore()
  const enabled = computed(() => viewer.authenticated && !viewer.isOperator && viewer.tenant !== null)
  const canReadNotices = computed(() => permits(viewer.permissions, 'notice:read'))
  const badge = computed(() => badgeText(counts.value))
  const unreadItems = computed(() => items.value.filter((item) => !item.readAt).length)

  function reset(): void {
    counts.value = { ...NO_COUNTS }
    items.value = []
    unreadNotices.value = []
    error.value = null
  }

  /** The counts alone (cheap: for polling and after reading a notice). */
  async function refreshCounts(): Promise<void> {
    if (!enabled.value) return reset()
    try {
      counts.value = await fetchUnreadCounts()
      error.value = null
    } catch (cause) {
      error.value = cause
    }
  }

  /** Everything the open dropdown shows. */
  async function refresh(): Promise<void> {
    if (!enabled.value) return reset()
    loading.value = true
    try {
      const [bell, notices] = await Promise.all([
        fetchBell(BELL_SIZE),
        canReadNotices.value ? fetchMyNotices({ first: 5, unreadOnly: true }) : Promise.resolve(null),
      ])
      counts.value = bell.unreadCounts
      items.value = bell.myNotifications.nodes
      unreadNotices.value = notices?.nodes ?? []
      error.value = null
    } catch (cause) {
      error.value = cause
    } finally {
      loading.value = false
    }
  }

  /** Mark one notification read: at once on screen, then on the server (its count wins). */
  async function markRead(id: string): Promise<void> {
    const item = items.value.find((candidate) => candidate.id === id)
    if (!item || item.readAt) return
    items.value = markedRead(items.value, id, new Date().toISOString())
    counts.value = { ...counts.value, notifications: Math.max(0, counts.value.notifications - 1) }
    const payload = await markNotificationsRead([id])
    if (payload.unread != null) counts.value = { ...counts.value, notifications: payload.unread }
  }

  async function markAll(): Promise<void> {
    const payload = await markAllNotificationsRead()
    const now = new Date().toISOString()
    items.value = items.value.map((item) => (item.readAt ? item : { ...item, readAt: now }))
    counts.value = { ...counts.value, notifications: payload.unread ?? 0 }
  }

  /** A notice was read (its reader page): it leaves the unread list and the count. */
  function noticeRead(id: string): void {
    const wasListed = unreadNotices.value.some((notice) => notice.id === id)
    unreadNotices.value = unreadNotices.value.filter((notice) => notice.id !== id)
    if (wasListed || counts.value.notices > 0) {
      counts.value = { ...counts.value, notices: Math.max(0, counts.value.notices - 1) }
    }
    void refreshCounts()
  }

  return {
    counts,
    items,
    unreadNotices,
    loading,
    error,
    enabled,
    canReadNotices,
    badge,
    unreadItems,
    reset,
    refresh,
    refreshCounts,
    markRead,
    markAll,
    noticeRead,
  }
})
