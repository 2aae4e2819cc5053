import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { defineComponent, h, ref } from 'vue'
import ListPage from '@/components/ListPage.vue'
import { type CursorPage, useCursorList } from '@/composables/useCursorList'
import { createAppI18n } from '@/locales'
import { vPermission } from '@/permissions/directive'
import { useViewerStore } from '@/stores/viewer'
import { fakeGraphQL } from '@/testing/graphql'
import { testRouter } from '@/testing/router'
import { signedInViewer } from '@/testing/viewers'
import UsersView from '@/views/system/UsersView.vue'

interface Row {
  id: string
}

const page = (ids: string[], next: string | null): CursorPage<Row> => ({
  nodes: ids.map((id) => ({ id })),
  pageInfo: { hasNextPage: next !== null, endCursor: next },
})

/** ListPage over a list of plain rows, each shown as a line. */
function mountPage(fetch: () => Promise<CursorPage<Row>>, props: Record<string, unknown> = {}) {
  const events: string[] = []
  const Host = defineComponent({
    setup() {
      const search = ref('')
      const list = useCursorList({ fetch, pageSize: 2, key: (row: Row) => row.id, notify: false })
      return () =>
        h(
          ListPage,
          {
            title: '测试列表',
            intro: '说明文字',
            list,
            testid: 'things',
            search: search.value,
            'onUpdate:search': (value: string | undefined) => (search.value = value ?? ''),
            searchPlaceholder: '搜索',
            onSearch: () => events.push(`search:${search.value}`),
            onReset: () => events.push('reset'),
            ...props,
          },
          {
            default: () => list.rows.value.map((row) => h('p', { class: 'row' }, row.id)),
            filters: () => h('span', { class: 'my-filter' }, '筛选'),
            export: () => h('button', { class: 'my-export' }, '导出'),
          },
        )
    },
  })
  const wrapper = mount(Host, { global: { plugins: [createAppI18n('zh-CN')] }, attachTo: document.body })
  return { wrapper, events }
}

const rows = (wrapper: ReturnType<typeof mount>) => wrapper.findAll('.row').map((row) => row.text())

describe('ListPage', { timeout: 20_000 }, () => {
  afterEach(() => {
    vi.unstubAllGlobals()
    vi.useRealTimers()
    document.body.innerHTML = ''
  })

  it('shows the title, the intro, the slots and the rows, then 加载更多 until 已全部加载', async () => {
    const fetch = vi
      .fn()
      .mockResolvedValueOnce(page(['a', 'b'], 'c2'))
      .mockResolvedValueOnce(page(['c'], null))
    const { wrapper } = mountPage(fetch)
    await flushPromises()
    expect(wrapper.get('h2').text()).toBe('测试列表')
    expect(wrapper.text()).toContain('说明文字')
    expect(wrapper.find('.my-filter').exists()).toBe(true)
    expect(wrapper.find('.my-export').exists()).toBe(true)
    expect(rows(wrapper)).toEqual(['a', 'b'])

    await wrapper.get('[data-testid="things-load-more"]').trigger('click')
    await flushPromises()
    expect(fetch).toHaveBeenLastCalledWith({ first: 2, after: 'c2' }, {})
    expect(rows(wrapper)).toEqual(['a', 'b', 'c'])
    expect(wrapper.find('[data-testid="things-load-more"]').exists()).toBe(false)
    expect(wrapper.text()).toContain('已全部加载')
  })

  it('asks for a search on 查询, on Enter and when the text is cleared; 重置 when resettable', async () => {
    const { wrapper, events } = mountPage(vi.fn().mockResolvedValue(page([], null)), { resettable: true })
    await flushPromises()
    await wrapper.get('[data-testid="things-search"]').setValue('王')
    await wrapper.get('[data-testid="things-filters"]').trigger('submit')
    expect(events).toEqual(['search:王'])
    const buttons = wrapper.findAll('[data-testid="things-filters"] button')
    await buttons.find((button) => button.text() === '重置')!.trigger('click')
    expect(events).toEqual(['search:王', 'reset'])
  })

  it('shows a failure with 重试 when asked to, and the empty text instead of an empty list', async () => {
    const fetch = vi.fn().mockRejectedValueOnce(new Error('网络异常')).mockResolvedValueOnce(page([], null))
    const { wrapper } = mountPage(fetch, { inlineError: true, emptyText: '还没有内容' })
    await flushPromises()
    const alert = wrapper.get('[data-testid="things-error"]')
    expect(alert.text()).toContain('网络异常')
    await alert.get('button').trigger('click')
    await flushPromises()
    expect(wrapper.find('[data-testid="things-error"]').exists()).toBe(false)
    expect(wrapper.get('[data-testid="things-empty"]').text()).toContain('还没有内容')
  })
})

const USER = {
  id: 'VXNlcjox',
  username: 'office',
  displayName: '考评办 王主任',
  status: 'ACTIVE',
  mustChangePassword: false,
  secondFactorEnabled: false,
  lastSignInAt: null,
  createdAt: '2026-01-01T00:00:00Z',
}

describe('a list view on ListPage and useCursorList (用户管理)', { timeout: 20_000 }, () => {
  beforeEach(() => setActivePinia(createPinia()))
  afterEach(() => {
    vi.unstubAllGlobals()
    vi.useRealTimers()
    document.body.innerHTML = ''
  })

  it('searches as one types (after a pause) and at 查询, and pages on with 加载更多', async () => {
    const fake = fakeGraphQL({
      Users: (variables) => ({
        users: {
          nodes: [{ ...USER, id: `u-${String(variables.after)}`, username: `user-${String(variables.after)}` }],
          pageInfo: { hasNextPage: variables.after === null, endCursor: 'c1' },
        },
      }),
    })
    vi.stubGlobal('fetch', fake.fetch)
    useViewerStore().viewer = signedInViewer({ permissions: ['user:read'] })
    const wrapper = mount(UsersView, {
      global: { plugins: [createAppI18n('zh-CN'), testRouter()], directives: { permission: vPermission } },
      attachTo: document.body,
    })
    await flushPromises()
    expect(fake.sent).toEqual([{ name: 'Users', variables: { first: 20, after: null, search: null } }])
    expect(wrapper.get('[data-testid="users-table"]').text()).toContain('user-null')

    await wrapper.get('[data-testid="users-load-more"]').trigger('click')
    await flushPromises()
    expect(fake.sent.at(-1)).toEqual({ name: 'Users', variables: { first: 20, after: 'c1', search: null } })
    expect(wrapper.get('[data-testid="users-table"]').text()).toContain('user-c1')
    expect(wrapper.find('[data-testid="users-load-more"]').exists()).toBe(false)

    // Typed text waits for a pause; 查询 asks at once and the pause then asks nothing more.
    vi.useFakeTimers()
    await wrapper.get('[data-testid="users-search"]').setValue('wang')
    expect(fake.sent).toHaveLength(2)
    await vi.advanceTimersByTimeAsync(400)
    expect(fake.sent.at(-1)).toEqual({ name: 'Users', variables: { first: 20, after: null, search: 'wang' } })
    await wrapper.get('[data-testid="users-search"]').setValue('wangx')
    await wrapper.get('[data-testid="users-filters"]').trigger('submit')
    expect(fake.sent.at(-1)).toEqual({ name: 'Users', variables: { first: 20, after: null, search: 'wangx' } })
    const asked = fake.sent.length
    await vi.advanceTimersByTimeAsync(1000)
    expect(fake.sent).toHaveLength(asked)
  })
})
