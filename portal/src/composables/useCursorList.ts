import {
  getCurrentInstance,
  getCurrentScope,
  onMounted,
  onScopeDispose,
  type Ref,
  ref,
  shallowRef,
  watch,
} from 'vue'
import { describeError, showError } from '@/utils/errors'

/** One page of a Relay connection as the API answers it. */
export interface CursorPage<T> {
  nodes: readonly T[]
  pageInfo: { hasNextPage: boolean; endCursor?: string | null }
}

/** Where a page starts: `after` is null for the first page. */
export interface PageRequest {
  first: number
  after: string | null
}

export interface CursorListOptions<T, F extends object, P extends CursorPage<T>> {
  /** Fetches one page with the filters as they were when the load began. */
  fetch: (page: PageRequest, filters: F) => Promise<P>
  pageSize: number
  /** A row's identity: a "more" page never adds a row the list already holds. */
  key: (row: T) => string
  /** The filters (reactive): a change reloads from the first page. */
  filters?: () => F
  /** Filters that are typed text: a change to only these waits `debounceMs` before reloading. */
  debounced?: readonly (keyof F)[]
  debounceMs?: number
  /** Load the first page when the component mounts (at once outside a component). Default true. */
  immediate?: boolean
  /** Also show a failure as a message (`showError`); `error` holds it either way. Default true. */
  notify?: boolean
  /** Called with each page that is kept (not one a newer load overtook). */
  onPage?: (page: P, first: boolean) => void
}

export interface CursorList<T> {
  rows: Ref<T[]>
  /** The first page is loading (a reload). */
  loading: Ref<boolean>
  /** A "more" page is loading. */
  loadingMore: Ref<boolean>
  hasNextPage: Ref<boolean>
  /** Why the last load failed (describeError), null once a load succeeds. */
  error: Ref<string | null>
  /** Load the first page now (a pending debounced reload is dropped). */
  reload: () => Promise<void>
  /** Append the next page; nothing while a reload runs, without a next page, or twice at once. */
  loadMore: () => Promise<void>
  /** Put a changed or new row in place (a new one goes first). */
  upsert: (row: T) => void
  remove: (key: string) => void
}

/** What a page shows of a list, whatever its rows (ListPage takes it as it is). */
export interface CursorListView {
  rows: { readonly value: readonly unknown[] }
  loading: { readonly value: boolean }
  loadingMore: { readonly value: boolean }
  hasNextPage: { readonly value: boolean }
  error: { readonly value: string | null }
  reload: () => Promise<void>
  loadMore: () => Promise<void>
}

const DEBOUNCE_MS = 300

/**
 * Cursor pagination of one list: the first page, "more" pages, reloads when the filters change
 * (typed text after a pause), loading and error state. Every load has a generation: a page that
 * comes back after a newer reload began is dropped, so a reload racing a "more" never mixes the
 * old filters' rows with the new ones, and a row is never listed twice.
 */
export function useCursorList<
  T,
  F extends object = Record<string, never>,
  P extends CursorPage<T> = CursorPage<T>,
>(
  options: CursorListOptions<T, F, P>,
): CursorList<T> {
  const rows = shallowRef<T[]>([]) as Ref<T[]>
  const loading = ref(false)
  const loadingMore = ref(false)
  const hasNextPage = ref(false)
  const error = ref<string | null>(null)
  const filters = options.filters ?? (() => ({}) as F)
  let endCursor: string | null = null
  let generation = 0
  /** The filters of the last reload (the rows match them; "more" pages use them too). */
  let loaded: F = filters()
  let requested: string | null = null
  let timer: ReturnType<typeof setTimeout> | null = null

  function cancelDebounce(): void {
    if (timer !== null) clearTimeout(timer)
    timer = null
  }

  function fail(cause: unknown): void {
    error.value = describeError(cause)
    if (options.notify ?? true) showError(cause)
  }

  async function reload(): Promise<void> {
    cancelDebounce()
    const mine = ++generation
    const current = { ...filters() }
    loaded = current
    requested = JSON.stringify(current)
    loading.value = true
    loadingMore.value = false
    error.value = null
    try {
      const page = await options.fetch({ first: options.pageSize, after: null }, current)
      if (mine !== generation) return
      rows.value = [...page.nodes]
      endCursor = page.pageInfo.endCursor ?? null
      hasNextPage.value = page.pageInfo.hasNextPage
      options.onPage?.(page, true)
    } catch (cause) {
      if (mine === generation) fail(cause)
    } finally {
      if (mine === generation) loading.value = false
    }
  }

  async function loadMore(): Promise<void> {
    if (loading.value || loadingMore.value || !hasNextPage.value) return
    const mine = generation
    loadingMore.value = true
    try {
      const page = await options.fetch({ first: options.pageSize, after: endCursor }, loaded)
      if (mine !== generation) return
      const known = new Set(rows.value.map(options.key))
      rows.value = [...rows.value, ...page.nodes.filter((row) => !known.has(options.key(row)))]
      endCursor = page.pageInfo.endCursor ?? null
      hasNextPage.value = page.pageInfo.hasNextPage
      error.value = null
      options.onPage?.(page, false)
    } catch (cause) {
      if (mine === generation) fail(cause)
    } finally {
      if (mine === generation) loadingMore.value = false
    }
  }

  function upsert(row: T): void {
    const key = options.key(row)
    const found = rows.value.some((existing) => options.key(existing) === key)
    rows.value = found
      ? rows.value.map((existing) => (options.key(existing) === key ? row : existing))
      : [row, ...rows.value]
  }

  function remove(key: string): void {
    rows.value = rows.value.filter((existing) => options.key(existing) !== key)
  }

  /** A change to typed text only waits for a pause; any other change reloads at once. */
  function changed(next: F, before: F | undefined): void {
    if (JSON.stringify(next) === requested) {
      cancelDebounce()
      return
    }
    const fields = Object.keys({ ...next, ...before }) as (keyof F)[]
    const names = fields.filter((name) => next[name] !== before?.[name])
    if (names.length === 0 || !names.every((name) => typed.has(name))) {
      void reload()
      return
    }
    cancelDebounce()
    timer = setTimeout(() => {
      timer = null
      if (JSON.stringify({ ...filters() }) !== requested) void reload()
    }, options.debounceMs ?? DEBOUNCE_MS)
  }

  const typed = new Set<keyof F>(options.debounced ?? [])
  // A shallow copy tracks every field, of a reactive object as well as of a fresh one.
  if (options.filters) watch(() => ({ ...filters() }), changed)
  if (getCurrentScope()) onScopeDispose(cancelDebounce)
  if (options.immediate ?? true) {
    if (getCurrentInstance()) onMounted(() => void reload())
    else void reload()
  }

  return { rows, loading, loadingMore, hasNextPage, error, reload, loadMore, upsert, remove }
}
