import document from './account.graphql?raw'
import { graphqlRequest } from './client'
import { operations } from './document'
import fragments from './fragments.graphql?raw'
import type {
  ApiTokenFieldsFragment,
  CreateApiTokenInput,
  CreateApiTokenMutation,
  CreateApiTokenMutationVariables,
  MyApiTokensQuery,
  MyApiTokensQueryVariables,
  RevokeApiTokenMutation,
  RevokeApiTokenMutationVariables,
} from './generated'

export type ApiToken = ApiTokenFieldsFragment

const operation = operations(`${document}\n${fragments}`)

/** Your API tokens, newest first. */
export async function fetchMyApiTokens(): Promise<ApiToken[]> {
  const data = await graphqlRequest<MyApiTokensQuery, MyApiTokensQueryVariables>(operation('MyApiTokens'))
  return data.myApiTokens
}

/** A new token; the payload's `secret` is shown once and never again. */
export async function createApiToken(input: CreateApiTokenInput): Promise<CreateApiTokenMutation['createApiToken']> {
  const data = await graphqlRequest<CreateApiTokenMutation, CreateApiTokenMutationVariables>(
    operation('CreateApiToken'),
    { input },
  )
  return data.createApiToken
}

export async function revokeApiToken(id: string): Promise<RevokeApiTokenMutation['revokeApiToken']> {
  const data = await graphqlRequest<RevokeApiTokenMutation, RevokeApiTokenMutationVariables>(
    operation('RevokeApiToken'),
    { id },
  )
  return data.revokeApiToken
}
