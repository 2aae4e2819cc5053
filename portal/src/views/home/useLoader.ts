import { onMounted, ref, type Ref } from 'vue'
import { describeError } from '@/utils/errors'

/** What a home panel shows while it loads: the data, whether it is loading, what went wrong. */
export interface Loader<T> {
  data: Ref<T | null>
  loading: Ref<boolean>
  error: Ref<string | null>
  reload: () => Promise<void>
}

/** Load on mounting (and on `reload`), keeping the failure in words for the panel to show. */
export function useLoader<T>(load: () => Promise<T>): Loader<T> {
  const data = ref<T | null>(null) as Ref<T | null>
  const loading = ref(true)
  const error = ref<string | null>(null)

  async function reload(): Promise<void> {
    loading.value = true
    error.value = null
    try {
      data.value = await load()
    } catch (cause) {
      error.value = describeError(cause)
    } finally {
      loading.value = false
    }
  }

  onMounted(reload)
  return { data, loading, error, reload }
}
