import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { defineComponent, h } from 'vue'
import type { Router } from 'vue-router'
import { createAppI18n } from '@/locales'
import { useViewerStore } from '@/stores/viewer'
import { fakeGraphQL } from '@/testing/graphql'
import { APPRAISAL_SCHEMES } from '@/testing/results'
import { testRouter } from '@/testing/router'
import { signedInViewer } from '@/testing/viewers'
import { SCHEME_STORAGE_KEY, useSchemeChoice } from '../useSchemeChoice'

type Choice = ReturnType<typeof useSchemeChoice>

/** Run the composable in a bare component on the results page's address. */
async function choose(permissions: string[], answers: Parameters<typeof fakeGraphQL>[0], path = '/results') {
  useViewerStore().setViewer(signedInViewer({ permissions }))
  const server = fakeGraphQL(answers)
  vi.stubGlobal('fetch', server.fetch)
  const router: Router = testRouter()
  await router.push(path)
  let choice: Choice | undefined
  const Host = defineComponent({
    setup() {
      choice = useSchemeChoice()
      return () => h('div')
    },
  })
  mount(Host, { global: { plugins: [createAppI18n('zh-CN'), router] } })
  await choice!.init()
  await flushPromises()
  return { choice: choice!, server, router }
}

describe('choosing the scheme of a results page', () => {
  beforeEach(() => {
    setActivePinia(createPinia())
    localStorage.clear()
  })
  afterEach(() => {
    vi.unstubAllGlobals()
  })

  it('lists the appraisal schemes for a reader without scheme:read and takes the newest', async () => {
    const { choice, server, router } = await choose(['result:read', 'report:write'], { AppraisalSchemes: APPRAISAL_SCHEMES })

    expect(server.names()).toEqual(['AppraisalSchemes'])
    expect(choice.canList.value).toBe(true)
    expect(choice.schemes.value).toEqual([
      { id: 'U2NoZW1lOjI=', code: 'jinfeng-2016', name: '金凤区2016年绩效考评方案', year: 2016, status: 'DRAFT' },
      { id: 'U2NoZW1lOjE=', code: 'jinfeng-2015', name: '金凤区2015年绩效考评方案', year: 2015, status: 'PUBLISHED' },
    ])
    expect(router.currentRoute.value.query.scheme).toBe('jinfeng-2016')
    expect(choice.scheme.value?.name).toBe('金凤区2016年绩效考评方案')
    expect(choice.ready.value).toBe(true)
  })

  it('offers the scheme remembered from the last visit when the list has it', async () => {
    localStorage.setItem(SCHEME_STORAGE_KEY, 'jinfeng-2015')
    const { router } = await choose(['assignment:read'], { AppraisalSchemes: APPRAISAL_SCHEMES })
    expect(router.currentRoute.value.query.scheme).toBe('jinfeng-2015')
  })

  it('keeps the full scheme list for scheme:read', async () => {
    const node = { ...APPRAISAL_SCHEMES.appraisalSchemes[1], id: 'U2NoZW1lOjE=' }
    const { server, choice } = await choose(['scheme:read', 'result:read'], {
      Schemes: { schemes: { nodes: [node], pageInfo: { hasNextPage: false, endCursor: null } } },
    })
    expect(server.names()).toEqual(['Schemes'])
    expect(choice.schemes.value.map((s) => s.code)).toEqual(['jinfeng-2015'])
  })

  it('asks for a code, and nothing of the server, when the viewer may list no scheme', async () => {
    const { choice, server, router } = await choose(['bonus:read'], {}, '/results?scheme=jinfeng-2015')
    expect(server.names()).toEqual([])
    expect(choice.canList.value).toBe(false)
    expect(choice.schemeCode.value).toBe('jinfeng-2015')
    expect(router.currentRoute.value.query.scheme).toBe('jinfeng-2015')
  })
})
