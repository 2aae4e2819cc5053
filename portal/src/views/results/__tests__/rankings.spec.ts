import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createAppI18n } from '@/locales'
import { useViewerStore } from '@/stores/viewer'
import { fakeGraphQL } from '@/testing/graphql'
import { APPRAISAL_SCHEMES, CAIZHENGJU, FENGDENG, LIANGTIAN, run, SHANGHAIXILU, unit } from '@/testing/results'
import { testRouter } from '@/testing/router'
import { signedInViewer } from '@/testing/viewers'
import RankingsView from '../RankingsView.vue'

const OFFICE = ['scheme:read', 'scheme:write', 'result:read', 'result:compute', 'result:publish']
const SCHEMES = {
  schemes: {
    nodes: [
      {
        id: 'U2NoZW1lOjE=',
        code: 'jinfeng-2015',
        name: '金凤区2015年绩效考评方案',
        year: 2015,
        status: 'DRAFT',
        statusLabel: '草稿',
        revision: 0,
        valid: true,
        source: '导入',
        updatedAt: '2015-01-01T00:00:00+00:00',
      },
    ],
    pageInfo: { hasNextPage: false, endCursor: null },
  },
}

function rankingsAnswer(variables: Record<string, unknown>) {
  const quarter = variables.period !== 'ANNUAL'
  const strip = (u: typeof SHANGHAIXILU) =>
    quarter
      ? { ...u, components: u.components.slice(0, 1), bonus: null, deductions: null, baseGrade: null, grade: null, flags: [], flagLabels: [], bonusAmount: null, explain: [] }
      : u
  const towns = [SHANGHAIXILU, LIANGTIAN, FENGDENG].map(strip)
  const econ = [CAIZHENGJU].map(strip)
  return {
    rankings: {
      run: run({ period: variables.period as 'ANNUAL' }),
      groups: [
        { code: 'towns', name: '镇街组', units: towns },
        { code: 'econ', name: '经济发展组', units: econ },
      ],
      overall: [...econ, ...towns],
    },
  }
}

async function mountPage(path: string) {
  const router = testRouter()
  await router.push(path)
  const wrapper = mount(RankingsView, {
    global: { plugins: [createAppI18n('zh-CN'), router] },
    attachTo: document.body,
  })
  await flushPromises()
  await vi.waitFor(() => expect(wrapper.find('[data-testid="run-summary"]').exists()).toBe(true))
  return { wrapper, router }
}

