import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { Component } from 'vue'
import { createAppI18n } from '@/locales'
import { useViewerStore } from '@/stores/viewer'
import { fakeGraphQL } from '@/testing/graphql'
import { APPRAISAL_SCHEMES } from '@/testing/results'
import { testRouter } from '@/testing/router'
import { signedInViewer } from '@/testing/viewers'
import InspectionsView from '../InspectionsView.vue'
import SupervisionView from '../SupervisionView.vue'

const page = (nodes: unknown[]) => ({ nodes, pageInfo: { hasNextPage: false, endCursor: null } })
const file = { id: 'f1', fileName: '现场照片.jpg', sizeBytes: 2048, url: '/files/record-files/f1' }

const inspection = {
  id: 'i1',
  unitCode: 'liangtian',
  unitName: '良田镇',
  date: '2015-05-12',
  kind: 'UNANNOUNCED',
  kindLabel: '暗访',
  finding: '窗口无人值守',
  deduction: '0.5',
  createdBy: 'kaopingban',
  files: [file],
  uploadUrl: '/files/records/i1',
}

const award = (id: string, status: string) => ({
  id,
  unitCode: 'fengdeng',
  unitName: '丰登镇',
  kind: 'COLLECTIVE',
  kindLabel: '集体',
  title: `智慧社区 ${id}`,
  applicant: '',
  description: '',
  status,
  points: status === 'RECOGNISED' ? '1' : null,
  note: '',
  createdBy: 'fengdeng-tb',
  files: [],
  uploadUrl: `/files/records/${id}`,
})

const row = (unitCode: string, unitName: string, light: string) => ({
  assignmentId: `a-${unitCode}`,
  unitCode,
  unitName,
  indicatorCode: 'A2',
  indicatorName: '固定资产投资完成率',
  progress: light === 'GREEN' ? '100' : '40',
  light,
  lightLabel: light,
  why: light === 'GREEN' ? '已达节点' : '低于节点 60%',
  overdue: light === 'RED',
  reported: true,
  approved: true,
  verified: light === 'GREEN',
  scored: false,
})

const notice = {
  id: 'n1',
  unitCode: 'fengdeng',
  unitName: '丰登镇',
  title: '请加快投资进度',
  body: '一季度投资进度滞后',
  period: 'Q2',
  replyDue: '2015-07-10',
  overdue: false,
  state: 'OPEN',
  stateLabel: '待回复',
  reply: '',
  repliedAt: null,
  closeNote: '',
  createdAt: '2015-07-01T00:00:00Z',
}

async function mountAt(component: Component, path: string) {
  const router = testRouter()
  await router.push(path)
  const wrapper = mount(component, { global: { plugins: [createAppI18n('zh-CN'), router] }, attachTo: document.body })
  await flushPromises()
  return wrapper
}

