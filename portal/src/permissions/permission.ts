import { useViewerStore } from '@/stores/viewer'

/** Grants every permission (platform operators in tests, tenant admins). */
export const ALL_PERMISSIONS = '*'

/** A required permission: one code, or a list of which any one suffices. */
export type PermissionRequirement = string | readonly string[]

function grantCovers(grant: string, code: string): boolean {
  if (grant === ALL_PERMISSIONS || grant === code) return true
  // `score:*` grants every action on the `score` resource.
  return grant.endsWith(':*') && code.startsWith(grant.slice(0, -1))
}

/** Whether the granted codes satisfy the requirement (pure; used by the store, the menu and tests). */
export function permits(granted: readonly string[], required: PermissionRequirement): boolean {
  const codes = typeof required === 'string' ? [required] : required
  return codes.some((code) => granted.some((grant) => grantCovers(grant, code)))
}

/** Whether the current viewer holds the permission code (`resource:action`). */
export function hasPermission(required: PermissionRequirement): boolean {
  return permits(useViewerStore().permissions, required)
}
