import {
  Bell,
  ChatLineSquare,
  Connection,
  DataBoard,
  DataAnalysis,
  DataLine,
  Document,
  Download,
  EditPen,
  Files,
  Histogram,
  HomeFilled,
  Key,
  Lock,
  Message,
  Monitor,
  Money,
  OfficeBuilding,
  Operation,
  Platform,
  Setting,
  SetUp,
  Star,
  Sunny,
  Tickets,
  Tools,
  TrendCharts,
  Trophy,
  User,
  UserFilled,
} from '@element-plus/icons-vue'
import type { Component } from 'vue'
import { type PermissionCode, permits, type PermissionRequirement } from '@/permissions/permission'
import { CYCLE_MENU } from '@/views/cycle/pages'

/** One entry of the side menu: a page (`path`) or a group of entries (`children`). */
export interface MenuEntry {
  /** Unique key; pages use their path. */
  key: string
  /** i18n key of the title. */
  titleKey: string
  /** Permission code (`resource:action`), or codes of which any one suffices, to see the entry; `null`: every visitor. */
  permission: PermissionRequirement | null
  /** Only for signed-in users (whatever their permissions), e.g. their own account. */
  signedIn?: boolean
  path?: string
  icon?: Component
  children?: readonly MenuEntry[]
}

/** Whoever computes, approves or publishes results uses the runs page. */
export const RUN_PERMISSIONS: readonly PermissionCode[] = ['result:compute', 'result:approve', 'result:publish']

/** Units appeal, the office handles appeals, scorers and monitoring departments answer them. */
export const APPEAL_PERMISSIONS: readonly PermissionCode[] = ['appeal:write', 'appeal:handle', 'score:write']

/** The portal's menu; each page's permission code matches its route's `meta.permission`. */
export const MENU: readonly MenuEntry[] = [
  { key: '/', path: '/', titleKey: 'menu.home', permission: null, icon: HomeFilled },
  CYCLE_MENU,
  {
    key: 'results',
    titleKey: 'menu.results',
    permission: null,
    icon: TrendCharts,
    children: [
      { key: '/results', path: '/results', titleKey: 'menu.rankings', permission: 'result:read', icon: Trophy },
      {
        key: '/results/compare',
        path: '/results/compare',
        titleKey: 'menu.compare',
        permission: 'result:read',
        icon: DataAnalysis,
      },
      {
        key: '/results/trends',
        path: '/results/trends',
        titleKey: 'across.menu',
        permission: 'result:read',
        icon: DataLine,
      },
      { key: '/dashboard', path: '/dashboard', titleKey: 'dashboard.menu', permission: 'supervision:read', icon: Monitor },
      {
        key: '/results/runs',
        path: '/results/runs',
        titleKey: 'menu.runs',
        permission: RUN_PERMISSIONS,
        icon: Operation,
      },
      { key: '/results/bonus', path: '/results/bonus', titleKey: 'menu.bonus', permission: 'bonus:read', icon: Money },
      { key: '/appeals', path: '/appeals', titleKey: 'appeals.menu', permission: APPEAL_PERMISSIONS, icon: ChatLineSquare },
      { key: '/surveys', path: '/surveys', titleKey: 'surveys.menu', permission: 'survey:manage', icon: Star },
      { key: '/results/public', path: '/results/public', titleKey: 'publicResults.menu', permission: 'result:publish', icon: Sunny },
    ],
  },
  {
    key: 'city',
    titleKey: 'city.menu',
    permission: null,
    icon: Connection,
    children: [
      { key: '/city/rankings', path: '/city/rankings', titleKey: 'city.rankingMenu', permission: 'scheme:read', icon: Histogram },
      { key: '/city/received', path: '/city/received', titleKey: 'city.receivedMenu', permission: 'scheme:read', icon: Download },
      { key: '/city/compare', path: '/city/compare', titleKey: 'city.compareMenu', permission: 'scheme:read', icon: DataBoard },
    ],
  },
  {
    key: 'setup',
    titleKey: 'menu.setup',
    permission: null,
    icon: Tools,
    children: [
      { key: '/setup/schemes', path: '/setup/schemes', titleKey: 'menu.schemes', permission: 'scheme:read', icon: Files },
      {
        key: '/setup/units',
        path: '/setup/units',
        titleKey: 'menu.units',
        permission: 'unit:read',
        icon: OfficeBuilding,
      },
    ],
  },
  {
    key: 'notices',
    titleKey: 'nav.notices',
    permission: null,
    icon: Bell,
    children: [
      { key: '/notices', path: '/notices', titleKey: 'nav.myNotices', permission: 'notice:read', icon: Message },
      {
        key: '/notices/manage',
        path: '/notices/manage',
        titleKey: 'nav.manageNotices',
        permission: 'notice:write',
        icon: EditPen,
      },
    ],
  },
  {
    key: 'system',
    titleKey: 'menu.system',
    permission: null,
    icon: Setting,
    children: [
      { key: '/system/users', path: '/system/users', titleKey: 'menu.users', permission: 'user:read', icon: User },
      { key: '/system/roles', path: '/system/roles', titleKey: 'menu.roles', permission: 'role:read', icon: Lock },
      { key: '/system/audit', path: '/system/audit', titleKey: 'menu.audit', permission: 'audit:read', icon: Document },
      {
        key: '/system/sign-ins',
        path: '/system/sign-ins',
        titleKey: 'nav.signInLog',
        permission: 'audit:read',
        icon: Tickets,
      },
      {
        key: '/system/support',
        path: '/system/support',
        titleKey: 'support.menu',
        permission: 'support:grant',
        icon: Key,
      },
      {
        key: '/system/settings',
        path: '/system/settings',
        titleKey: 'menu.settings',
        permission: 'setting:read',
        icon: SetUp,
      },
    ],
  },
  {
    key: 'operator',
    titleKey: 'nav.operator',
    permission: null,
    icon: Platform,
    children: [
      {
        key: '/operator/tenants',
        path: '/operator/tenants',
        titleKey: 'nav.tenants',
        permission: 'tenant:read',
        icon: OfficeBuilding,
      },
      {
        key: '/operator/support',
        path: '/operator/support',
        titleKey: 'support.mine.menu',
        permission: 'support:access',
        icon: Key,
      },
      {
        key: '/operator/templates',
        path: '/operator/templates',
        titleKey: 'templates.menu',
        permission: 'template:manage',
        icon: Files,
      },
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
