import { flushPromises, mount } from '@vue/test-utils'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { ExportAnswer } from '@/api/exports'
import ExportButton from '@/components/ExportButton.vue'
import { createAppI18n } from '@/locales'

const FILE = {
  fileName: '申诉列表-20261206-120000.xlsx',
  contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  base64: 'UEsDBA==',
  rowCount: 3,
}

function mountButton(answer: ExportAnswer) {
  const run = vi.fn(async () => answer)
  const wrapper = mount(ExportButton, { props: { run }, global: { plugins: [createAppI18n('zh-CN')] } })
  return { wrapper, run }
}

describe('导出Excel', () => {
  afterEach(() => {
    vi.restoreAllMocks()
    document.body.innerHTML = ''
  })

  it('runs the export and saves the file under the name the server gave', async () => {
    const saved: { blob: Blob; name: string }[] = []
    vi.spyOn(URL, 'createObjectURL').mockImplementation(() => 'blob:x')
    vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => {})
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      saved.push({ blob: new Blob(), name: this.download })
    })
    const { wrapper, run } = mountButton({ file: FILE, errors: [] })
    expect(wrapper.text()).toBe('导出Excel')
    await wrapper.trigger('click')
    await flushPromises()
    expect(run).toHaveBeenCalledOnce()
    expect(saved.map((s) => s.name)).toEqual(['申诉列表-20261206-120000.xlsx'])
    expect(document.body.textContent).toContain('已导出 3 条记录')
  })

  it('shows what the server refused and saves nothing', async () => {
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click')
    const { wrapper } = mountButton({
      file: null,
      errors: [{ code: 'NOT_FOUND', message: '考评方案「x」的全年没有您可以导出的结果', field: 'runId' }],
    })
    await wrapper.trigger('click')
    await flushPromises()
    expect(click).not.toHaveBeenCalled()
    expect(document.body.textContent).toContain('没有您可以导出的结果')
  })
})
