import { flushPromises, mount } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { uploadAddress } from '@/api/upload'
import { createAppI18n } from '@/locales'
import RecordUpload from '../RecordUpload.vue'

const photo = new File(['\xff\xd8\xff\xe0'], '现场 照片.jpg', { type: 'image/jpeg' })

function render() {
  return mount(RecordUpload, {
    props: { url: '/files/records/SW5zcGVjdGlvbjox' },
    global: { plugins: [createAppI18n('zh-CN')] },
    attachTo: document.body,
  })
}

/** Pick a file in the (hidden) file input, as the chooser does. */
async function pick(wrapper: ReturnType<typeof render>, file: File) {
  const input = wrapper.get('[data-testid="record-upload-input"]')
  Object.defineProperty(input.element, 'files', { value: [file], configurable: true })
  await input.trigger('change')
  await flushPromises()
}

describe('uploading evidence to an inspection or an award application', () => {
  beforeEach(() => {
    document.cookie = 'jixiao_csrf=tok; path=/'
  })
  afterEach(() => {
    vi.unstubAllGlobals()
    document.cookie = 'jixiao_csrf=; expires=Thu, 01 Jan 1970 00:00:00 GMT; path=/'
    document.body.innerHTML = ''
  })

  it('posts the file to the record’s upload address with its name and the CSRF header, and hands the file back', async () => {
    const stored = {
      id: 'UmVjb3JkRmlsZTox',
      fileName: '现场 照片.jpg',
      contentType: 'image/jpeg',
      sizeBytes: 4,
      sha256: 'ab',
      url: '/files/record-files/UmVjb3JkRmlsZTox',
    }
    const fetch = vi.fn(async () => Response.json(stored, { status: 201 }))
    vi.stubGlobal('fetch', fetch)
    const wrapper = render()
    expect(wrapper.get('[data-testid="record-upload"]').text()).toBe('上传材料')
    await pick(wrapper, photo)

    const [url, init] = fetch.mock.calls[0] as unknown as [string, RequestInit]
    expect(url).toBe(`/files/records/SW5zcGVjdGlvbjox?name=${encodeURIComponent('现场 照片.jpg')}`)
    expect(init.method).toBe('POST')
    expect(init.body).toBe(photo)
    expect((init.headers as Record<string, string>)['X-CSRF-Token']).toBe('tok')
    expect(wrapper.emitted('uploaded')).toEqual([
      [{ id: stored.id, fileName: stored.fileName, sizeBytes: 4, url: stored.url }],
    ])
    expect(document.body.textContent).toContain('已上传：现场 照片.jpg')
  })

  it('shows why the server refused the file and hands nothing back', async () => {
    const message = '文件超过大小上限 20 MB'
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => Response.json({ errors: [{ message, extensions: { code: 'TOO_LARGE' } }] }, { status: 413 })),
    )
    const wrapper = render()
    await pick(wrapper, photo)

    expect(wrapper.emitted('uploaded')).toBeUndefined()
    expect(document.body.textContent).toContain(`上传失败：${message}`)
    expect(wrapper.get('[data-testid="record-upload"]').attributes('disabled')).toBeUndefined()
  })

  it('adds the name to an address that already has a query', () => {
    expect(uploadAddress('/files/records/x?v=1', 'a b.pdf')).toBe('/files/records/x?v=1&name=a%20b.pdf')
  })
})
