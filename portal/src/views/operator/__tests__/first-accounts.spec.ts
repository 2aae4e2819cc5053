import { flushPromises, mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import { createAppI18n } from '@/locales'
import FirstAccountsDialog from '../FirstAccountsDialog.vue'

describe('the first administrators dialog', () => {
  it('shows the three one-time passwords once and forgets them when closed', async () => {
    const wrapper = mount(FirstAccountsDialog, { global: { plugins: [createAppI18n('zh-CN')] }, attachTo: document.body })
    wrapper.vm.open('西夏区', [
      { username: 'admin', role: 'tenant_admin', oneTimePassword: 'Aa1!aaaaaaaaaaaa' },
      { username: 'secadmin', role: 'security_admin', oneTimePassword: 'Bb2!bbbbbbbbbbbb' },
      { username: 'auditadmin', role: 'audit_admin', oneTimePassword: 'Cc3!cccccccccccc' },
    ])
    await flushPromises()
    const text = document.body.textContent ?? ''
    expect(text).toContain('已为“西夏区”创建以下三位管理员')
    expect(text).toContain('安全管理员')
    expect(document.querySelector('[data-testid="first-password-auditadmin"]')?.textContent).toBe('Cc3!cccccccccccc')

    document.querySelector<HTMLElement>('[data-testid="first-accounts-done"]')?.click()
    await flushPromises()
    expect(document.body.textContent).not.toContain('Cc3!cccccccccccc')
    wrapper.unmount()
  })
})
