/** The sign-in form's rules and the remembered tenant code, apart from the page so tests can reach them. */

const TENANT_KEY = 'jixiao.lastTenant'
const TENANT_CODE = /^[a-z0-9][a-z0-9-]{1,31}$/

/** Tenant codes are lower case without spaces; people type them otherwise. */
export function normaliseTenant(value: string): string {
  return value.trim().toLowerCase()
}

/** What is wrong with a tenant code, as a `login.*` message key, or null. */
export function tenantProblem(value: string | null | undefined): 'tenantRequired' | 'tenantInvalid' | null {
  const code = normaliseTenant(value ?? '')
  if (!code) return 'tenantRequired'
  return TENANT_CODE.test(code) ? null : 'tenantInvalid'
}

/** The tenant code of the last sign-in; '' when it was a platform operator; null when none. */
export function readRememberedTenant(storage: Pick<Storage, 'getItem'> | undefined = globalThis.localStorage): string | null {
  try {
    return storage?.getItem(TENANT_KEY) ?? null
  } catch {
    return null
  }
}

export function rememberTenant(code: string, storage: Pick<Storage, 'setItem'> | undefined = globalThis.localStorage): void {
  try {
    storage?.setItem(TENANT_KEY, code)
  } catch {
    // Private mode or storage full: the next sign-in simply starts empty.
  }
}
