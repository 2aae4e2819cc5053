import { describe, expect, it } from 'vitest'
import { matches, type ScorerOption, scorerGroups, scorerNames } from '../scorers'

const choices: ScorerOption[] = [
  { code: 'lingdao1', name: '张副区长', kind: 'PERSON' },
  { code: 'lingdao2', name: '李副区长', kind: 'PERSON' },
  { code: 'fagaiju', name: '发展和改革局', kind: 'UNIT' },
  { code: 'zhengfawei', name: '政法委', kind: 'UNIT' },
]
const codes = (groups: ReturnType<typeof scorerGroups>) => groups.map((g) => [g.kind, g.options.map((o) => o.code)])

describe('choosing scorers by name', () => {
  it('groups people before departments, in the order given', () => {
    expect(codes(scorerGroups(choices, []))).toEqual([
      ['PERSON', ['lingdao1', 'lingdao2']],
      ['UNIT', ['fagaiju', 'zhengfawei']],
    ])
  })

  it('finds by name or by code, and keeps what is chosen', () => {
    expect(matches(choices[0]!, '张')).toBe(true)
    expect(matches(choices[2]!, 'FAGAI')).toBe(true)
    expect(matches(choices[2]!, '政法')).toBe(false)
    expect(codes(scorerGroups(choices, ['lingdao2'], { query: '改革' }))).toEqual([
      ['PERSON', ['lingdao2']],
      ['UNIT', ['fagaiju']],
    ])
  })

  it('keeps a chosen code that names no one visible, to be removed, and names one known elsewhere', () => {
    const known: ScorerOption[] = [{ code: 'lingdao9', name: '王副区长（已停用）', kind: 'PERSON' }]
    const groups = scorerGroups(choices, ['lingdao9', 'gone'], { known, query: 'zzz' })
    expect(groups).toEqual([
      { kind: 'PERSON', options: [known[0]] },
      { kind: 'UNKNOWN', options: [{ code: 'gone', name: 'gone', kind: 'UNKNOWN' }] },
    ])
  })

  it('narrows an assignment to its indicator’s scorers', () => {
    expect(codes(scorerGroups(choices, [], { only: ['zhengfawei', 'lingdao1'] }))).toEqual([
      ['PERSON', ['lingdao1']],
      ['UNIT', ['zhengfawei']],
    ])
  })

  it('reads codes as names, and an unknown code as itself', () => {
    expect(scorerNames(['fagaiju', 'lingdao1', 'gone'], choices)).toEqual(['发展和改革局', '张副区长', 'gone'])
  })
})
