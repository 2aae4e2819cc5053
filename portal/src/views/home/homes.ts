import { type PermissionCode, permits } from '@/permissions/permission'

/** The home pages, one per kind of work; `welcome` for visitors who have not signed in. */
export type HomeKind =
  | 'welcome'
  | 'operator'
  | 'office'
  | 'leadership'
  | 'monitoring'
  | 'scoring'
  | 'unitHead'
  | 'reporter'
  | 'supervision'
  | 'general'

/** Who looks: as the viewer store has them. */
export interface HomeViewer {
  authenticated: boolean
  kind: string
  permissions: readonly string[]
}

/**
 * The first home whose permission the viewer holds, most responsible work first (by permission
 * codes, never role names: a tenant may change its roles).
 */
const RULES: readonly { home: HomeKind; requires: readonly PermissionCode[] }[] = [
  { home: 'operator', requires: ['tenant:read'] },
  { home: 'office', requires: ['result:compute', 'assignment:write'] },
  { home: 'leadership', requires: ['result:approve', 'scheme:approve'] },
  { home: 'monitoring', requires: ['report:verify'] },
  { home: 'scoring', requires: ['score:write'] },
  { home: 'unitHead', requires: ['report:approve'] },
  { home: 'reporter', requires: ['report:write'] },
  { home: 'supervision', requires: ['supervision:write', 'supervision:read'] },
]

export function pickHome(viewer: HomeViewer): HomeKind {
  if (!viewer.authenticated) return 'welcome'
  if (viewer.kind === 'operator') return 'operator'
  return RULES.find((rule) => permits(viewer.permissions, rule.requires))?.home ?? 'general'
}
