/** The leadership dashboard (数据大屏): the operation of `dashboard.graphql`. */
import { graphqlRequest } from './client'
import document from './dashboard.graphql?raw'
import { operations } from './document'
import type { DashboardQuery, DashboardQueryVariables } from './generated'

export type Dashboard = NonNullable<DashboardQuery['dashboard']>
export type DashboardUnit = Dashboard['units'][number]
export type DashboardRank = Dashboard['ranking'][number]

const operation = operations(document)

/** The dashboard of a scheme and quarter (the current ones when not named); null: no scheme yet. */
export async function fetchDashboard(variables: DashboardQueryVariables = {}): Promise<Dashboard | null> {
  return (await graphqlRequest<DashboardQuery, DashboardQueryVariables>(operation('Dashboard'), variables)).dashboard ?? null
}
