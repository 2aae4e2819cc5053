/** Results across years and across units: the operations of `across.graphql`. */
import document from './across.graphql?raw'
import { graphqlRequest } from './client'
import { operations } from './document'
import type {
  IndicatorAcrossUnitsQuery,
  IndicatorAcrossUnitsQueryVariables,
  UnitAcrossYearsQuery,
  UnitAcrossYearsQueryVariables,
} from './generated'

export type YearPoint = UnitAcrossYearsQuery['unitAcrossYears'][number]
export type IndicatorSpread = NonNullable<IndicatorAcrossUnitsQuery['indicatorAcrossUnits']>
export type Distribution = NonNullable<IndicatorSpread['distribution']>

const operation = operations(document)

/** A unit's published annual result in each year's scheme linked by copy, oldest year first. */
export async function fetchUnitAcrossYears(variables: UnitAcrossYearsQueryVariables): Promise<YearPoint[]> {
  return (await graphqlRequest<UnitAcrossYearsQuery, UnitAcrossYearsQueryVariables>(operation('UnitAcrossYears'), variables))
    .unitAcrossYears
}

/** One indicator across the units of a period's shown run (the first when none is named); null: no run. */
export async function fetchIndicatorAcrossUnits(
  variables: IndicatorAcrossUnitsQueryVariables,
): Promise<IndicatorSpread | null> {
  return (
    (
      await graphqlRequest<IndicatorAcrossUnitsQuery, IndicatorAcrossUnitsQueryVariables>(
        operation('IndicatorAcrossUnits'),
        variables,
      )
    ).indicatorAcrossUnits ?? null
  )
}
