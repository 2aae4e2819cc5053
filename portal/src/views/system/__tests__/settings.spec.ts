import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createAppI18n } from '@/locales'
import { useViewerStore } from '@/stores/viewer'
import { fakeGraphQL } from '@/testing/graphql'
import { testRouter } from '@/testing/router'
import { signedInViewer } from '@/testing/viewers'
import SettingsView from '../SettingsView.vue'

const UPDATED = '2015-03-01T08:00:00Z'

const choice = (key: string, label: string, value: string, fallback: string, choices: string[]) => ({
  key,
  label,
  value,
  default: fallback,
  updatedAt: UPDATED,
  help: `${label}的说明`,
  group: 'general',
  groupLabel: '通用',
  kind: 'CHOICE',
  minimum: null,
  maximum: null,
  unit: null,
  choices,
})

const number = (key: string, label: string, value: number, fallback: number, group: [string, string], unit: string) => ({
  key,
  label,
  value: String(value),
  default: String(fallback),
  updatedAt: UPDATED,
  help: `${label}的说明`,
  group: group[0],
  groupLabel: group[1],
  kind: 'NUMBER',
  minimum: 0,
  maximum: 100,
  unit,
  choices: [],
})

const SUPERVISION: [string, string] = ['supervision', '督查督办']
const SETTINGS = [
  choice('locale', '界面语言', 'zh-CN', 'zh-CN', ['zh-CN', 'en']),
  choice('timezone', '时区', 'Asia/Urumqi', 'Asia/Shanghai', ['Asia/Shanghai', 'Asia/Urumqi']),
  number('audit_retention_days', '日志保留天数', 180, 180, ['security', '安全与日志'], '天'),
  number('supervision_green_percent', '督查绿灯线', 90, 90, SUPERVISION, '%'),
  number('supervision_yellow_percent', '督查黄灯线', 60, 60, SUPERVISION, '%'),
]

async function mountSettings(permissions: string[], answers: Parameters<typeof fakeGraphQL>[0] = {}) {
  useViewerStore().setViewer(signedInViewer({ permissions }))
  const server = fakeGraphQL({ TenantSettings: { tenantSettings: SETTINGS }, ...answers })
  vi.stubGlobal('fetch', server.fetch)
  const router = testRouter()
  await router.push('/system/settings')
  const wrapper = mount(SettingsView, { global: { plugins: [createAppI18n('zh-CN'), router] }, attachTo: document.body })
  await flushPromises()
  return { wrapper, server }
}

/** Type a number into a row's input as a user does (type, then leave the field). */
async function typeNumber(row: ReturnType<Awaited<ReturnType<typeof mountSettings>>['wrapper']['get']>, value: string) {
  const input = row.get('input')
  await input.setValue(value)
  await input.trigger('change')
  await flushPromises()
}

