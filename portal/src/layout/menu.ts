import { HomeFilled } from '@element-plus/icons-vue'
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
  path?: string
  icon?: Component
  children?: readonly MenuEntry[]
}

/** The portal's menu; later issues add their pages here with their permission codes. */
export const MENU: readonly MenuEntry[] = [
  { key: '/', path: '/', titleKey: 'menu.home', permission: null, icon: HomeFilled },
]

/** The entries the viewer may see; a group without visible children is dropped. */
export function visibleMenu(entries: readonly MenuEntry[], granted: readonly string[]): MenuEntry[] {
  const visible: MenuEntry[] = []
  for (const entry of entries) {
    if (entry.permission !== null && !permits(granted, entry.permission)) continue
    if (entry.children) {
      const children = visibleMenu(entry.children, granted)
      if (children.length > 0) visible.push({ ...entry, children })
    } else {
      visible.push(entry)
    }
  }
  return visible
}
