import { flushPromises, mount } from '@vue/test-utils'
import { ElFormItem, ElInput } from 'element-plus'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { defineComponent, h, reactive, ref } from 'vue'
import FormDialog from '@/components/FormDialog.vue'
import { createAppI18n } from '@/locales'

/** A page with a FormDialog of one required field, `name`. */
function mountDialog(submit: () => Promise<boolean | void> | boolean | void, extra: Record<string, unknown> = {}) {
  const open = ref(false)
  const form = reactive({ name: '' })
  const resets = ref(0)
  const Host = defineComponent({
    setup() {
      return () =>
        h(
          FormDialog,
          {
            modelValue: open.value,
            'onUpdate:modelValue': (value: boolean) => (open.value = value),
            title: '新增对象',
            model: form,
            rules: { name: [{ required: true, whitespace: true, message: '请填写名称', trigger: 'blur' }] },
            submit,
            submitTestid: 'thing-save',
            'data-testid': 'thing-dialog',
            onOpen: () => {
              resets.value += 1
              form.name = ''
            },
            ...extra,
          },
          {
            default: () =>
              h(ElFormItem, { label: '名称', prop: 'name' }, () =>
                h(ElInput, { modelValue: form.name, 'onUpdate:modelValue': (value: string) => (form.name = value) }),
              ),
          },
        )
    },
  })
  const wrapper = mount(Host, { global: { plugins: [createAppI18n('zh-CN')] }, attachTo: document.body })
  const dialog = () => document.querySelector('[data-testid="thing-dialog"]')
  const save = () => document.querySelector<HTMLButtonElement>('[data-testid="thing-save"]')!
  return { wrapper, open, form, resets, dialog, save }
}

describe('FormDialog', { timeout: 20_000 }, () => {
  afterEach(() => {
    document.body.innerHTML = ''
  })

  it('resets on open and shows the title with 取消 and the submit button (保存 by default)', async () => {
    const { open, form, resets, dialog } = mountDialog(vi.fn())
    form.name = 'left over'
    open.value = true
    await flushPromises()
    expect(resets.value).toBe(1)
    expect(form.name).toBe('')
    expect(dialog()?.textContent).toContain('新增对象')
    expect(dialog()?.textContent).toContain('取消')
    expect(dialog()?.textContent).toContain('保存')
  })

  it('does not submit while a rule fails', async () => {
    const submit = vi.fn()
    const { open, save } = mountDialog(submit)
    open.value = true
    await flushPromises()
    save().click()
    await flushPromises()
    expect(submit).not.toHaveBeenCalled()
    expect(open.value).toBe(true)
    expect(document.querySelector('.el-form-item.is-error')).not.toBeNull()
  })

  it('closes when the submit goes through, with the button loading meanwhile', async () => {
    let finish: (ok: boolean) => void = () => {}
    const submit = vi.fn(() => new Promise<boolean>((resolve) => (finish = resolve)))
    const { open, form, save } = mountDialog(submit)
    open.value = true
    await flushPromises()
    form.name = '金凤区'
    save().click()
    await flushPromises()
    expect(submit).toHaveBeenCalledTimes(1)
    expect(save().classList.contains('is-loading')).toBe(true)
    save().click() // a second click while saving asks nothing
    await flushPromises()
    expect(submit).toHaveBeenCalledTimes(1)
    finish(true)
    await flushPromises()
    expect(open.value).toBe(false)
  })

  it('stays open when the page says no, and shows the page’s problem and a thrown error', async () => {
    const submit = vi.fn().mockResolvedValueOnce(false).mockRejectedValueOnce(new Error('网络异常'))
    const { open, form, save, dialog } = mountDialog(submit)
    open.value = true
    await flushPromises()
    form.name = '金凤区'
    save().click()
    await flushPromises()
    expect(open.value).toBe(true)
    save().click()
    await flushPromises()
    expect(open.value).toBe(true)
    expect(dialog()?.querySelector('[role="alert"]')?.textContent).toContain('网络异常')
    // Opening again starts clean.
    open.value = false
    await flushPromises()
    open.value = true
    await flushPromises()
    expect(dialog()?.querySelector('[role="alert"]')).toBeNull()
  })

  it('shows the problems the page gives it', async () => {
    const { open } = mountDialog(vi.fn(), { error: ['编码已被使用', '名称过长'] })
    open.value = true
    await flushPromises()
    expect(document.querySelector('[role="alert"]')?.textContent).toContain('编码已被使用；名称过长')
  })
})
