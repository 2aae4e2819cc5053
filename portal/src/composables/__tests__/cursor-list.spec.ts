import { effectScope, nextTick, reactive, ref } from 'vue'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { type CursorListOptions, type CursorPage, type PageRequest, useCursorList } from '../useCursorList'

vi.mock('@/utils/errors', () => ({
  describeError: (error: unknown) => (error instanceof Error ? error.message : String(error)),
  showError: vi.fn(),
}))

interface Row {
  id: string
}

const rows = (...ids: string[]): Row[] => ids.map((id) => ({ id }))
const page = (ids: string[], next: string | null): CursorPage<Row> => ({
  nodes: rows(...ids),
  pageInfo: { hasNextPage: next !== null, endCursor: next },
})

/** A fetch whose answers the test gives one by one, in any order. */
function controlledFetch<F>() {
  const calls: { page: PageRequest; filters: F; answer: (value: CursorPage<Row>) => void; fail: (e: Error) => void }[] = []
  const fetch = vi.fn(
    (request: PageRequest, filters: F) =>
      new Promise<CursorPage<Row>>((resolve, reject) => {
        calls.push({ page: request, filters: { ...filters }, answer: resolve, fail: reject })
      }),
  )
  return { fetch, calls }
}

const scopes: ReturnType<typeof effectScope>[] = []
function start<F extends object>(options: Partial<CursorListOptions<Row, F, CursorPage<Row>>> & Pick<CursorListOptions<Row, F, CursorPage<Row>>, 'fetch'>) {
  const scope = effectScope()
  scopes.push(scope)
  return scope.run(() => useCursorList<Row, F>({ pageSize: 2, key: (row) => row.id, notify: false, ...options }))!
}

const ids = (list: { rows: { value: Row[] } }) => list.rows.value.map((row) => row.id)

