import { describe, expect, it } from 'vitest'
import en from '../en'
import { createAppI18n, DEFAULT_LOCALE, initialLocale } from '../index'
import zhCN from '../zh-CN'

const storage = (value: string | null) => ({ getItem: () => value })

function keyPaths(messages: object, prefix = ''): string[] {
  return Object.entries(messages).flatMap(([key, value]) =>
    typeof value === 'object' && value !== null ? keyPaths(value, `${prefix}${key}.`) : [`${prefix}${key}`],
  )
}

describe('locales', () => {
  it('defaults to Simplified Chinese', () => {
    expect(DEFAULT_LOCALE).toBe('zh-CN')
    expect(initialLocale(storage(null))).toBe('zh-CN')
    const i18n = createAppI18n(initialLocale(storage(null)))
    expect(i18n.global.locale.value).toBe('zh-CN')
    expect(i18n.global.t('app.name')).toBe('绩效考评平台')
  })

  it('keeps the language the user chose, and ignores an unknown one', () => {
    expect(initialLocale(storage('en'))).toBe('en')
    expect(initialLocale(storage('fr'))).toBe('zh-CN')
  })

  it('translates to English', () => {
    const i18n = createAppI18n('en')
    expect(i18n.global.t('header.notSignedIn')).toBe('Not signed in')
  })

  it('has the same keys in both languages', () => {
    expect(keyPaths(en).sort()).toEqual(keyPaths(zhCN).sort())
  })
})
