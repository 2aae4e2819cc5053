import type { RouteLocationNormalized, RouteLocationRaw, Router } from 'vue-router'
import { GraphQLRequestError, onForbidden, onSessionLost } from '@/api/client'
import { permits } from '@/permissions/permission'
import { useViewerStore } from '@/stores/viewer'

/** What the guard needs to know about the viewer. */
export interface GuardViewer {
  authenticated: boolean
  mustChangePassword: boolean
  /** Two-step verification required and not set up (after the password, if both). */
  mustEnrolSecondFactor?: boolean
  permissions: readonly string[]
}

type Target = Pick<RouteLocationNormalized, 'name' | 'fullPath' | 'meta' | 'query'>

/** A path inside the portal to go back to after sign-in; anything else (other sites, /login) is home. */
export function safeRedirect(value: unknown): string {
  const path = Array.isArray(value) ? value[0] : value
  if (typeof path !== 'string' || !path.startsWith('/') || path.startsWith('//') || path.includes('\\')) return '/'
  if (path === '/login' || path.startsWith('/login?') || path.startsWith('/login/')) return '/'
  return path
}

/**
 * Where a navigation may go: `true` to go on, or where to go instead.
 * Order matters: a user with a one-time password may do nothing but change it, then one who must
 * use two-step verification nothing but set it up; the sign-in page
 * sends signed-in users on; public pages are open; others need a session, then the permission.
 */
export function decide(to: Target, viewer: GuardViewer): true | RouteLocationRaw {
  if (viewer.authenticated && viewer.mustChangePassword && to.name !== 'change-password') {
    const redirect = to.meta.guestOnly ? safeRedirect(to.query.redirect) : to.fullPath
    return { name: 'change-password', query: redirect === '/' ? {} : { redirect } }
  }
  if (viewer.authenticated && viewer.mustEnrolSecondFactor && !viewer.mustChangePassword && to.name !== 'second-factor') {
    const redirect = to.meta.guestOnly ? safeRedirect(to.query.redirect) : to.fullPath
    return { name: 'second-factor', query: redirect === '/' ? {} : { redirect } }
  }
  if (to.meta.guestOnly && viewer.authenticated) return safeRedirect(to.query.redirect)
  if (to.meta.public) return true
  if (!viewer.authenticated) return { name: 'login', query: { redirect: to.fullPath } }
  if (to.meta.permission !== undefined && !permits(viewer.permissions, to.meta.permission)) {
    return { name: 'forbidden', query: { from: to.fullPath } }
  }
  return true
}

/**
 * Check every navigation against the viewer, and go to sign-in when a request finds the session
 * gone. Returns what removes both (tests build many routers).
 */
export function installGuards(router: Router): () => void {
  const removeGuard = router.beforeEach(async (to) => {
    const viewer = useViewerStore()
    await viewer.load()
    return decide(to, viewer)
  })

  function sessionLost(error: GraphQLRequestError): void {
    const viewer = useViewerStore()
    // Someone signed in loses the session even on a public page (the home shows their work):
    // they go to sign in, told why, and come back.
    const wasSignedIn = viewer.authenticated
    viewer.clear()
    // The first refusal says why; requests refused after it (the cookie is gone) only echo it.
    if (wasSignedIn || viewer.signedOutReason === null) viewer.noteSignedOut(error)
    const current = router.currentRoute.value
    if ((wasSignedIn || !current.meta.public) && current.name !== 'login') {
      void router.replace({ name: 'login', query: { redirect: current.fullPath } })
    }
  }

  /** Refused for want of a permission: has the session expired, or were the viewer's roles changed? */
  async function recheck(error: GraphQLRequestError): Promise<void> {
    const viewer = useViewerStore()
    if (!viewer.authenticated) return
    await viewer.reload()
    if (!viewer.authenticated) {
      sessionLost(new GraphQLRequestError(error.message, { kind: 'graphql', code: 'UNAUTHENTICATED' }))
      return
    }
    const current = router.currentRoute.value
    const decision = decide(current, viewer)
    if (decision !== true) void router.replace(decision)
  }

  const stopSessionLost = onSessionLost(sessionLost)
  const stopForbidden = onForbidden((error) => void recheck(error))
  return () => {
    removeGuard()
    stopSessionLost()
    stopForbidden()
  }
}
