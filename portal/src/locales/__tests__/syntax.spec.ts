import { describe, expect, it } from 'vitest'
import { baseCompile } from '@intlify/message-compiler'
import { createAppI18n } from '@/locales'

/** Every message compiles: a bare `@` or `|` in a text breaks the page at run time. */
function* texts(node: unknown, path: string): Generator<[string, string]> {
  if (typeof node === 'string') yield [path, node]
  else if (node && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) yield* texts(value, path ? `${path}.${key}` : key)
  }
}

describe('locale messages', () => {
  it('all compile without errors', () => {
    const broken: string[] = []
    const i18n = createAppI18n('zh-CN')
    for (const [locale, tree] of Object.entries(i18n.global.messages.value)) {
      for (const [path, text] of texts(tree, locale)) {
        baseCompile(text, { onError: (error) => broken.push(`${path}: ${error.message}`) })
      }
    }
    expect(broken).toEqual([])
  })
})
