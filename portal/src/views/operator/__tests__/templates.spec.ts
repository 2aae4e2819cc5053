import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createAppI18n } from '@/locales'
import { vPermission } from '@/permissions/directive'
import { useViewerStore } from '@/stores/viewer'
import { fakeGraphQL } from '@/testing/graphql'
import { testRouter } from '@/testing/router'
import { signedInViewer } from '@/testing/viewers'
import TemplatesView from '../TemplatesView.vue'

function template(code: string, name: string, overrides: Record<string, unknown> = {}) {
  return {
    code,
    name,
    description: '镇街与部门分组',
    library: 'PLATFORM',
    level: 'district',
    components: ['指标考核 80', '领导评价 10', '群众满意度 10'],
    groups: ['镇街组', '经济发展组'],
    indicators: 24,
    periods: ['Q1', 'Q2', 'Q3', 'Q4'],
    sourceScheme: null,
    updatedAt: '2026-12-06T10:00:00Z',
    updatedBy: '平台运营 张伟',
    kinds: [
      { kind: 'TOWN', label: '镇', units: 6, indicators: 18 },
      { kind: 'DEPARTMENT', label: '部门', units: 12, indicators: 15 },
    ],
    ...overrides,
  }
}

async function mountPage(extra: Record<string, unknown> = {}) {
  const fake = fakeGraphQL({
    PlatformSchemeTemplates: { platformSchemeTemplates: [template('town-basic', '镇街基础指标库')] },
    ...extra,
  } as Record<string, Record<string, unknown>>)
  vi.stubGlobal('fetch', fake.fetch)
  useViewerStore().viewer = signedInViewer({ kind: 'operator', tenant: null, permissions: ['template:manage'] })
  const wrapper = mount(TemplatesView, {
    global: { plugins: [createAppI18n('zh-CN'), testRouter()], directives: { permission: vPermission } },
    attachTo: document.body,
  })
  await flushPromises()
  return { wrapper, fake }
}

const fieldErrors = () => [...document.querySelectorAll('.el-form-item__error')].map((node) => node.textContent?.trim())

function typeInto(selector: string, value: string): void {
  const found = document.querySelector(selector) as HTMLElement
  const input = (found.matches('input, textarea') ? found : found.querySelector('input, textarea')) as HTMLInputElement
  input.value = value
  input.dispatchEvent(new Event('input'))
}

describe('the platform scheme templates', { timeout: 20_000 }, () => {
  beforeEach(() => setActivePinia(createPinia()))
  afterEach(() => {
    vi.unstubAllGlobals()
    document.body.innerHTML = ''
  })

  it('lists each template with its level and its indicators by unit kind', async () => {
    const { wrapper } = await mountPage()
    const table = wrapper.get('[data-testid="template-table"]').text()
    expect(table).toContain('镇街基础指标库')
    expect(table).toContain('区')
    expect(table).not.toContain('templates.')
    expect(table).toContain('镇街组、经济发展组')
    expect(wrapper.get('[data-testid="template-kind-town-basic-TOWN"]').text()).toBe('镇 6 个对象 · 18 项指标')
  })

  it('uploads pasted scheme text and shows the server’s problem at the document', async () => {
    const problem = { code: 'INVALID', field: 'document', message: '模板 city: components 的权重之和须为 100' }
    const { fake } = await mountPage({
      UploadSchemeTemplate: { uploadSchemeTemplate: { template: null, errors: [problem] } },
    })
    ;(document.querySelector('[data-testid="template-upload"]') as HTMLElement).click()
    await flushPromises()
    typeInto('[data-testid="template-code"]', 'city')
    typeInto('[data-testid="template-name"]', '市级模板')
    typeInto('[data-testid="template-document"]', 'format: jixiao.scheme/1\nscheme: {}\n')
    await flushPromises()
    ;(document.querySelector('[data-testid="template-submit"]') as HTMLElement).click()
    await vi.waitFor(() => expect(fake.names()).toContain('UploadSchemeTemplate'))
    await flushPromises()
    expect(fake.sent.at(-1)?.variables).toEqual({
      input: { code: 'city', name: '市级模板', description: '', level: null, document: 'format: jixiao.scheme/1\nscheme: {}\n' },
    })
    // the field's message comes in with a transition
    await vi.waitFor(() => expect(fieldErrors()).toEqual(['模板 city: components 的权重之和须为 100']))
  })

  it('asks for what is missing before sending anything', async () => {
    const { fake } = await mountPage()
    ;(document.querySelector('[data-testid="template-upload"]') as HTMLElement).click()
    await flushPromises()
    ;(document.querySelector('[data-testid="template-submit"]') as HTMLElement).click()
    await flushPromises()
    expect(fake.names()).not.toContain('UploadSchemeTemplate')
    await vi.waitFor(() => expect(fieldErrors()).toEqual(['请填写模板代码', '请填写模板名称', '请填写方案文件']))
  })
})
