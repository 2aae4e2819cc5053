/**
 * The quarterly-cycle pages: their routes and their side-menu group, with the permission code
 * each needs (jixiao/policies/permissions.py; which role holds which: jixiao/policies/defaults.py).
 */
import {
  Checked,
  DataLine,
  EditPen,
  Finished,
  Grid,
  Histogram,
  Medal,
  Search,
  Star,
  Tickets,
  Warning,
} from '@element-plus/icons-vue'
import type { RouteRecordRaw } from 'vue-router'
import type { MenuEntry } from '@/layout/menu'
import type { PermissionRequirement } from '@/permissions/permission'

/** Who may open each page: a route's `meta.permission` and its menu entry's are the same. */
export const CYCLE_PERMISSIONS = {
  /** The office decomposes; everyone in the cycle reads the tasks of their scope. */
  assignments: 'assignment:read',
  /** A unit's reporter fills in its progress. */
  reports: 'report:write',
  /** The unit head approves and sends up (领导已审 → 上报). */
  approvals: 'report:approve',
  /** The monitoring department verifies (进度核实); the office corrects a verified value (更正). */
  verification: ['report:verify', 'score:reopen'],
  /** Scorers score; the office and the leadership look, and the office reopens. */
  scoring: 'score:read',
  /** Raters enter ratings (score:write); the office enters adjustments (score:reopen). */
  ratings: ['score:write', 'score:reopen'],
  /** A 赋分领导 fills in their rating form (领导评价表). */
  ratingForm: 'score:write',
  /** The office gives leaders their units and follows who has rated whom. */
  ratingMatrix: 'score:reopen',
  /**
   * 明查暗访 (score:reopen, report:verify, supervision:write record them) and 创新奖 (units apply
   * with report:write or report:approve; the office recognises with score:reopen).
   */
  inspections: ['score:reopen', 'report:verify', 'supervision:write', 'report:write', 'report:approve'],
  /** Supervision reads the board and sends notices; a unit's reporter and head reply. */
  supervision: ['supervision:read', 'report:write', 'report:approve'],
} as const satisfies Record<string, PermissionRequirement>

/** Who may do what on the 明查暗访与创新奖 page. */
export const INSPECTION_PERMISSIONS = {
  inspections: ['score:reopen', 'report:verify', 'supervision:write'],
  /** Who reads inspections: their recorders, and readers of scores, supervision or results (a
   * unit reads its own: jixiao/scoring/entry/inspections.py READERS). */
  readInspections: ['score:reopen', 'report:verify', 'supervision:write', 'score:read', 'supervision:read', 'result:read'],
  awards: ['report:write', 'report:approve', 'score:reopen'],
  /** Recognise, reject and withdraw award decisions (考评办). */
  decide: 'score:reopen',
} as const satisfies Record<string, PermissionRequirement>

