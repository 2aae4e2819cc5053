/**
 * Scorers by name: an indicator stores scorer codes (a leader's username, a monitoring
 * department's unit code); people choose and read names. Plain functions, unit-tested.
 */
import type { Scorer } from '@/api/cycle'

export type ScorerKind = Scorer['kind']

export interface ScorerOption {
  code: string
  name: string
  kind: ScorerKind
}

export interface ScorerGroup {
  kind: ScorerKind
  options: ScorerOption[]
}

const ORDER: readonly ScorerKind[] = ['PERSON', 'UNIT', 'UNKNOWN']

/** Whether a scorer matches what was typed: by name or by code, ignoring case and spaces. */
export function matches(scorer: ScorerOption, query: string): boolean {
  const q = query.trim().toLowerCase()
  return q === '' || scorer.name.toLowerCase().includes(q) || scorer.code.toLowerCase().includes(q)
}

/**
 * The picker's options by kind (people, then departments). A chosen code that is not among the
 * choices still shows — by the name `known` gives it, else as itself, marked unknown — so that
 * it can be read and removed. `only` narrows the choices to these codes (an assignment picks
 * among its indicator's scorers). `query` filters by name or code; chosen ones always stay.
 */
export function scorerGroups(
  choices: readonly ScorerOption[],
  chosen: readonly string[],
  options: { only?: readonly string[] | null; known?: readonly ScorerOption[]; query?: string } = {},
): ScorerGroup[] {
  const byCode = new Map<string, ScorerOption>()
  for (const scorer of options.known ?? []) byCode.set(scorer.code, scorer)
  for (const scorer of choices) byCode.set(scorer.code, scorer)
  const named = (code: string): ScorerOption => byCode.get(code) ?? { code, name: code, kind: 'UNKNOWN' }
  const candidates = options.only ? options.only.map(named) : [...byCode.values()]
  const listed = new Map<string, ScorerOption>()
  for (const scorer of candidates) {
    if (matches(scorer, options.query ?? '') || chosen.includes(scorer.code)) listed.set(scorer.code, scorer)
  }
  for (const code of chosen) if (!listed.has(code)) listed.set(code, named(code))
  return ORDER.map((kind) => ({ kind, options: [...listed.values()].filter((scorer) => scorer.kind === kind) })).filter(
    (group) => group.options.length > 0,
  )
}

/** The names of scorer codes, in their order (a code no one answers to reads as itself). */
export function scorerNames(codes: readonly string[], known: readonly ScorerOption[]): string[] {
  const byCode = new Map(known.map((scorer) => [scorer.code, scorer.name]))
  return codes.map((code) => byCode.get(code) ?? code)
}
