import { graphqlRequest, type RequestOptions } from './client'
import { operations } from './document'
import fragments from './fragments.graphql?raw'
import type { ViewerFieldsFragment, ViewerQuery, ViewerQueryVariables } from './generated'
import document from './viewer.graphql?raw'

export type Viewer = ViewerFieldsFragment

const operation = operations(`${document}\n${fragments}`)

/** The viewer of a visitor who has not signed in. */
export function anonymousViewer(): Viewer {
  return {
    authenticated: false,
    kind: 'anonymous',
    username: null,
    displayName: null,
    tenant: null,
    permissions: [],
    roles: [],
    mustChangePassword: false,
    mustEnrolSecondFactor: false,
    unit: null,
  }
}

/** Who is signed in, in which tenant, with which roles and permission codes. */
export async function fetchViewer(options?: RequestOptions): Promise<Viewer> {
  const data = await graphqlRequest<ViewerQuery, ViewerQueryVariables>(operation('Viewer'), {}, options)
  return data.viewer
}
