import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createAppI18n } from '@/locales'
import { testRouter } from '@/testing/router'
import PublicResultsView from '@/views/results/public/PublicResultsView.vue'

const ANNUAL = {
  scheme: '金凤区2015年绩效考评方案',
  period: 'annual',
  periodName: '全年',
  publishedOn: '2016-01-20',
  columns: ['rank', 'total'],
  groups: [
    {
      name: '镇街组',
      units: [
        { name: '良田镇', rank: 1, total: '95.5' },
        { name: '丰登镇', rank: 2, total: '90' },
      ],
    },
    { name: '经济发展组', units: [{ name: '财政局', rank: 1, total: '93.25' }] },
  ],
}
const Q1 = { ...ANNUAL, period: 'Q1', periodName: '第一季度', columns: ['grade'], groups: [{ name: '镇街组', units: [{ name: '良田镇', grade: '优秀' }] }] }

function reply(status: number, body: unknown) {
  return Promise.resolve(new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } }))
}

async function mountPage(status: number, body: unknown) {
  const fetcher = vi.fn((url: string, _init?: RequestInit) => (url === '/public/results/jinfeng' ? reply(status, body) : reply(404, {})))
  vi.stubGlobal('fetch', fetcher)
  const router = testRouter()
  await router.push('/p/jinfeng')
  const wrapper = mount(PublicResultsView, { global: { plugins: [createAppI18n('zh-CN'), router] }, attachTo: document.body })
  await flushPromises()
  return { wrapper, fetcher }
}

describe('the public results page', () => {
  beforeEach(() => setActivePinia(createPinia()))
  afterEach(() => {
    vi.unstubAllGlobals()
    document.body.innerHTML = ''
  })

  it('shows each group with only the disclosed columns, asked without credentials', async () => {
    const { wrapper, fetcher } = await mountPage(200, { tenant: '金凤区', results: [ANNUAL, Q1] })

    expect(fetcher.mock.calls[0]?.[1]).toMatchObject({ credentials: 'omit' })
    expect(wrapper.find('h1').text()).toBe('金凤区考评结果公开')
    expect(wrapper.get('[data-testid="public-results-title"]').text()).toBe('金凤区2015年绩效考评方案 · 全年')
    expect(wrapper.findAll('h3').map((h) => h.text())).toEqual(['镇街组', '经济发展组'])
    expect(wrapper.find('thead').text().replace(/\s+/g, '')).toBe('单位名次总分')
    const rows = wrapper.findAll('[data-testid="public-unit"]').map((row) => row.findAll('td').map((td) => td.text()))
    expect(rows).toEqual([
      ['良田镇', '1', '95.5'],
      ['丰登镇', '2', '90'],
      ['财政局', '1', '93.25'],
    ])
    expect(wrapper.find('[data-column="grade"]').exists()).toBe(false)
  })

  it('says so when there is nothing to show', async () => {
    const { wrapper } = await mountPage(200, { tenant: '金凤区', results: [] })
    expect(wrapper.get('[data-testid="public-results-none"]').text()).toContain('暂无公开的考评结果')
  })

  it("shows the server's message when the page is not open", async () => {
    const { wrapper } = await mountPage(404, { error: { code: 'NOT_FOUND', message: '该地区未开放考评结果公开页面', field: 'slug' } })
    expect(wrapper.get('[data-testid="public-results-failure"]').text()).toContain('该地区未开放考评结果公开页面')
    expect(wrapper.find('[data-testid="public-unit"]').exists()).toBe(false)
  })
})