describe('the rankings page', () => {
  beforeEach(() => {
    setActivePinia(createPinia())
    localStorage.clear()
  })
  afterEach(() => {
    vi.unstubAllGlobals()
    vi.restoreAllMocks()
    document.body.innerHTML = ''
  })

  it('lists the office’s schemes, takes the newest, and ranks each group with its figures', async () => {
    useViewerStore().setViewer(signedInViewer({ roles: ['office'], permissions: OFFICE }))
    const server = fakeGraphQL({ Schemes: SCHEMES, Rankings: rankingsAnswer })
    vi.stubGlobal('fetch', server.fetch)
    const { wrapper, router } = await mountPage('/results')

    expect(router.currentRoute.value.query.scheme).toBe('jinfeng-2015')
    expect(server.sent.find((op) => op.name === 'Rankings')?.variables).toMatchObject({
      schemeCode: 'jinfeng-2015',
      period: 'ANNUAL',
    })
    const tabs = wrapper.get('[data-testid="rankings-tabs"]').text()
    expect(tabs).toContain('镇街组（3）')
    expect(tabs).toContain('经济发展组（1）')
    expect(tabs).toContain('总分排序')

    const towns = wrapper.get('[data-testid="ranking-towns"]')
    const rows = towns.findAll('tbody tr.el-table__row')
    expect(rows).toHaveLength(3)
    expect(rows[0]!.text()).toContain('上海西路街道')
    expect(rows[0]!.text()).toContain('84.91')
    expect(rows[0]!.text()).toContain('168,000.00')
    // Components as columns, with their weights.
    expect(towns.text()).toContain('指标考核（80%）')
    // A penalty: base grade → grade, and the flags in Chinese.
    expect(rows[2]!.text()).toContain('二等奖 → 无')
    expect(rows[2]!.find('[data-flag="binding_failed"]').text()).toBe('约束性指标未完成')
    expect(rows[2]!.find('[data-flag="no_award"]').text()).toBe('取消评优')
    // The office sees everything: no scope notice.
    expect(wrapper.find('[data-testid="rankings-scope"]').exists()).toBe(false)
  })

  it('shows the reasons in an expanded row', async () => {
    useViewerStore().setViewer(signedInViewer({ permissions: OFFICE }))
    vi.stubGlobal('fetch', fakeGraphQL({ Schemes: SCHEMES, Rankings: rankingsAnswer }).fetch)
    const { wrapper } = await mountPage('/results?scheme=jinfeng-2015')
    const fengdeng = wrapper.get('[data-testid="ranking-towns"]').findAll('tbody tr.el-table__row')[2]!
    await fengdeng.get('.el-table__expand-icon').trigger('click')
    await flushPromises()
    const explain = wrapper.get('[data-testid="explain-fengdeng"]')
    expect(explain.findAll('li').map((li) => li.text())).toEqual(FENGDENG.explain)
  })

  it('links each unit to its page and offers to compare the units ticked', async () => {
    useViewerStore().setViewer(signedInViewer({ permissions: OFFICE }))
    vi.stubGlobal('fetch', fakeGraphQL({ Schemes: SCHEMES, Rankings: rankingsAnswer }).fetch)
    const { wrapper, router } = await mountPage('/results?scheme=jinfeng-2015')
    const link = wrapper.get('[data-testid="ranking-towns"]').get('[data-testid="unit-link"]')
    expect(link.attributes('href')).toBe('/results/units/shanghaixilu?scheme=jinfeng-2015')

    const compare = wrapper.get('[data-testid="rankings-compare"]')
    expect(compare.attributes('disabled')).toBeDefined()
    const boxes = wrapper.get('[data-testid="ranking-towns"]').findAll('tbody .el-checkbox__original')
    await boxes[0]!.setValue(true)
    await boxes[1]!.setValue(true)
    await flushPromises()
    expect(compare.text()).toContain('对比所选（2）')
    await compare.trigger('click')
    await vi.waitFor(() => expect(router.currentRoute.value.name).toBe('compare'))
    expect(router.currentRoute.value.query.units).toBe('shanghaixilu,liangtian')
  })

  it('asks for a quarter and shows no grades, bonus or penalties for it', async () => {
    useViewerStore().setViewer(signedInViewer({ permissions: OFFICE }))
    const server = fakeGraphQL({ Schemes: SCHEMES, Rankings: rankingsAnswer })
    vi.stubGlobal('fetch', server.fetch)
    const { wrapper, router } = await mountPage('/results?scheme=jinfeng-2015')
    await wrapper.get('[data-testid="period-Q2"] input').setValue(true)
    await flushPromises()
    await vi.waitFor(() => expect(router.currentRoute.value.query.period).toBe('Q2'))
    await flushPromises()
    expect(server.sent.at(-1)).toMatchObject({ name: 'Rankings', variables: { period: 'Q2' } })
    const towns = wrapper.get('[data-testid="ranking-towns"]').text()
    expect(towns).not.toContain('等次')
    expect(towns).not.toContain('绩效奖')
    expect(towns).not.toContain('领导评价')
  })

  it('gives a unit’s reporter the appraisal schemes to pick from (no scheme:read), what the API returns, and says so', async () => {
    useViewerStore().setViewer(signedInViewer({ roles: ['unit_reporter'], permissions: ['result:read', 'report:write'] }))
    const own = unit({ ...LIANGTIAN })
    const server = fakeGraphQL({
      AppraisalSchemes: APPRAISAL_SCHEMES,
      Rankings: {
        rankings: {
          run: run(),
          groups: [{ code: 'towns', name: '镇街组', units: [own] }],
          overall: [own],
        },
      },
    })
    vi.stubGlobal('fetch', server.fetch)
    const { wrapper } = await mountPage('/results?scheme=jinfeng-2015')

    // Not the scheme list (scheme:read) but the one every results reader may ask for.
    expect(server.names()).toEqual(['AppraisalSchemes', 'Rankings'])
    expect(wrapper.get('[data-testid="scheme-select"]').text()).toContain('金凤区2015年绩效考评方案')
    expect(wrapper.find('[data-testid="scheme-code"]').exists()).toBe(false)
    expect(wrapper.get('[data-testid="rankings-scope"]').text()).toContain('只能看到本单位已公布的结果')
    const rows = wrapper.get('[data-testid="ranking-towns"]').findAll('tbody tr.el-table__row')
    expect(rows).toHaveLength(1)
    expect(rows[0]!.text()).toContain('良田镇')
    expect(wrapper.get('[data-testid="rankings-tabs"]').text()).toContain('镇街组（1）')
    expect(wrapper.find('[data-testid="rankings-export-bonus"]').exists()).toBe(false)
  })

  it('says there is nothing to show yet rather than an empty table', async () => {
    useViewerStore().setViewer(signedInViewer({ permissions: ['result:read'] }))
    vi.stubGlobal('fetch', fakeGraphQL({ Rankings: { rankings: null } }).fetch)
    const router = testRouter()
    await router.push('/results?scheme=jinfeng-2016')
    const wrapper = mount(RankingsView, { global: { plugins: [createAppI18n('zh-CN'), router] } })
    await vi.waitFor(() => expect(wrapper.find('[data-testid="rankings-empty"]').exists()).toBe(true))
    expect(wrapper.get('[data-testid="rankings-empty"]').text()).toContain('还没有可查看的结果')
  })

  it('lets the finance bureau download the bonus table as Excel', async () => {
    useViewerStore().setViewer(signedInViewer({ permissions: ['result:read', 'bonus:read'] }))
    const server = fakeGraphQL({ Rankings: rankingsAnswer, BonusTableExcel: { bonusTableExcel: 'UEsDBA==' } })
    vi.stubGlobal('fetch', server.fetch)
    const created: Blob[] = []
    vi.spyOn(URL, 'createObjectURL').mockImplementation((blob) => (created.push(blob as Blob), 'blob:x'))
    vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => {})
    const { wrapper } = await mountPage('/results?scheme=jinfeng-2015')
    await wrapper.get('[data-testid="rankings-export-bonus"]').trigger('click')
    await flushPromises()
    expect(server.sent.at(-1)).toMatchObject({ name: 'BonusTableExcel', variables: { schemeCode: 'jinfeng-2015' } })
    expect(created).toHaveLength(1)
    expect(created[0]!.type).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
    expect(new Uint8Array(await created[0]!.arrayBuffer())).toEqual(new Uint8Array([0x50, 0x4b, 0x03, 0x04]))
  })

  it('exports the run shown to Excel, named by its id', async () => {
    useViewerStore().setViewer(signedInViewer({ permissions: ['result:read'] }))
    const file = { fileName: 'r.xlsx', contentType: 'application/vnd.ms-excel', base64: 'UEsDBA==', rowCount: 4 }
    const server = fakeGraphQL({ Rankings: rankingsAnswer, ExportRankings: { exportRankings: { file, errors: [] } } })
    vi.stubGlobal('fetch', server.fetch)
    vi.spyOn(URL, 'createObjectURL').mockImplementation(() => 'blob:x')
    vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => {})
    const { wrapper } = await mountPage('/results?scheme=jinfeng-2015&period=Q1')
    expect(wrapper.get('[data-testid="rankings-export"]').text()).toBe('导出Excel')
    await wrapper.get('[data-testid="rankings-export"]').trigger('click')
    await flushPromises()
    expect(server.sent.at(-1)).toMatchObject({
      name: 'ExportRankings',
      variables: { schemeCode: 'jinfeng-2015', period: 'Q1', runId: 'UmVzdWx0UnVuOjE=' },
    })
  })
})