describe('明查暗访与创新奖', () => {
  beforeEach(() => {
    setActivePinia(createPinia())
    localStorage.clear()
  })
  afterEach(() => {
    vi.unstubAllGlobals()
    document.body.innerHTML = ''
  })

  it('shows the office inspections and awards from one request, with the decision buttons', async () => {
    useViewerStore().setViewer(signedInViewer({ permissions: ['score:read', 'score:reopen', 'supervision:read'] }))
    const server = fakeGraphQL({
      AppraisalSchemes: APPRAISAL_SCHEMES,
      InspectionDesk: {
        viewer: { unit: null },
        appraisalSchemes: [{ units: [{ code: 'zhenbeibao', name: '镇北堡镇' }] }],
        inspections: page([inspection]),
        innovationAwards: page([award('w1', 'APPLIED'), award('w2', 'RECOGNISED')]),
      },
    })
    vi.stubGlobal('fetch', server.fetch)
    const wrapper = await mountAt(InspectionsView, '/cycle/inspections?scheme=jinfeng-2015')

    expect(server.sent).toEqual([
      { name: 'AppraisalSchemes', variables: {} },
      {
        name: 'InspectionDesk',
        variables: { schemeCode: 'jinfeng-2015', withInspections: true, withAwards: true, first: 100 },
      },
    ])
    const table = wrapper.get('[data-testid="inspections-table"]')
    expect(table.text()).toContain('窗口无人值守')
    expect(table.text()).toContain('暗访')
    const link = table.get<HTMLAnchorElement>('[data-testid="record-file"]')
    expect(link.attributes('href')).toBe('/files/record-files/f1')
    expect(link.text()).toBe('现场照片.jpg')
    expect(wrapper.find('[data-testid="inspection-record"]').exists()).toBe(true)
    const [applied, recognised] = wrapper.get('[data-testid="awards-table"]').findAll('tbody tr.el-table__row')
    expect(applied!.find('[data-testid="award-recognise"]').exists()).toBe(true)
    expect(applied!.find('[data-testid="award-reject"]').exists()).toBe(true)
    expect(applied!.find('[data-testid="award-withdraw"]').exists()).toBe(false)
    expect(recognised!.find('[data-testid="award-withdraw"]').exists()).toBe(true)
    expect(recognised!.find('[data-testid="award-recognise"]').exists()).toBe(false)
    expect(wrapper.findAll('[data-testid="award-status"]').map((tag) => tag.text())).toEqual(['待认定', '已认定'])
    // The inspection form offers the scheme's units, not only those already in the records.
    await wrapper.get('[data-testid="inspection-record"]').trigger('click')
    await flushPromises()
    const offered = [...document.querySelectorAll('.el-select-dropdown__item')].map((item) => item.textContent?.trim())
    expect(offered).toContain('镇北堡镇')
    // The office adds evidence to any inspection and any application.
    expect(table.find('[data-testid="record-upload"]').exists()).toBe(true)
    expect(applied!.find('[data-testid="record-upload"]').exists()).toBe(true)
    expect(recognised!.find('[data-testid="record-upload"]').exists()).toBe(true)
  })

  it('lets a unit reporter apply for awards only, without the inspections or the decisions', async () => {
    useViewerStore().setViewer(signedInViewer({ permissions: ['assignment:read', 'report:write'] }))
    const server = fakeGraphQL({
      AppraisalSchemes: APPRAISAL_SCHEMES,
      InspectionDesk: { viewer: { unit: null }, appraisalSchemes: [], innovationAwards: page([award('w1', 'APPLIED'), award('w2', 'REJECTED')]) },
    })
    vi.stubGlobal('fetch', server.fetch)
    const wrapper = await mountAt(InspectionsView, '/cycle/inspections?scheme=jinfeng-2015')

    expect(server.names()).toEqual(['AppraisalSchemes', 'InspectionDesk'])
    expect(server.sent[1]?.variables).toMatchObject({ withInspections: false, withAwards: true })
    expect(wrapper.find('[data-testid="inspections-table"]').exists()).toBe(false)
    expect(wrapper.find('[data-testid="inspection-record"]').exists()).toBe(false)
    expect(wrapper.find('[data-testid="award-apply"]').exists()).toBe(true)
    expect(wrapper.find('[data-testid="award-remove"]').exists()).toBe(true)
    for (const button of ['award-recognise', 'award-reject', 'award-withdraw']) {
      expect(wrapper.find(`[data-testid="${button}"]`).exists(), button).toBe(false)
    }
    // A unit adds evidence to its application while it waits for the decision only.
    const [waiting, rejected] = wrapper.get('[data-testid="awards-table"]').findAll('tbody tr.el-table__row')
    expect(waiting!.find('[data-testid="record-upload"]').exists()).toBe(true)
    expect(rejected!.find('[data-testid="record-upload"]').exists()).toBe(false)
  })

  it('shows a unit its own inspections read-only and applies for its own unit', async () => {
    useViewerStore().setViewer(signedInViewer({ permissions: ['assignment:read', 'report:write', 'result:read'] }))
    const server = fakeGraphQL({
      AppraisalSchemes: APPRAISAL_SCHEMES,
      InspectionDesk: {
        viewer: { unit: { code: 'liangtian', name: '良田镇' } },
        appraisalSchemes: [{ units: [{ code: 'liangtian', name: '良田镇' }] }],
        inspections: page([inspection]),
        innovationAwards: page([]),
      },
    })
    vi.stubGlobal('fetch', server.fetch)
    const wrapper = await mountAt(InspectionsView, '/cycle/inspections?scheme=jinfeng-2015')

    expect(server.sent[1]?.variables).toMatchObject({ withInspections: true, withAwards: true })
    const table = wrapper.get('[data-testid="inspections-table"]')
    expect(table.text()).toContain('窗口无人值守')
    expect(table.find('[data-testid="record-file"]').exists()).toBe(true)
    for (const button of ['inspection-record', 'inspection-edit', 'inspection-remove', 'record-upload']) {
      expect(table.find(`[data-testid="${button}"]`).exists(), button).toBe(false)
    }
    expect(wrapper.find('[data-testid="inspection-record"]').exists()).toBe(false)
    expect(wrapper.text()).toContain('查看本单位接受明查暗访的记录和扣分')

    await wrapper.get('[data-testid="award-apply"]').trigger('click')
    await flushPromises()
    const unit = document.querySelector('[data-testid="award-unit"]')
    expect(unit?.outerHTML).toContain('is-disabled')
    expect(unit?.textContent).toContain('良田镇')
  })
})

