import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import { GraphQLRequestError } from '@/api/client'
import type { ChangePasswordInput, SignInInput } from '@/api/generated'
import * as session from '@/api/session'
import { leaveSupport, SUPPORT_ENDED_CODE } from '@/api/supportMode'
import { anonymousViewer, fetchViewer, type Viewer } from '@/api/viewer'

/** Holders of these roles (and platform operators) get the stricter password policy. */
export const ADMINISTRATOR_ROLES: ReadonlySet<string> = new Set(['tenant_admin', 'security_admin', 'audit_admin'])

/** Why the viewer was sent back to the sign-in page. */
export type SignedOutReason = 'expired' | 'suspended'

/** The viewer; when an operator's support grant ended under it, the operator's own (the client left support mode). */
async function ownViewer(): Promise<Viewer> {
  try {
    return await fetchViewer({ quiet: true })
  } catch (cause) {
    if (cause instanceof GraphQLRequestError && cause.code === SUPPORT_ENDED_CODE) return fetchViewer({ quiet: true })
    throw cause
  }
}

/** The signed-in user as the server sees them, loaded once per page load and after each sign-in. */
export const useViewerStore = defineStore('viewer', () => {
  const viewer = ref<Viewer | null>(null)
  const error = ref<GraphQLRequestError | null>(null)
  const loading = ref(false)
  /** Set when the session was lost, for the sign-in page to explain. */
  const signedOutReason = ref<SignedOutReason | null>(null)
  const signedOutMessage = ref<string | null>(null)
  let pending: Promise<void> | null = null

  const authenticated = computed(() => viewer.value?.authenticated ?? false)
  const displayName = computed(() => viewer.value?.displayName ?? null)
  const username = computed(() => viewer.value?.username ?? null)
  const tenant = computed(() => viewer.value?.tenant ?? null)
  /** The code of the unit the viewer works in (its own results); null when it works in none. */
  const unitCode = computed(() => viewer.value?.unit?.code ?? null)
  const permissions = computed<readonly string[]>(() => viewer.value?.permissions ?? [])
  const roles = computed<readonly string[]>(() => viewer.value?.roles ?? [])
  const mustChangePassword = computed(() => viewer.value?.mustChangePassword ?? false)
  /** Two-step verification is required of the viewer and not set up yet: nothing else until it is. */
  const mustEnrolSecondFactor = computed(() => viewer.value?.mustEnrolSecondFactor ?? false)
  const isOperator = computed(() => viewer.value?.kind === 'operator')
  /** Whether the stricter password policy applies (12 characters, 3 classes). */
  const isAdministrator = computed(() => isOperator.value || roles.value.some((role) => ADMINISTRATOR_ROLES.has(role)))

  /** Load the viewer; later calls reuse the first request. */
  function load(): Promise<void> {
    pending ??= (async () => {
      loading.value = true
      try {
        viewer.value = await ownViewer()
        error.value = null
      } catch (cause) {
        const failure =
          cause instanceof GraphQLRequestError
            ? cause
            : new GraphQLRequestError(String(cause), { kind: 'network', cause })
        if (failure.sessionLost) {
          // A refused session cookie (e.g. the tenant was suspended) means: signed out, and why.
          viewer.value = anonymousViewer()
          error.value = null
          noteSignedOut(failure)
        } else {
          error.value = failure
        }
      } finally {
        loading.value = false
      }
    })()
    return pending
  }

  /** Forget the cached viewer and load again. */
  function reload(): Promise<void> {
    pending = null
    return load()
  }

  /** Take the viewer a sign-in or password change returned. */
  function setViewer(next: Viewer): void {
    viewer.value = next
    error.value = null
    pending = Promise.resolve()
    if (next.authenticated) {
      signedOutReason.value = null
      signedOutMessage.value = null
    }
  }

  /** Forget who was signed in (after sign-out or when the session is gone). */
  function clear(): void {
    setViewer(anonymousViewer())
  }

  /** Remember why the session ended, for the sign-in page. */
  function noteSignedOut(failure: GraphQLRequestError): void {
    signedOutReason.value = failure.code === 'TENANT_SUSPENDED' ? 'suspended' : 'expired'
    signedOutMessage.value = failure.message
  }

  /** Sign in; on success the viewer is the one the server returned. */
  async function signIn(input: SignInInput): Promise<session.SessionOutcome> {
    const outcome = await session.signIn(input)
    if (outcome.viewer && outcome.errors.length === 0) setViewer(outcome.viewer)
    return outcome
  }

  /** The second step of signing in (after `signIn` said `secondFactorRequired`). */
  async function verifySecondFactor(code: string): Promise<session.SessionOutcome> {
    const outcome = await session.verifySecondFactor(code)
    if (outcome.viewer && outcome.errors.length === 0) setViewer(outcome.viewer)
    return outcome
  }

  /** Sign out; the viewer is forgotten even if the server could not be reached. */
  async function signOut(): Promise<void> {
    leaveSupport() // read-only support refuses every mutation, signing out included
    try {
      await session.signOut()
    } catch {
      // Already signed out (expired) or offline: the portal forgets the viewer all the same.
    } finally {
      clear()
      signedOutReason.value = null
      signedOutMessage.value = null
    }
  }

  /** Change the password; on success the renewed session's viewer replaces the old one. */
  async function changePassword(input: ChangePasswordInput): Promise<session.SessionOutcome> {
    const outcome = await session.changePassword(input)
    if (outcome.viewer && outcome.errors.length === 0) setViewer(outcome.viewer)
    return outcome
  }

  return {
    viewer,
    error,
    loading,
    signedOutReason,
    signedOutMessage,
    authenticated,
    displayName,
    username,
    tenant,
    unitCode,
    permissions,
    roles,
    mustChangePassword,
    mustEnrolSecondFactor,
    isOperator,
    isAdministrator,
    load,
    reload,
    setViewer,
    clear,
    noteSignedOut,
    signIn,
    verifySecondFactor,
    signOut,
    changePassword,
  }
})
