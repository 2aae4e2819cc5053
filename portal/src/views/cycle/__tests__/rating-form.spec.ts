import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createAppI18n } from '@/locales'
import { useViewerStore } from '@/stores/viewer'
import { fakeGraphQL } from '@/testing/graphql'
import { APPRAISAL_SCHEMES } from '@/testing/results'
import { testRouter } from '@/testing/router'
import { signedInViewer } from '@/testing/viewers'
import RatingFormView from '../RatingFormView.vue'

const line = (unitCode: string, unitName: string, value: string | null, state = 'not_rated') => ({
  unitCode,
  unitName,
  value,
  state,
  stateLabel: { rated: '已评', draft: '草稿', not_rated: '未评' }[state],
  submittedAt: null,
})

const form = (lines: unknown[], extra: Record<string, unknown> = {}) => ({
  schemeCode: 'jinfeng-2015',
  schemeName: '金凤区2015年绩效考评方案',
  componentCode: 'leaders',
  componentName: '领导评价',
  submitted: false,
  readOnly: false,
  readOnlyReason: null,
  lines,
  ...extra,
})

async function mountForm() {
  const router = testRouter()
  await router.push('/cycle/rating-form?scheme=jinfeng-2015')
  const wrapper = mount(RatingFormView, { global: { plugins: [createAppI18n('zh-CN'), router] }, attachTo: document.body })
  await flushPromises()
  return wrapper
}

describe('the leader rating form', () => {
  beforeEach(() => {
    setActivePinia(createPinia())
    localStorage.clear()
    useViewerStore().setViewer(signedInViewer({ permissions: ['score:read', 'score:write'] }))
  })
  afterEach(() => {
    vi.unstubAllGlobals()
    document.body.innerHTML = ''
  })

  it('lists the leader’s units by name and saves only values from 0 to 100 as a draft', async () => {
    const server = fakeGraphQL({
      AppraisalSchemes: APPRAISAL_SCHEMES,
      MyRatingForm: { myRatingForm: form([line('fengdeng', '丰登镇', null), line('liangtian', '良田镇', '95', 'draft')]) },
      SaveRatingForm: {
        saveRatingForm: { form: form([line('fengdeng', '丰登镇', '88', 'draft'), line('liangtian', '良田镇', '95', 'draft')]), errors: [] },
      },
    })
    vi.stubGlobal('fetch', server.fetch)
    const wrapper = await mountForm()
    expect(server.sent.find((op) => op.name === 'MyRatingForm')?.variables).toEqual({
      schemeCode: 'jinfeng-2015',
      componentCode: 'leaders',
    })
    const rows = wrapper.get('[data-testid="rating-form-table"]').findAll('tbody tr.el-table__row')
    expect(rows.map((row) => row.text())).toEqual([expect.stringContaining('丰登镇'), expect.stringContaining('良田镇')])
    expect(wrapper.get<HTMLInputElement>('[data-testid="rating-form-input-liangtian"]').element.value).toBe('95')

    await wrapper.get('[data-testid="rating-form-input-fengdeng"]').setValue('101')
    await wrapper.get('[data-testid="rating-form-save"]').trigger('click')
    await flushPromises()
    expect(server.names()).not.toContain('SaveRatingForm')
    expect(wrapper.text()).toContain('须为 0～100 之间的数')

    await wrapper.get('[data-testid="rating-form-input-fengdeng"]').setValue('88')
    await wrapper.get('[data-testid="rating-form-save"]').trigger('click')
    await flushPromises()
    expect(server.sent.find((op) => op.name === 'SaveRatingForm')?.variables).toEqual({
      schemeCode: 'jinfeng-2015',
      componentCode: 'leaders',
      values: [
        { unitCode: 'fengdeng', value: '88' },
        { unitCode: 'liangtian', value: '95' },
      ],
      submit: false,
    })
    expect(wrapper.get('[data-testid="rating-form-state-fengdeng"]').text()).toBe('草稿')
  })

  it('shows a submitted or closed form read-only, with why', async () => {
    const server = fakeGraphQL({
      AppraisalSchemes: APPRAISAL_SCHEMES,
      MyRatingForm: {
        myRatingForm: form([line('liangtian', '良田镇', '92', 'rated')], {
          readOnly: true,
          readOnlyReason: '「金凤区2015年绩效考评方案」全年 已关闭，不能再填写领导评价',
        }),
      },
    })
    vi.stubGlobal('fetch', server.fetch)
    const wrapper = await mountForm()
    expect(wrapper.get('[data-testid="rating-form-closed"]').text()).toContain('已关闭')
    expect(wrapper.find('[data-testid="rating-form-input-liangtian"]').exists()).toBe(false)
    expect(wrapper.get('[data-testid="rating-form-value-liangtian"]').text()).toBe('92')
    expect(wrapper.find('[data-testid="rating-form-submit"]').exists()).toBe(false)
  })
})
