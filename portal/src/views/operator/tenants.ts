import type { TenantLevel, TenantStatus } from '@/api/operator'

/** The server's rule for tenant codes: 2–32 lowercase letters, digits or hyphens. */
export const TENANT_CODE = /^[a-z0-9-]{2,32}$/

/** How many tenants there are, by status and by level (the operator's home). */
export interface TenantSummary {
  total: number
  byStatus: Record<TenantStatus, number>
  byLevel: Record<TenantLevel, number>
}

export function summarizeTenants(tenants: readonly { status: TenantStatus; level: TenantLevel }[]): TenantSummary {
  const summary: TenantSummary = {
    total: tenants.length,
    byStatus: { ACTIVE: 0, SUSPENDED: 0 },
    byLevel: { CITY: 0, DISTRICT: 0, COUNTY: 0 },
  }
  for (const tenant of tenants) {
    summary.byStatus[tenant.status] += 1
    summary.byLevel[tenant.level] += 1
  }
  return summary
}
