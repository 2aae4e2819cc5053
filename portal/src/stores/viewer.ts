import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import { GraphQLRequestError } from '@/api/client'
import { fetchViewer, type Viewer } from '@/api/viewer'

/** The signed-in user as the server sees them, loaded once per page load. */
export const useViewerStore = defineStore('viewer', () => {
  const viewer = ref<Viewer | null>(null)
  const error = ref<GraphQLRequestError | null>(null)
  const loading = ref(false)
  let pending: Promise<void> | null = null

  const authenticated = computed(() => viewer.value?.authenticated ?? false)
  const displayName = computed(() => viewer.value?.displayName ?? null)
  const tenant = computed(() => viewer.value?.tenant ?? null)
  const permissions = computed<readonly string[]>(() => viewer.value?.permissions ?? [])

  /** Load the viewer; later calls reuse the first request. */
  function load(): Promise<void> {
    pending ??= (async () => {
      loading.value = true
      try {
        viewer.value = await fetchViewer()
        error.value = null
      } catch (cause) {
        error.value =
          cause instanceof GraphQLRequestError
            ? cause
            : new GraphQLRequestError(String(cause), { kind: 'network', cause })
      } finally {
        loading.value = false
      }
    })()
    return pending
  }

  /** Forget the cached viewer (after sign-in or sign-out) and load again. */
  function reload(): Promise<void> {
    pending = null
    return load()
  }

  return { viewer, error, loading, authenticated, displayName, tenant, permissions, load, reload }
})
