import { useViewerStore } from '@/stores/viewer'
import type { PermissionCode } from './codes'

export type { PermissionCode } from './codes'

/** Grants every permission (platform operators in tests, tenant admins). */
export const ALL_PERMISSIONS = '*'

/**
 * A required permission: one code of the server's catalogue (codes.ts, generated), or a list of
 * which any one suffices. A code the server does not know is a type error.
 */
export type PermissionRequirement = PermissionCode | readonly PermissionCode[]

function grantCovers(grant: string, code: PermissionCode): boolean {
  if (grant === ALL_PERMISSIONS || grant === code) return true
  // `score:*` grants every action on the `score` resource.
  return grant.endsWith(':*') && code.startsWith(grant.slice(0, -1))
}

/**
 * Whether the granted codes satisfy the requirement (pure; used by the store, the menu and tests).
 * The granted codes are the server's (strings, `*` and `resource:*` included).
 */
export function permits(granted: readonly string[], required: PermissionRequirement): boolean {
  const codes: readonly PermissionCode[] = typeof required === 'string' ? [required] : required
  return codes.some((code) => granted.some((grant) => grantCovers(grant, code)))
}

/** Whether the current viewer holds the permission code (`resource:action`). */
export function hasPermission(required: PermissionRequirement): boolean {
  return permits(useViewerStore().permissions, required)
}