describe('督查督办', () => {
  beforeEach(() => {
    setActivePinia(createPinia())
    localStorage.clear()
  })
  afterEach(() => {
    vi.unstubAllGlobals()
    document.body.innerHTML = ''
  })

  it('shows supervision the period’s counts, board and notices from one request', async () => {
    useViewerStore().setViewer(signedInViewer({ permissions: ['assignment:read', 'supervision:read', 'supervision:write'] }))
    const server = fakeGraphQL({
      AppraisalSchemes: APPRAISAL_SCHEMES,
      SupervisionDesk: {
        supervisionSummary: { total: 3, green: 1, yellow: 1, red: 1, none: 0, overdue: 1 },
        supervisionBoard: page([row('liangtian', '良田镇', 'GREEN'), row('fengdeng', '丰登镇', 'RED')]),
        supervisionNotices: page([notice]),
      },
    })
    vi.stubGlobal('fetch', server.fetch)
    const wrapper = await mountAt(SupervisionView, '/cycle/supervision?scheme=jinfeng-2015&period=Q2')

    expect(server.sent).toEqual([
      { name: 'AppraisalSchemes', variables: {} },
      {
        name: 'SupervisionDesk',
        variables: { schemeCode: 'jinfeng-2015', period: 'Q2', light: null, first: 500, noticeFirst: 100 },
      },
    ])
    expect(wrapper.get('[data-testid="supervision-summary"]').text().replace(/\s+/g, '')).toContain('绿1黄1红1逾期1')
    const lights = wrapper.findAll('[data-testid="board-light"]')
    expect(lights.map((dot) => dot.classes())).toEqual([
      ['light', 'light-green'],
      ['light', 'light-red'],
    ])
    const board = wrapper.get('[data-testid="board-table"]').text()
    expect(board).toContain('低于节点 60%')
    expect(board).toContain('40%')
    expect(wrapper.find('[data-testid="notice-send"]').exists()).toBe(true)
    expect(wrapper.find('[data-testid="notice-close"]').exists()).toBe(true)
    expect(wrapper.find('[data-testid="notice-reply-input"]').exists()).toBe(false)
  })

  it('shows a unit reporter its notices with a reply box and no board', async () => {
    useViewerStore().setViewer(signedInViewer({ permissions: ['assignment:read', 'report:write'] }))
    const server = fakeGraphQL({
      AppraisalSchemes: APPRAISAL_SCHEMES,
      SupervisionNotices: { supervisionNotices: page([notice]) },
      ReplySupervisionNotice: {
        replySupervisionNotice: { notice: { ...notice, state: 'REPLIED', stateLabel: '已回复', reply: '已开工' }, errors: [] },
      },
    })
    vi.stubGlobal('fetch', server.fetch)
    const wrapper = await mountAt(SupervisionView, '/cycle/supervision?scheme=jinfeng-2015')

    expect(server.sent).toEqual([
      { name: 'AppraisalSchemes', variables: {} },
      { name: 'SupervisionNotices', variables: { schemeCode: 'jinfeng-2015', first: 100 } },
    ])
    expect(wrapper.find('[data-testid="supervision-board"]').exists()).toBe(false)
    expect(wrapper.find('[data-testid="notice-send"]').exists()).toBe(false)
    expect(wrapper.find('[data-testid="notice-close"]').exists()).toBe(false)
    await wrapper.get('textarea[data-testid="notice-reply-input"]').setValue('已开工')
    await wrapper.get('[data-testid="notice-reply"]').trigger('click')
    await flushPromises()
    expect(server.sent[2]).toEqual({ name: 'ReplySupervisionNotice', variables: { id: 'n1', reply: '已开工' } })
    expect(wrapper.get('[data-testid="notices-table"]').text()).toContain('已开工')
  })
})