describe('useCursorList', () => {
  afterEach(() => {
    for (const scope of scopes.splice(0)) scope.stop()
    vi.useRealTimers()
  })

  it('loads the first page at once, then appends "more" pages until there is no next page', async () => {
    const { fetch, calls } = controlledFetch()
    const list = start({ fetch })
    expect(list.loading.value).toBe(true)
    expect(calls[0]?.page).toEqual({ first: 2, after: null })
    calls[0]?.answer(page(['a', 'b'], 'c2'))
    await vi.waitFor(() => expect(list.loading.value).toBe(false))
    expect(ids(list)).toEqual(['a', 'b'])
    expect(list.hasNextPage.value).toBe(true)

    const more = list.loadMore()
    expect(list.loadingMore.value).toBe(true)
    void list.loadMore() // a second click while the first is under way asks nothing
    expect(calls).toHaveLength(2)
    expect(calls[1]?.page).toEqual({ first: 2, after: 'c2' })
    calls[1]?.answer(page(['c'], null))
    await more
    expect(ids(list)).toEqual(['a', 'b', 'c'])
    expect(list.hasNextPage.value).toBe(false)
    expect(list.loadingMore.value).toBe(false)
    await list.loadMore()
    expect(calls).toHaveLength(2)
  })

  it('never lists a row twice when a "more" page repeats one', async () => {
    const fetch = vi
      .fn()
      .mockResolvedValueOnce(page(['a', 'b'], 'c2'))
      .mockResolvedValueOnce(page(['b', 'c'], null))
    const list = start({ fetch })
    await vi.waitFor(() => expect(ids(list)).toEqual(['a', 'b']))
    await list.loadMore()
    expect(ids(list)).toEqual(['a', 'b', 'c'])
  })

  it('drops a "more" page that comes back after a reload began', async () => {
    const search = ref('')
    const { fetch, calls } = controlledFetch<{ search: string }>()
    const list = start({ fetch, filters: () => ({ search: search.value }) })
    calls[0]?.answer(page(['a', 'b'], 'c2'))
    await vi.waitFor(() => expect(list.hasNextPage.value).toBe(true))

    const more = list.loadMore()
    const reload = list.reload()
    expect(list.loadingMore.value).toBe(false)
    expect(list.loading.value).toBe(true)
    calls[1]?.answer(page(['c', 'd'], 'c4')) // the old "more" page arrives late
    await more
    expect(ids(list)).toEqual(['a', 'b'])
    calls[2]?.answer(page(['a', 'x'], 'x2'))
    await reload
    expect(ids(list)).toEqual(['a', 'x'])
    // The next "more" continues from the reload's cursor, not the dropped page's.
    void list.loadMore()
    expect(calls[3]?.page.after).toBe('x2')
  })

  it('keeps only the newest of two reloads, whichever answers first', async () => {
    const { fetch, calls } = controlledFetch()
    const list = start({ fetch })
    const second = list.reload()
    calls[1]?.answer(page(['new'], null))
    await second
    expect(ids(list)).toEqual(['new'])
    calls[0]?.answer(page(['old'], 'o1'))
    await nextTick()
    await Promise.resolve()
    expect(ids(list)).toEqual(['new'])
    expect(list.hasNextPage.value).toBe(false)
    expect(list.loading.value).toBe(false)
  })

  it('reloads at once when a filter changes, and after a pause when only typed text does', async () => {
    vi.useFakeTimers()
    const filters = reactive({ status: '', search: '' })
    const fetch = vi.fn(async (_page: PageRequest, _filters: { status: string; search: string }) => page([], null))
    start<{ status: string; search: string }>({ fetch, filters: () => filters, debounced: ['search'], debounceMs: 300 })
    await vi.waitFor(() => expect(fetch).toHaveBeenCalledTimes(1))

    filters.status = 'DRAFT'
    await nextTick()
    expect(fetch).toHaveBeenCalledTimes(2)
    expect(fetch.mock.calls[1]?.[1]).toEqual({ status: 'DRAFT', search: '' })

    for (const text of ['通', '通知', '通知公告']) {
      filters.search = text
      await nextTick()
      vi.advanceTimersByTime(100)
    }
    expect(fetch).toHaveBeenCalledTimes(2)
    vi.advanceTimersByTime(300)
    expect(fetch).toHaveBeenCalledTimes(3)
    expect(fetch.mock.calls[2]?.[1]).toEqual({ status: 'DRAFT', search: '通知公告' })
  })

  it('drops a pending pause when the page reloads itself (the search button) or the text comes back', async () => {
    vi.useFakeTimers()
    const search = ref('')
    const fetch = vi.fn(async (_page: PageRequest, _filters: { search: string }) => page([], null))
    const list = start<{ search: string }>({ fetch, filters: () => ({ search: search.value }), debounced: ['search'] })
    await vi.waitFor(() => expect(fetch).toHaveBeenCalledTimes(1))

    search.value = 'wang'
    await nextTick()
    await list.reload()
    vi.advanceTimersByTime(1000)
    expect(fetch).toHaveBeenCalledTimes(2)

    search.value = 'wangx'
    await nextTick()
    search.value = 'wang'
    await nextTick()
    vi.advanceTimersByTime(1000)
    expect(fetch).toHaveBeenCalledTimes(2)
  })

  it('asks "more" pages with the filters the rows were loaded with', async () => {
    vi.useFakeTimers()
    const search = ref('a')
    const { fetch, calls } = controlledFetch<{ search: string }>()
    const list = start({ fetch, filters: () => ({ search: search.value }), debounced: ['search'] })
    calls[0]?.answer(page(['a1', 'a2'], 'c2'))
    await vi.waitFor(() => expect(list.hasNextPage.value).toBe(true))
    search.value = 'ab' // typed, not yet applied
    await nextTick()
    void list.loadMore()
    expect(calls[1]?.filters).toEqual({ search: 'a' })
  })

  it('keeps the rows and says why when a load fails; a retry clears the failure', async () => {
    const fetch = vi
      .fn()
      .mockResolvedValueOnce(page(['a', 'b'], 'c2'))
      .mockRejectedValueOnce(new Error('网络异常'))
      .mockResolvedValueOnce(page(['a'], null))
    const list = start({ fetch })
    await vi.waitFor(() => expect(ids(list)).toEqual(['a', 'b']))
    await list.loadMore()
    expect(list.error.value).toBe('网络异常')
    expect(ids(list)).toEqual(['a', 'b'])
    expect(list.loadingMore.value).toBe(false)
    await list.reload()
    expect(list.error.value).toBeNull()
    expect(ids(list)).toEqual(['a'])
  })

  it('shows a failure as a message unless told not to', async () => {
    const { showError } = await import('@/utils/errors')
    const fetch = vi.fn().mockRejectedValue(new Error('拒绝'))
    const list = start({ fetch, notify: true })
    await vi.waitFor(() => expect(list.error.value).toBe('拒绝'))
    expect(showError).toHaveBeenCalledTimes(1)
  })

  it('waits for a reload when not immediate, and puts changed and new rows in place', async () => {
    const fetch = vi.fn(async () => page(['a', 'b'], null))
    const list = start({ fetch, immediate: false })
    expect(fetch).not.toHaveBeenCalled()
    await list.reload()
    list.upsert({ id: 'b' })
    list.upsert({ id: 'n' })
    expect(ids(list)).toEqual(['n', 'a', 'b'])
    list.remove('a')
    expect(ids(list)).toEqual(['n', 'b'])
  })

  it('passes each kept page on, with whether it is the first', async () => {
    const seen: [string[], boolean][] = []
    const fetch = vi
      .fn()
      .mockResolvedValueOnce(page(['a'], 'c1'))
      .mockResolvedValueOnce(page(['b'], null))
    const list = start({ fetch, onPage: (p, first) => seen.push([p.nodes.map((r) => r.id), first]) })
    await vi.waitFor(() => expect(seen).toHaveLength(1))
    await list.loadMore()
    expect(seen).toEqual([
      [['a'], true],
      [['b'], false],
    ])
  })
})
