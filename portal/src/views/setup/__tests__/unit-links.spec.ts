import { flushPromises, mount } from '@vue/test-utils'
import { ElOption, ElSelect } from 'element-plus'
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { Unit } from '@/api/org'
import { createAppI18n } from '@/locales'
import UnitLinksDialog from '../UnitLinksDialog.vue'

const REPORTER = { id: 'VXNlcjox', username: 'liangtian', displayName: '良田镇 填报员' }
const DUCHA = { id: 'VXNlcjoy', username: 'ducha', displayName: '督查组 孙组长' }
const OFFICE = { id: 'VXNlcjoz', username: 'office', displayName: '考评办 王主任' }

const LIANGTIAN: Unit = {
  id: 'VW5pdDox',
  code: 'liangtian',
  name: '良田镇',
  kind: 'TOWN',
  kindLabel: '镇',
  headcount: 40,
  monitoring: false,
  active: true,
  createdAt: '2015-01-05T02:00:00+00:00',
  updatedAt: '2015-01-05T02:00:00+00:00',
  links: [{ role: 'REPORTER', roleLabel: '填报员', user: REPORTER }],
}

type Candidate = typeof DUCHA

/** A server whose answers to the candidate searches come when the test says, in any order. */
function slowServer() {
  const pending: { search: string | null; answer: (users: Candidate[]) => void }[] = []
  const fetch = vi.fn(async (_url: string, init?: RequestInit) => {
    const body = JSON.parse(String(init?.body ?? '{}')) as { variables: { search: string | null } }
    const users = await new Promise<Candidate[]>((resolve) => {
      pending.push({ search: body.variables.search, answer: resolve })
    })
    return Response.json({ data: { unitLinkCandidates: users } })
  })
  const answer = async (search: string | null, users: Candidate[]) => {
    const index = pending.findIndex((request) => request.search === search)
    expect(index, `a search for ${search} was sent`).toBeGreaterThanOrEqual(0)
    pending.splice(index, 1)[0]!.answer(users)
    await flushPromises()
  }
  return { fetch, answer }
}

type Select = ReturnType<ReturnType<typeof mount>['findComponent']>
/** The labels a select offers, in its order. */
const offered = (select: Select) => select.findAllComponents(ElOption).map((option) => option.props('label'))

describe('UnitLinksDialog', () => {
  beforeEach(() => setActivePinia(createPinia()))
  afterEach(() => {
    vi.unstubAllGlobals()
    document.body.innerHTML = ''
  })

  async function openDialog() {
    const server = slowServer()
    vi.stubGlobal('fetch', server.fetch)
    const wrapper = mount(UnitLinksDialog, {
      props: { modelValue: false, unit: LIANGTIAN },
      global: { plugins: [createAppI18n('zh-CN')] },
      attachTo: document.body,
    })
    await wrapper.setProps({ modelValue: true })
    await flushPromises()
    const selects = wrapper.findAllComponents(ElSelect)
    expect(selects).toHaveLength(4)
    return { wrapper, server, contact: selects[3]! }
  }

  it('lists what the last search found, even when the search on opening answers after it', async () => {
    const { server, contact } = await openDialog()
    // The user types before the list of all candidates has come.
    void (contact.props('remoteMethod') as (query: string) => Promise<void>)('ducha')
    await flushPromises()
    await server.answer('ducha', [DUCHA])
    expect(offered(contact)).toEqual(['督查组 孙组长（ducha）'])
    // The late answer to the empty search neither shows everyone again nor ends a later search.
    await server.answer(null, [REPORTER, DUCHA, OFFICE])
    expect(offered(contact)).toEqual(['督查组 孙组长（ducha）'])
    expect(contact.props('loading')).toBe(false)
  })

  it('keeps a chosen user named when a later search does not find them', async () => {
    const { server, contact, wrapper } = await openDialog()
    await server.answer(null, [REPORTER, DUCHA, OFFICE])
    contact.vm.$emit('update:modelValue', [DUCHA.id])
    await flushPromises()
    void (contact.props('remoteMethod') as (query: string) => Promise<void>)('wang')
    await flushPromises()
    await server.answer('wang', [OFFICE])
    expect(contact.text()).toContain('督查组 孙组长（ducha）')
    expect(contact.text()).not.toContain(DUCHA.id)
    // Each select offers the found users and its own chosen ones, not another role's.
    expect(offered(contact)).toEqual(['考评办 王主任（office）', '督查组 孙组长（ducha）'])
    const reporter = wrapper.findAllComponents(ElSelect)[0]!
    expect(offered(reporter)).toEqual(['考评办 王主任（office）', '良田镇 填报员（liangtian）'])
  })
})