describe('系统设置', () => {
  beforeEach(() => {
    setActivePinia(createPinia())
    localStorage.clear()
  })
  afterEach(() => {
    vi.unstubAllGlobals()
    document.body.innerHTML = ''
  })

  it('shows one section per group in the server’s order, with help, defaults and readable choices', async () => {
    const { wrapper, server } = await mountSettings(['setting:read', 'setting:write'])

    expect(server.names()).toEqual(['TenantSettings'])
    expect(wrapper.findAll('h3.group-title').map((h) => h.text())).toEqual(['通用', '安全与日志', '督查督办'])
    const timezone = wrapper.get('[data-testid="setting-timezone"]')
    expect(timezone.text()).toContain('时区')
    expect(timezone.text()).toContain('时区的说明')
    expect(timezone.get('[data-testid="setting-default"]').text()).toBe('默认：北京时间（Asia/Shanghai）')
    expect(timezone.find('[data-testid="setting-restore"]').exists()).toBe(true)
    // The label names its input.
    const label = timezone.get('label')
    expect(label.attributes('for')).toBe('setting-timezone')
    expect(wrapper.find('#setting-timezone').exists()).toBe(true)
    const locale = wrapper.get('[data-testid="setting-locale"]')
    expect(locale.text()).toContain('简体中文')
    expect(locale.find('[data-testid="setting-restore"]').exists()).toBe(false)
    const green = wrapper.get('[data-testid="setting-supervision_green_percent"]')
    expect(green.text()).toContain('%')
    expect(green.get('[data-testid="setting-save"]').attributes('disabled')).toBeDefined()
  })

  it('is read-only without setting:write: values, no inputs and no save buttons', async () => {
    const { wrapper } = await mountSettings(['setting:read'])

    expect(wrapper.find('[data-testid="settings-read-only"]').exists()).toBe(true)
    expect(wrapper.find('[data-testid="setting-save"]').exists()).toBe(false)
    expect(wrapper.find('[data-testid="setting-input"]').exists()).toBe(false)
    expect(wrapper.find('[data-testid="setting-restore"]').exists()).toBe(false)
    const values = wrapper.findAll('[data-testid="setting-value"]').map((v) => v.text())
    expect(values).toEqual(['简体中文', '乌鲁木齐时间（Asia/Urumqi）', '180 天', '90 %', '60 %'])
  })

  it('saves a changed row with its value as text and takes the server’s answer', async () => {
    const { wrapper, server } = await mountSettings(['setting:read', 'setting:write'], {
      UpdateTenantSetting: ({ key, value }) => ({
        updateTenantSetting: {
          setting: { ...SETTINGS[4], key, value, updatedAt: '2015-04-01T08:00:00Z' },
          errors: [],
        },
      }),
    })
    const row = wrapper.get('[data-testid="setting-supervision_yellow_percent"]')
    await typeNumber(row, '70')
    const save = row.get('[data-testid="setting-save"]')
    expect(save.attributes('disabled')).toBeUndefined()
    await save.trigger('click')
    await flushPromises()

    expect(server.sent.at(-1)).toEqual({
      name: 'UpdateTenantSetting',
      variables: { key: 'supervision_yellow_percent', value: '70' },
    })
    expect(row.find('[data-testid="setting-error"]').exists()).toBe(false)
    expect(row.get('[data-testid="setting-save"]').attributes('disabled')).toBeDefined()
    expect(document.body.textContent).toContain('已保存“督查黄灯线”')
  })

  it('shows the server’s refusal on the row it belongs to', async () => {
    const message = '「督查黄灯线」须低于「督查绿灯线」（现为 95 与 90）'
    const { wrapper } = await mountSettings(['setting:read', 'setting:write'], {
      UpdateTenantSetting: {
        updateTenantSetting: { setting: null, errors: [{ code: 'INVALID_INPUT', field: 'value', message }] },
      },
    })
    const row = wrapper.get('[data-testid="setting-supervision_yellow_percent"]')
    await typeNumber(row, '95')
    await row.get('[data-testid="setting-save"]').trigger('click')
    await flushPromises()

    expect(row.get('[data-testid="setting-error"]').text()).toBe(`未能保存：${message}`)
    expect(wrapper.findAll('[data-testid="setting-error"]')).toHaveLength(1)
    // Still changed: the user may correct it and save again.
    expect(row.get('[data-testid="setting-save"]').attributes('disabled')).toBeUndefined()
  })

  it('says when the settings could not be loaded', async () => {
    useViewerStore().setViewer(signedInViewer({ permissions: ['setting:read'] }))
    vi.stubGlobal('fetch', fakeGraphQL({}).fetch)
    const router = testRouter()
    await router.push('/system/settings')
    const wrapper = mount(SettingsView, { global: { plugins: [createAppI18n('zh-CN'), router] } })
    await flushPromises()
    expect(wrapper.get('[data-testid="settings-error"]').text()).toContain('设置加载失败')
  })
})
