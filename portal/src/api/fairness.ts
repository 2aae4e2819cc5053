/** 评分尺度: the operation of `fairness.graphql`. */
import { graphqlRequest } from './client'
import { operations } from './document'
import type { ResultPeriod, ScorerFairnessQuery, ScorerFairnessQueryVariables, ScorerLeaning } from './generated'
import document from './fairness.graphql?raw'

export type { ScorerLeaning }
export type ScorerFairness = ScorerFairnessQuery['scorerFairness']
export type ScorerFairnessRow = ScorerFairness['scorers'][number]

const operation = operations(document)

/** Each scorer's leaning over a scheme's period (annual: every quarter and the ratings). */
export async function fetchScorerFairness(schemeCode: string, period: ResultPeriod): Promise<ScorerFairness> {
  const variables: ScorerFairnessQueryVariables = { schemeCode, period }
  return (await graphqlRequest<ScorerFairnessQuery, ScorerFairnessQueryVariables>(operation('ScorerFairness'), variables))
    .scorerFairness
}
