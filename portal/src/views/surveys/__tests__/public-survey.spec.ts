import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createAppI18n } from '@/locales'
import { testRouter } from '@/testing/router'
import PublicSurveyView from '@/views/surveys/public/PublicSurveyView.vue'

const PAGE = {
  title: '2015年度群众满意度测评',
  intro: '',
  questions: ['服务态度', '办事效率'],
  scale: 'five_point',
  options: [
    { label: '非常满意', value: '100' },
    { label: '满意', value: '80' },
    { label: '基本满意', value: '60' },
    { label: '不满意', value: '40' },
    { label: '非常不满意', value: '20' },
  ],
  units: [
    { position: 0, name: '良田镇' },
    { position: 1, name: '丰登镇' },
  ],
  access: 'code',
  ticket: null,
}

function reply(status: number, body: unknown) {
  return Promise.resolve(new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } }))
}

const ACCEPTED = { status: 201, body: { units: 1, message: '提交成功，感谢您的参与！' } }
const REUSED = {
  status: 409,
  body: { error: { code: 'CONFLICT', message: '该邀请码已使用过，每个邀请码只能提交一次答卷', field: 'code' } },
}

async function mountPage(path: string, page: unknown = PAGE, answer: { status: number; body: unknown } = ACCEPTED) {
  const sent: unknown[] = []
  const fetcher = vi.fn((url: string, init?: RequestInit) => {
    if (init?.method === 'POST') {
      sent.push(JSON.parse(String(init.body)))
      return reply(answer.status, answer.body)
    }
    return url.includes('/public/surveys/') ? reply(200, page) : reply(404, {})
  })
  vi.stubGlobal('fetch', fetcher)
  const router = testRouter()
  await router.push(path)
  const wrapper = mount(PublicSurveyView, { global: { plugins: [createAppI18n('zh-CN'), router] }, attachTo: document.body })
  await flushPromises()
  return { wrapper, sent }
}

describe('the public answering page', () => {
  beforeEach(() => {
    setActivePinia(createPinia())
    localStorage.clear()
  })
  afterEach(() => {
    vi.unstubAllGlobals()
    document.body.innerHTML = ''
  })

  it('sends the fully answered units with the code from the QR link', async () => {
    const { wrapper, sent } = await mountPage('/s/KEY?code=ABCDE-23456')
    expect(wrapper.text()).toContain('良田镇')
    expect((wrapper.get('.el-form input').element as HTMLInputElement).value).toBe('ABCDE-23456')
    const unit = wrapper.get('[data-testid="survey-unit-0"]')
    await unit.findAll('.el-radio-button')[0]!.trigger('click')
    await wrapper.get('[data-testid="survey-submit"]').trigger('click')
    await flushPromises()
    expect(wrapper.get('[data-testid="survey-error"]').text()).toContain('「良田镇」还有问题未作答')
    expect(sent).toEqual([])
    await unit.findAll('.el-radio-group')[1]!.findAll('.el-radio-button')[1]!.trigger('click')
    await wrapper.get('[data-testid="survey-submit"]').trigger('click')
    await flushPromises()
    expect(sent).toEqual([{ answers: [{ unit: 0, values: [100, 80] }], code: 'ABCDE-23456' }])
    expect(wrapper.get('[data-testid="survey-done"]').text()).toContain('提交成功')
  })

  it('shows the refusal of the server in Chinese', async () => {
    const { wrapper, sent } = await mountPage('/s/KEY?code=ABCDE-23456', PAGE, REUSED)
    const unit = wrapper.get('[data-testid="survey-unit-1"]')
    for (const group of unit.findAll('.el-radio-group')) await group.findAll('.el-radio-button')[2]!.trigger('click')
    await wrapper.get('[data-testid="survey-submit"]').trigger('click')
    await flushPromises()
    expect(sent).toEqual([{ answers: [{ unit: 1, values: [60, 60] }], code: 'ABCDE-23456' }])
    expect(wrapper.get('[data-testid="survey-error"]').text()).toContain('该邀请码已使用过')
    expect(wrapper.find('[data-testid="survey-done"]').exists()).toBe(false)
  })

  it('an open link the browser has answered says so', async () => {
    localStorage.setItem('jixiao-survey-answered:KEY', '1')
    const { wrapper } = await mountPage('/s/KEY', { ...PAGE, access: 'link', ticket: 't.1.m' })
    expect(wrapper.get('[data-testid="survey-done"]').text()).toContain('您已提交过')
  })
})
