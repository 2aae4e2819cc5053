import { describe, expect, it } from 'vitest'
import { definitions, operations, pickOperation } from '../document'

const DOCUMENT = `
# Shared
fragment UserErrorFields on UserError {
  code
  message
}

fragment Nested on Viewer {
  tenant { code }
}

fragment ViewerFields on Viewer {
  authenticated
  ...Nested
}

mutation SignIn($input: SignInInput!) {
  signIn(input: $input) {
    viewer { ...ViewerFields }
    errors { ...UserErrorFields }
  }
}

mutation SignOut {
  signOut
}

query Thing {
  thing { ... on Other { id } }
}
`

describe('GraphQL documents', () => {
  it('splits a file into its named definitions', () => {
    expect(definitions(DOCUMENT).map((d) => `${d.kind}:${d.name}`)).toEqual([
      'fragment:UserErrorFields',
      'fragment:Nested',
      'fragment:ViewerFields',
      'operation:SignIn',
      'operation:SignOut',
      'operation:Thing',
    ])
  })

  it('sends one operation with exactly the fragments it uses, nested ones included', () => {
    const text = pickOperation(DOCUMENT, 'SignIn')
    expect(text.startsWith('mutation SignIn(')).toBe(true)
    expect(text).toContain('fragment ViewerFields on Viewer')
    expect(text).toContain('fragment Nested on Viewer')
    expect(text).toContain('fragment UserErrorFields on UserError')
    expect(text).not.toContain('SignOut')
  })

  it('sends an operation without fragments alone', () => {
    expect(pickOperation(DOCUMENT, 'SignOut')).toBe('mutation SignOut {\n  signOut\n}')
    expect(pickOperation(DOCUMENT, 'Thing')).not.toContain('fragment')
  })

  it('refuses an operation that is not there', () => {
    expect(() => operations(DOCUMENT)('Missing')).toThrow(/Missing/)
  })
})