export const CYCLE_ROUTES: RouteRecordRaw[] = [
  {
    path: 'cycle/assignments',
    name: 'assignments',
    component: () => import('./AssignmentsView.vue'),
    meta: { titleKey: 'cycle.menu.assignments', permission: CYCLE_PERMISSIONS.assignments },
  },
  {
    path: 'cycle/reports',
    name: 'progress-reports',
    component: () => import('./ReportsView.vue'),
    meta: { titleKey: 'cycle.menu.reports', permission: CYCLE_PERMISSIONS.reports },
  },
  {
    path: 'cycle/approvals',
    name: 'report-approvals',
    component: () => import('./ApprovalsView.vue'),
    meta: { titleKey: 'cycle.menu.approvals', permission: CYCLE_PERMISSIONS.approvals },
  },
  {
    path: 'cycle/verification',
    name: 'report-verification',
    component: () => import('./VerificationView.vue'),
    meta: { titleKey: 'cycle.menu.verification', permission: CYCLE_PERMISSIONS.verification },
  },
  {
    path: 'cycle/scoring',
    name: 'scoring',
    component: () => import('./WorkbenchView.vue'),
    meta: { titleKey: 'cycle.menu.scoring', permission: CYCLE_PERMISSIONS.scoring },
  },
  {
    path: 'cycle/ratings',
    name: 'ratings',
    component: () => import('./RatingsView.vue'),
    meta: { titleKey: 'cycle.menu.ratings', permission: CYCLE_PERMISSIONS.ratings },
  },
  {
    path: 'cycle/rating-form',
    name: 'rating-form',
    component: () => import('./RatingFormView.vue'),
    meta: { titleKey: 'cycle.menu.ratingForm', permission: CYCLE_PERMISSIONS.ratingForm },
  },
  {
    path: 'cycle/rating-matrix',
    name: 'rating-matrix',
    component: () => import('./RatingMatrixView.vue'),
    meta: { titleKey: 'cycle.menu.ratingMatrix', permission: CYCLE_PERMISSIONS.ratingMatrix },
  },
  {
    path: 'cycle/inspections',
    name: 'inspections',
    component: () => import('./InspectionsView.vue'),
    meta: { titleKey: 'cycle.menu.inspections', permission: CYCLE_PERMISSIONS.inspections },
  },
  {
    path: 'cycle/supervision',
    name: 'supervision',
    component: () => import('./SupervisionView.vue'),
    meta: { titleKey: 'cycle.menu.supervision', permission: CYCLE_PERMISSIONS.supervision },
  },
]

/** The 考评过程 group of the side menu (shown when the viewer may open one of its pages). */
export const CYCLE_MENU: MenuEntry = {
  key: 'cycle',
  titleKey: 'cycle.menu.group',
  permission: null,
  icon: DataLine,
  children: [
    {
      key: '/cycle/assignments',
      path: '/cycle/assignments',
      titleKey: 'cycle.menu.assignments',
      permission: CYCLE_PERMISSIONS.assignments,
      icon: Tickets,
    },
    {
      key: '/cycle/reports',
      path: '/cycle/reports',
      titleKey: 'cycle.menu.reports',
      permission: CYCLE_PERMISSIONS.reports,
      icon: EditPen,
    },
    {
      key: '/cycle/approvals',
      path: '/cycle/approvals',
      titleKey: 'cycle.menu.approvals',
      permission: CYCLE_PERMISSIONS.approvals,
      icon: Checked,
    },
    {
      key: '/cycle/verification',
      path: '/cycle/verification',
      titleKey: 'cycle.menu.verification',
      permission: CYCLE_PERMISSIONS.verification,
      icon: Finished,
    },
    {
      key: '/cycle/scoring',
      path: '/cycle/scoring',
      titleKey: 'cycle.menu.scoring',
      permission: CYCLE_PERMISSIONS.scoring,
      icon: Histogram,
    },
    {
      key: '/cycle/ratings',
      path: '/cycle/ratings',
      titleKey: 'cycle.menu.ratings',
      permission: CYCLE_PERMISSIONS.ratings,
      icon: Medal,
    },
    {
      key: '/cycle/rating-form',
      path: '/cycle/rating-form',
      titleKey: 'cycle.menu.ratingForm',
      permission: CYCLE_PERMISSIONS.ratingForm,
      icon: Star,
    },
    {
      key: '/cycle/rating-matrix',
      path: '/cycle/rating-matrix',
      titleKey: 'cycle.menu.ratingMatrix',
      permission: CYCLE_PERMISSIONS.ratingMatrix,
      icon: Grid,
    },
    {
      key: '/cycle/inspections',
      path: '/cycle/inspections',
      titleKey: 'cycle.menu.inspections',
      permission: CYCLE_PERMISSIONS.inspections,
      icon: Search,
    },
    {
      key: '/cycle/supervision',
      path: '/cycle/supervision',
      titleKey: 'cycle.menu.supervision',
      permission: CYCLE_PERMISSIONS.supervision,
      icon: Warning,
    },
  ],
}
