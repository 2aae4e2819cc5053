import document from './access.graphql?raw'
import { graphqlRequest } from './client'
import { operations } from './document'
import fragments from './fragments.graphql?raw'
import type {
  AssignRolesMutation,
  AssignRolesMutationVariables,
  CreateRoleInput,
  CreateRoleMutation,
  CreateRoleMutationVariables,
  DeleteRoleMutation,
  DeleteRoleMutationVariables,
  RoleFieldsFragment,
  RolesAndCatalogueQuery,
  RolesAndCatalogueQueryVariables,
  RolesQuery,
  RolesQueryVariables,
  UpdateRolePermissionsMutation,
  UpdateRolePermissionsMutationVariables,
} from './generated'

export type Role = RoleFieldsFragment
export type PermissionInfo = RolesAndCatalogueQuery['permissionCatalogue'][number]

const operation = operations(`${document}\n${fragments}`)

export async function fetchRoles(): Promise<Role[]> {
  const data = await graphqlRequest<RolesQuery, RolesQueryVariables>(operation('Roles'))
  return data.roles
}

/** The roles and every permission a role may hold, with the server's labels. */
export async function fetchRolesAndCatalogue(): Promise<RolesAndCatalogueQuery> {
  return graphqlRequest<RolesAndCatalogueQuery, RolesAndCatalogueQueryVariables>(operation('RolesAndCatalogue'))
}

export async function createRole(input: CreateRoleInput): Promise<CreateRoleMutation['createRole']> {
  const data = await graphqlRequest<CreateRoleMutation, CreateRoleMutationVariables>(operation('CreateRole'), {
    input,
  })
  return data.createRole
}

export async function updateRolePermissions(
  roleCode: string,
  permissions: string[],
): Promise<UpdateRolePermissionsMutation['updateRolePermissions']> {
  const data = await graphqlRequest<UpdateRolePermissionsMutation, UpdateRolePermissionsMutationVariables>(
    operation('UpdateRolePermissions'),
    { roleCode, permissions },
  )
  return data.updateRolePermissions
}

export async function deleteRole(roleCode: string): Promise<DeleteRoleMutation['deleteRole']> {
  const data = await graphqlRequest<DeleteRoleMutation, DeleteRoleMutationVariables>(operation('DeleteRole'), {
    roleCode,
  })
  return data.deleteRole
}

/** Set a user's roles to exactly these codes. */
export async function assignRoles(userId: string, roleCodes: string[]): Promise<AssignRolesMutation['assignRoles']> {
  const data = await graphqlRequest<AssignRolesMutation, AssignRolesMutationVariables>(operation('AssignRoles'), {
    userId,
    roleCodes,
  })
  return data.assignRoles
}
