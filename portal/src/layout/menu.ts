import { Document, HomeFilled, Lock, Setting, User, UserFilled } from '@element-plus/icons-vue'
import type { Component } from 'vue'
import { permits } from '@/permissions/permission'

/** One entry of the side menu: a page (`path`) or a group of entries (`children`). */
export interface MenuEntry {
  /** Unique key; pages use their path. */
  key: string
  /** i18n key of the title. */
  titleKey: string
  /** Permission code (`resource:action`) needed to see the entry; `null` means every visitor. */
  permission: string | null
  /** Only for signed-in users (whatever their permissions), e.g. their own account. */
  signedIn?: boolean
  path?: string
  icon?: Component
  children?: readonly MenuEntry[]
}

/** The portal's menu; each page's permission code matches its route's `meta.permission`. */
export const MENU: readonly MenuEntry[] = [
  { key: '/', path: '/', titleKey: 'menu.home', permission: null, icon: HomeFilled },
  {
    key: 'system',
    titleKey: 'menu.system',
    permission: null,
    icon: Setting,
    children: [
      { key: '/system/users', path: '/system/users', titleKey: 'menu.users', permission: 'user:read', icon: User },
      { key: '/system/roles', path: '/system/roles', titleKey: 'menu.roles', permission: 'role:read', icon: Lock },
      { key: '/system/audit', path: '/system/audit', titleKey: 'menu.audit', permission: 'audit:read', icon: Document },
    ],
  },
  { key: '/account', path: '/account', titleKey: 'menu.account', permission: null, signedIn: true, icon: UserFilled },
]

/** The entries the viewer may see; a group without visible children is dropped. */
export function visibleMenu(entries: readonly MenuEntry[], granted: readonly string[], signedIn = false): MenuEntry[] {
  const visible: MenuEntry[] = []
  for (const entry of entries) {
    if (entry.signedIn && !signedIn) continue
    if (entry.permission !== null && !permits(granted, entry.permission)) continue
    if (entry.children) {
      const children = visibleMenu(entry.children, granted, signedIn)
      if (children.length > 0) visible.push({ ...entry, children })
    } else {
      visible.push(entry)
    }
  }
  return visible
}
