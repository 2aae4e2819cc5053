import { graphqlRequest } from './client'
import { operations } from './document'
import fragments from './fragments.graphql?raw'
import type {
  UnitLinkCandidatesQuery,
  ActivateUnitMutation,
  CreateUnitMutation,
  DeactivateUnitMutation,
  ImportUnitsWorkbookMutation,
  SetUnitLinksMutation,
  SetUnitLinksMutationVariables,
  UnitFieldsFragment,
  UnitInput,
  UnitKind,
  UnitLinkRole,
  UnitPayloadFieldsFragment,
  UnitsQuery,
  UnitsQueryVariables,
  UnitsWorkbookQuery,
  UpdateUnitMutation,
} from './generated'
import document from './org.graphql?raw'

export type { UnitInput, UnitKind, UnitLinkRole }
export type Unit = UnitFieldsFragment
export type UnitPayload = UnitPayloadFieldsFragment
export type UnitsPage = UnitsQuery['units']
export type UnitsImport = ImportUnitsWorkbookMutation['importUnitsWorkbook']

export const UNIT_KINDS: readonly UnitKind[] = ['DEPARTMENT', 'TOWN', 'SUBDISTRICT']
export const LINK_ROLES: readonly UnitLinkRole[] = ['REPORTER', 'HEAD', 'LEADER', 'CONTACT']
export const UNITS_PAGE_SIZE = 50

const operation = operations(`${document}\n${fragments}`)

function request<TData, TVariables extends Record<string, unknown>>(name: string, variables: TVariables) {
  return graphqlRequest<TData, TVariables>(operation(name), variables)
}

/** One keyset page of the units, by code. */
export async function fetchUnits(variables: UnitsQueryVariables): Promise<UnitsPage> {
  return (await request<UnitsQuery, UnitsQueryVariables>('Units', variables)).units
}

export async function createUnit(input: UnitInput): Promise<UnitPayload> {
  return (await request<CreateUnitMutation, { input: UnitInput }>('CreateUnit', { input })).createUnit
}

export async function updateUnit(id: string, input: UnitInput): Promise<UnitPayload> {
  return (await request<UpdateUnitMutation, { id: string; input: UnitInput }>('UpdateUnit', { id, input })).updateUnit
}

/** Deactivate (kept in past schemes, not offered for new ones) or activate a unit. */
export async function setUnitActive(id: string, active: boolean): Promise<UnitPayload> {
  if (active) return (await request<ActivateUnitMutation, { id: string }>('ActivateUnit', { id })).activateUnit
  return (await request<DeactivateUnitMutation, { id: string }>('DeactivateUnit', { id })).deactivateUnit
}

/** Make exactly these users the unit's reporters (or heads, leaders, contacts). */
export async function setUnitLinks(variables: SetUnitLinksMutationVariables): Promise<SetUnitLinksMutation['setUnitLinks']> {
  return (await request<SetUnitLinksMutation, SetUnitLinksMutationVariables>('SetUnitLinks', variables)).setUnitLinks
}

/** The units sheet (every unit and its links) or the empty template, as .xlsx in base64. */
export async function fetchUnitsWorkbook(template: boolean): Promise<string> {
  return (await request<UnitsWorkbookQuery, { template: boolean }>('UnitsWorkbook', { template })).unitsWorkbook
}

export async function importUnitsWorkbook(content: string): Promise<UnitsImport> {
  return (await request<ImportUnitsWorkbookMutation, { content: string }>('ImportUnitsWorkbook', { content }))
    .importUnitsWorkbook
}

export type LinkCandidate = UnitLinkCandidatesQuery['unitLinkCandidates'][number]

/** Active users to link to units, by username (names only; needs unit:write, not user:read). */
export async function fetchLinkCandidates(search: string | null, first = 20): Promise<LinkCandidate[]> {
  return (await request<UnitLinkCandidatesQuery, { search: string | null; first: number }>('UnitLinkCandidates', { search, first }))
    .unitLinkCandidates
}
