// A new year in the portal: new schemes, members and headcount, city items and last year's outcomes.
import { graphqlRequest } from './client'
import { operations } from './document'
import fragments from './fragments.graphql?raw'
import type {
  CityItemFieldsFragment,
  CityItemInput,
  FillPreviousOutcomesMutation,
  MemberCandidatesQuery,
  MemberInput,
  NewSchemeChoicesQuery,
  PreviousOutcomeFieldsFragment,
  PreviousOutcomeInput,
  SchemeCityDataQuery,
  SchemeDetailPayloadFieldsFragment,
  SchemePayloadFieldsFragment,
  SchemeSettingsInput,
  SetCityItemsMutation,
  SetPreviousOutcomesMutation,
  TemplateLibrary,
} from './generated'
import document from './schemeYear.graphql?raw'
import schemes from './schemes.graphql?raw'

export type { CityItemInput, MemberInput, PreviousOutcomeInput }
export type NewSchemeChoices = NewSchemeChoicesQuery
export type SchemeTemplate = NewSchemeChoicesQuery['schemeTemplates'][number]
export type SourceScheme = NewSchemeChoicesQuery['schemes']['nodes'][number]
export type MemberCandidate = MemberCandidatesQuery['units']['nodes'][number]
export type CityItem = CityItemFieldsFragment
export type PreviousOutcome = PreviousOutcomeFieldsFragment
export type CityItemsAnswer = SetCityItemsMutation['setCityItems']
export type OutcomesAnswer = SetPreviousOutcomesMutation['setPreviousOutcomes']
export type FillAnswer = FillPreviousOutcomesMutation['fillPreviousOutcomes']

/** How a new scheme starts: blank, a copy of another scheme (last year's), or a platform template. */
export type NewSchemeWay = 'blank' | 'copy' | 'template'
export const NEW_SCHEME_WAYS: readonly NewSchemeWay[] = ['copy', 'blank', 'template']

const operation = operations(`${document}\n${schemes}\n${fragments}`)

function request<TData, TVariables extends Record<string, unknown>>(name: string, variables: TVariables) {
  return graphqlRequest<TData, TVariables>(operation(name), variables)
}

async function field<T>(name: string, variables: Record<string, unknown>): Promise<T> {
  const key = name.charAt(0).toLowerCase() + name.slice(1)
  const data = await request<Record<string, T>, Record<string, unknown>>(name, variables)
  const found = data[key]
  if (found === undefined) throw new Error(`no ${key} in the answer`)
  return found
}

/** The templates and the schemes a new one can start from. */
export async function fetchNewSchemeChoices(): Promise<NewSchemeChoices> {
  return request<NewSchemeChoicesQuery, Record<string, never>>('NewSchemeChoices', {})
}

/** Create a scheme the chosen way; `from` is the source scheme's or the template's code, `library`
 * where that template is kept (the platform's or the tenant's own 指标库). */
export function createNewScheme(
  way: NewSchemeWay,
  input: SchemeSettingsInput,
  from: string | null,
  library: TemplateLibrary = 'PLATFORM',
): Promise<SchemePayloadFieldsFragment> {
  if (way === 'copy') return field('CopyScheme', { sourceCode: from ?? '', input })
  if (way === 'template') return field('CreateSchemeFromTemplate', { templateCode: from ?? '', input, library })
  return field('CreateScheme', { input })
}

/** Every unit of the organisation (pages of 100), active or not, by code. */
export async function fetchMemberCandidates(): Promise<MemberCandidate[]> {
  const found: MemberCandidate[] = []
  let after: string | null = null
  for (;;) {
    const page: MemberCandidatesQuery['units'] = (
      await request<MemberCandidatesQuery, { first: number; after: string | null }>('MemberCandidates', {
        first: 100,
        after,
      })
    ).units
    found.push(...page.nodes)
    if (!page.pageInfo.hasNextPage || !page.pageInfo.endCursor) return found
    after = page.pageInfo.endCursor
  }
}

/** Make the scheme's units exactly these (all or nothing); answers with the whole scheme. */
export function setSchemeUnits(code: string, units: MemberInput[]): Promise<SchemeDetailPayloadFieldsFragment> {
  return field('SetSchemeUnits', { code, units })
}

export async function fetchCityData(schemeCode: string): Promise<SchemeCityDataQuery> {
  return request<SchemeCityDataQuery, { schemeCode: string }>('SchemeCityData', { schemeCode })
}

export function setCityItems(schemeCode: string, items: CityItemInput[]): Promise<CityItemsAnswer> {
  return field('SetCityItems', { schemeCode, items })
}

export function setPreviousOutcomes(schemeCode: string, outcomes: PreviousOutcomeInput[]): Promise<OutcomesAnswer> {
  return field('SetPreviousOutcomes', { schemeCode, outcomes })
}

/** Fill last year's outcomes from last year's published annual result. */
export function fillPreviousOutcomes(schemeCode: string, sourceCode: string | null = null): Promise<FillAnswer> {
  return field('FillPreviousOutcomes', { schemeCode, sourceCode })
}
