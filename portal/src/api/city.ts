/** 市级排名 and 区县对比: the operations of `city.graphql`. */
import { graphqlRequest } from './client'
import { operations } from './document'
import document from './city.graphql?raw'
import type {
  CityRankingFieldsFragment,
  CityRankingItemInput,
  CityRankingQuery,
  CityRankingQueryVariables,
  DistrictComparisonQuery,
  DistrictComparisonQueryVariables,
  ExportCityRankingWorkbookMutation,
  ExportCityRankingWorkbookMutationVariables,
  ImportCityRankingWorkbookMutation,
  ImportCityRankingWorkbookMutationVariables,
  PublishCityRankingMutation,
  PublishCityRankingMutationVariables,
  ReceivedCityItemsQuery,
  ReceivedCityItemsQueryVariables,
  ResultPeriod,
  SetCityRankingMutation,
  SetCityRankingMutationVariables,
  SetReceivedCityItemUnitsMutation,
  SetReceivedCityItemUnitsMutationVariables,
} from './generated'

export type { CityRankingItemInput }
export type CityRanking = CityRankingFieldsFragment
export type CityRankingAnswer = SetCityRankingMutation['setCityRanking']
export type CityRankingImport = ImportCityRankingWorkbookMutation['importCityRankingWorkbook']
export type CityRankingPublication = PublishCityRankingMutation['publishCityRanking']
export type ReceivedCityItem = ReceivedCityItemsQuery['receivedCityItems'][number]
export type ReceivedCityItemAnswer = SetReceivedCityItemUnitsMutation['setReceivedCityItemUnits']
export type DistrictResult = DistrictComparisonQuery['districtComparison'][number]

const operation = operations(document)

/** The viewer's government's ranking of its districts for a year (its working copy). */
export async function fetchCityRanking(year: number): Promise<CityRanking> {
  return (await graphqlRequest<CityRankingQuery, CityRankingQueryVariables>(operation('CityRanking'), { year })).cityRanking
}

/** Make the year's ranking exactly these items (all or nothing). */
export async function saveCityRanking(year: number, items: CityRankingItemInput[]): Promise<CityRankingAnswer> {
  return (
    await graphqlRequest<SetCityRankingMutation, SetCityRankingMutationVariables>(operation('SetCityRanking'), { year, items })
  ).setCityRanking
}

/** Replace the year's ranking with a workbook (.xlsx as base64). */
export async function importCityRanking(year: number, content: string): Promise<CityRankingImport> {
  return (
    await graphqlRequest<ImportCityRankingWorkbookMutation, ImportCityRankingWorkbookMutationVariables>(
      operation('ImportCityRankingWorkbook'),
      { year, content },
    )
  ).importCityRankingWorkbook
}

/** The year's ranking as a workbook to fill in. */
export async function exportCityRanking(year: number): Promise<ExportCityRankingWorkbookMutation['exportCityRankingWorkbook']> {
  return (
    await graphqlRequest<ExportCityRankingWorkbookMutation, ExportCityRankingWorkbookMutationVariables>(
      operation('ExportCityRankingWorkbook'),
      { year },
    )
  ).exportCityRankingWorkbook
}

/** Publish (下发) the year's ranking to the districts. */
export async function publishCityRanking(year: number): Promise<CityRankingPublication> {
  return (
    await graphqlRequest<PublishCityRankingMutation, PublishCityRankingMutationVariables>(operation('PublishCityRanking'), {
      year,
    })
  ).publishCityRanking
}

/** The ranks the parent published to the viewer's government for the scheme's year. */
export async function fetchReceivedCityItems(schemeCode: string): Promise<ReceivedCityItem[]> {
  return (
    await graphqlRequest<ReceivedCityItemsQuery, ReceivedCityItemsQueryVariables>(operation('ReceivedCityItems'), { schemeCode })
  ).receivedCityItems
}

/** Make these units of the scheme responsible for a received item. */
export async function setReceivedCityItemUnits(
  schemeCode: string,
  item: string,
  unitCodes: string[],
): Promise<ReceivedCityItemAnswer> {
  return (
    await graphqlRequest<SetReceivedCityItemUnitsMutation, SetReceivedCityItemUnitsMutationVariables>(
      operation('SetReceivedCityItemUnits'),
      { schemeCode, item, unitCodes },
    )
  ).setReceivedCityItemUnits
}

/** The child districts' published results of a year and period, side by side. */
export async function fetchDistrictComparison(year: number, period: ResultPeriod): Promise<DistrictResult[]> {
  return (
    await graphqlRequest<DistrictComparisonQuery, DistrictComparisonQueryVariables>(operation('DistrictComparison'), {
      year,
      period,
    })
  ).districtComparison
}

/** An item being edited: its name and each district's rank (null: not ranked). */
export interface DraftItem {
  item: string
  ranks: Record<string, number | null>
}

/** The ranking as rows to edit, one per item, the districts' ranks by tenant code. */
export function draftOf(ranking: CityRanking): DraftItem[] {
  return ranking.items.map((item) => ({
    item: item.item,
    ranks: Object.fromEntries(item.ranks.map((r) => [r.tenantCode, r.rank])),
  }))
}

/** The rows as the mutation takes them: empty ranks left out, districts in the given order. */
export function inputOf(rows: readonly DraftItem[], districts: readonly { code: string }[]): CityRankingItemInput[] {
  return rows.map((row) => ({
    item: row.item,
    ranks: districts
      .filter((d) => row.ranks[d.code] !== null && row.ranks[d.code] !== undefined)
      .map((d) => ({ tenantCode: d.code, rank: Number(row.ranks[d.code]) })),
  }))
}

/** The districts last on a row (the worst rank, unless it is 1), as the server marks them. */
export function lastOf(row: DraftItem): string[] {
  const ranked = Object.entries(row.ranks).filter((entry): entry is [string, number] => typeof entry[1] === 'number')
  const worst = Math.max(1, ...ranked.map(([, rank]) => rank))
  return worst > 1 ? ranked.filter(([, rank]) => rank === worst).map(([code]) => code) : []
}
