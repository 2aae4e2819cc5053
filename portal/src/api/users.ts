import { graphqlRequest } from './client'
import { operations } from './document'
import fragments from './fragments.graphql?raw'
import type {
  CreateUserInput,
  CreateUserMutation,
  CreateUserMutationVariables,
  UserFieldsFragment,
  UserPayloadFieldsFragment,
  UsersQuery,
  UsersQueryVariables,
} from './generated'
import document from './users.graphql?raw'

export type User = UserFieldsFragment
export type UserPayload = UserPayloadFieldsFragment
export type UsersPage = UsersQuery['users']

const operation = operations(`${document}\n${fragments}`)

export const USERS_PAGE_SIZE = 20

/** One keyset page of the tenant's users, by username. */
export async function fetchUsers(variables: UsersQueryVariables): Promise<UsersPage> {
  const data = await graphqlRequest<UsersQuery, UsersQueryVariables>(operation('Users'), variables)
  return data.users
}

export async function createUser(input: CreateUserInput): Promise<UserPayload> {
  const data = await graphqlRequest<CreateUserMutation, CreateUserMutationVariables>(operation('CreateUser'), {
    input,
  })
  return data.createUser
}

/** The user actions that take only the user's id, by mutation name. */
export const USER_ACTIONS = {
  disable: 'DisableUser',
  enable: 'EnableUser',
  resetPassword: 'ResetUserPassword',
  endSessions: 'EndUserSessions',
  resetSecondFactor: 'ResetUserSecondFactor',
} as const
export type UserAction = keyof typeof USER_ACTIONS

/** Disable, enable, reset the password of, or sign out a user. */
export async function runUserAction(action: UserAction, id: string): Promise<UserPayload> {
  const name = USER_ACTIONS[action]
  const field = name.charAt(0).toLowerCase() + name.slice(1)
  const data = await graphqlRequest<Record<string, UserPayload>, { id: string }>(operation(name), { id })
  const payload = data[field]
  if (!payload) throw new Error(`no ${field} in the answer`)
  return payload
}
