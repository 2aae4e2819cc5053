/**
 * Support mode: a platform operator reading one tenant under its grant. The tenant chosen is kept
 * for this browser tab (sessionStorage) and named in the `X-Jixiao-Support` header of every
 * GraphQL request (api/client.ts); the server checks the grant at each request and answers 403
 * SUPPORT_GRANT_REQUIRED once it is revoked or expired, which ends the mode here.
 */

export const SUPPORT_HEADER = 'X-Jixiao-Support'
/** The server's code for a request under a grant that no longer holds (or never did). */
export const SUPPORT_ENDED_CODE = 'SUPPORT_GRANT_REQUIRED'
const STORAGE_KEY = 'jixiao.support'

/** The tenant an operator reads, and until when its grant runs. */
export interface SupportTarget {
  code: string
  name: string
  expiresAt: string
}

type Listener = (target: SupportTarget | null, reason: string | null) => void
const listeners = new Set<Listener>()

function storage(): Storage | null {
  try {
    return globalThis.sessionStorage ?? null
  } catch {
    return null
  }
}

/** The tenant read under a grant in this tab, or null. */
export function supportTarget(): SupportTarget | null {
  const raw = storage()?.getItem(STORAGE_KEY)
  if (!raw) return null
  try {
    const value = JSON.parse(raw) as Partial<SupportTarget>
    if (typeof value.code === 'string' && typeof value.name === 'string' && typeof value.expiresAt === 'string') {
      return { code: value.code, name: value.name, expiresAt: value.expiresAt }
    }
  } catch {
    // A damaged value: as if none.
  }
  return null
}

/** Start reading a tenant under its grant (the viewer must be loaded again). */
export function enterSupport(target: SupportTarget): void {
  storage()?.setItem(STORAGE_KEY, JSON.stringify(target))
  for (const listener of listeners) listener(target, null)
}

/** Stop reading the tenant; `reason` is the server's word when the grant ended under us. */
export function leaveSupport(reason: string | null = null): void {
  if (!supportTarget()) return
  storage()?.removeItem(STORAGE_KEY)
  for (const listener of listeners) listener(null, reason)
}

/** Hear about entering and leaving support mode; returns the unsubscribe. */
export function onSupportChange(listener: Listener): () => void {
  listeners.add(listener)
  return () => listeners.delete(listener)
}
