import { mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import { createAppI18n } from '@/locales'
import EvidenceList from '../EvidenceList.vue'

const file = { id: 'e1', fileName: '台账.pdf', contentType: 'application/pdf', sizeBytes: 2048, url: '/files/evidence/e1' }

function render(removable: boolean) {
  return mount(EvidenceList, {
    props: { files: [file], removable },
    global: { plugins: [createAppI18n('zh-CN')] },
  })
}

describe('evidence list', () => {
  it('offers removal on a draft and says which file', async () => {
    const wrapper = render(true)
    const remove = wrapper.get('[data-testid="evidence-remove"]')
    expect(remove.attributes('aria-label')).toBe('删除佐证材料 台账.pdf')
    await remove.trigger('click')
    expect(wrapper.emitted('remove')).toEqual([[file]])
  })

  it('only lists and downloads otherwise', () => {
    const wrapper = render(false)
    expect(wrapper.find('[data-testid="evidence-remove"]').exists()).toBe(false)
    expect(wrapper.get('[data-testid="evidence-file"]').attributes('href')).toBe('/files/evidence/e1')
  })
})
