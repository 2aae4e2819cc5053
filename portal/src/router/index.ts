import { createRouter, createWebHistory, type RouteRecordRaw, type Router } from 'vue-router'
import type { PermissionRequirement } from '@/permissions/permission'
import AppLayout from '@/layout/AppLayout.vue'
import { APPEAL_PERMISSIONS, RUN_PERMISSIONS } from '@/layout/menu'
import { CYCLE_ROUTES } from '@/views/cycle/pages'
import { installGuards } from './guard'

declare module 'vue-router' {
  interface RouteMeta {
    /** i18n key of the page title shown in the browser tab. */
    titleKey?: string
    /** Open to visitors who are not signed in. */
    public?: boolean
    /** Only for visitors who are not signed in (the sign-in page): others go on to their page. */
    guestOnly?: boolean
    /** Permission code (`resource:action`), or a list of which any one suffices, to open the page. */
    permission?: PermissionRequirement
  }
}

/** Pages load on demand: each view is its own chunk. */
export const routes: RouteRecordRaw[] = [
  {
    path: '/login',
    name: 'login',
    component: () => import('@/views/auth/LoginView.vue'),
    meta: { titleKey: 'login.title', public: true, guestOnly: true },
  },
  {
    // 群众满意度测评: answered by the public on a phone, without an account.
    path: '/s/:key',
    name: 'public-survey',
    component: () => import('@/views/surveys/public/PublicSurveyView.vue'),
    meta: { titleKey: 'surveys.title', public: true },
  },
  {
    // 阳光考核: a tenant's disclosed results, read by the public on a phone, without an account.
    path: '/p/:slug',
    name: 'public-results',
    component: () => import('@/views/results/public/PublicResultsView.vue'),
    meta: { titleKey: 'publicPage.title', public: true },
  },
  {
    // 数据大屏: full screen, without the portal's menu and header.
    path: '/dashboard',
    name: 'dashboard',
    component: () => import('@/views/dashboard/DashboardView.vue'),
    meta: { titleKey: 'dashboard.menu', permission: 'supervision:read' },
  },
  {
    path: '/account/password',
    name: 'change-password',
    component: () => import('@/views/auth/ChangePasswordView.vue'),
    meta: { titleKey: 'password.title' },
  },
  {
    path: '/account/second-factor',
    name: 'second-factor',
    component: () => import('@/views/auth/SecondFactorView.vue'),
    meta: { titleKey: 'twoFactor.title' },
  },
  {
    path: '/',
    component: AppLayout,
    children: [
      {
        path: '',
        name: 'home',
        component: () => import('@/views/home/index.vue'),
        meta: { titleKey: 'menu.home', public: true },
      },
      {
        path: 'account',
        name: 'account',
        component: () => import('@/views/account/AccountView.vue'),
        meta: { titleKey: 'menu.account' },
      },
      ...CYCLE_ROUTES,
      {
        path: 'results',
        name: 'rankings',
        component: () => import('@/views/results/RankingsView.vue'),
        meta: { titleKey: 'menu.rankings', permission: 'result:read' },
      },
      {
        path: 'results/units/:unitCode',
        name: 'unit-result',
        component: () => import('@/views/results/UnitResultView.vue'),
        meta: { titleKey: 'unitResult.title', permission: 'result:read' },
      },
      {
        path: 'results/compare',
        name: 'compare',
        component: () => import('@/views/results/CompareView.vue'),
        meta: { titleKey: 'menu.compare', permission: 'result:read' },
      },
      {
        path: 'results/trends',
        name: 'trends',
        component: () => import('@/views/results/TrendsView.vue'),
        meta: { titleKey: 'across.menu', permission: 'result:read' },
      },
      {
        path: 'results/runs',
        name: 'runs',
        component: () => import('@/views/results/RunsView.vue'),
        meta: { titleKey: 'menu.runs', permission: RUN_PERMISSIONS },
      },
      {
        path: 'appeals',
        name: 'appeals',
        component: () => import('@/views/appeals/AppealsView.vue'),
        meta: { titleKey: 'appeals.menu', permission: APPEAL_PERMISSIONS },
      },
      {
        path: 'surveys',
        name: 'surveys',
        component: () => import('@/views/surveys/SurveysView.vue'),
        meta: { titleKey: 'surveys.menu', permission: 'survey:manage' },
      },
      {
        path: 'results/public',
        name: 'public-results-settings',
        component: () => import('@/views/results/PublicResultsSettingsView.vue'),
        meta: { titleKey: 'publicResults.menu', permission: 'result:publish' },
      },
      {
        path: 'city/rankings',
        name: 'city-rankings',
        component: () => import('@/views/city/CityRankingView.vue'),
        meta: { titleKey: 'city.rankingMenu', permission: 'scheme:read' },
      },
      {
        path: 'city/received',
        name: 'city-received',
        component: () => import('@/views/city/ReceivedItemsView.vue'),
        meta: { titleKey: 'city.receivedMenu', permission: 'scheme:read' },
      },
      {
        path: 'city/compare',
        name: 'city-compare',
        component: () => import('@/views/city/DistrictCompareView.vue'),
        meta: { titleKey: 'city.compareMenu', permission: 'scheme:read' },
      },
      {
        path: 'results/bonus',
        name: 'bonus',
        component: () => import('@/views/results/BonusView.vue'),
        meta: { titleKey: 'menu.bonus', permission: 'bonus:read' },
      },
      {
        path: 'setup/schemes',
        name: 'schemes',
        component: () => import('@/views/setup/SchemesView.vue'),
        meta: { titleKey: 'menu.schemes', permission: 'scheme:read' },
      },
      {
        path: 'setup/schemes/:code',
        name: 'scheme',
        component: () => import('@/views/setup/SchemeDetailView.vue'),
        meta: { titleKey: 'scheme.title', permission: 'scheme:read' },
      },
      {
        path: 'setup/units',
        name: 'units',
        component: () => import('@/views/setup/UnitsView.vue'),
        meta: { titleKey: 'menu.units', permission: 'unit:read' },
      },
      {
        path: 'system/users',
        name: 'users',
        component: () => import('@/views/system/UsersView.vue'),
        meta: { titleKey: 'menu.users', permission: 'user:read' },
      },
      {
        path: 'system/roles',
        name: 'roles',
        component: () => import('@/views/system/RolesView.vue'),
        meta: { titleKey: 'menu.roles', permission: 'role:read' },
      },
      {
        path: 'system/audit',
        name: 'audit',
        component: () => import('@/views/system/AuditView.vue'),
        meta: { titleKey: 'menu.audit', permission: 'audit:read' },
      },
      {
        path: 'notices',
        name: 'my-notices',
        component: () => import('@/views/notices/MyNoticesView.vue'),
        meta: { titleKey: 'nav.myNotices', permission: 'notice:read' },
      },
      {
        path: 'notices/manage',
        name: 'notices-manage',
        component: () => import('@/views/notices/NoticesView.vue'),
        meta: { titleKey: 'nav.manageNotices', permission: 'notice:write' },
      },
      {
        path: 'notices/:id',
        name: 'notice-read',
        component: () => import('@/views/notices/NoticeReaderView.vue'),
        meta: { titleKey: 'nav.noticeReader', permission: ['notice:read', 'notice:write'] },
      },
      {
        path: 'system/sign-ins',
        name: 'sign-in-log',
        component: () => import('@/views/system/SignInLogView.vue'),
        meta: { titleKey: 'nav.signInLog', permission: 'audit:read' },
      },
      {
        path: 'system/settings',
        name: 'settings',
        component: () => import('@/views/system/SettingsView.vue'),
        meta: { titleKey: 'menu.settings', permission: 'setting:read' },
      },
      {
        path: 'operator/tenants',
        name: 'tenants',
        component: () => import('@/views/operator/TenantsView.vue'),
        meta: { titleKey: 'nav.tenants', permission: 'tenant:read' },
      },
      {
        path: 'operator/support',
        name: 'my-support-grants',
        component: () => import('@/views/support/MyGrantsView.vue'),
        meta: { titleKey: 'support.mine.title', permission: 'support:access' },
      },
      {
        path: 'system/support',
        name: 'support-grants',
        component: () => import('@/views/support/SupportGrantsView.vue'),
        meta: { titleKey: 'support.title', permission: 'support:grant' },
      },
      {
        path: 'operator/templates',
        name: 'scheme-templates',
        component: () => import('@/views/operator/TemplatesView.vue'),
        meta: { titleKey: 'templates.menu', permission: 'template:manage' },
      },
      {
        path: '403',
        name: 'forbidden',
        component: () => import('@/views/error/Forbidden.vue'),
        meta: { titleKey: 'forbidden.title', public: true },
      },
      {
        path: ':pathMatch(.*)*',
        name: 'not-found',
        component: () => import('@/views/error/NotFound.vue'),
        meta: { titleKey: 'notFound.title', public: true },
      },
    ],
  },
]

export function createAppRouter(): Router {
  const router = createRouter({ history: createWebHistory(import.meta.env.BASE_URL), routes })
  installGuards(router)
  return router
}
