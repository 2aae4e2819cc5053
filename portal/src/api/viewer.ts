import { graphqlRequest, type RequestOptions } from './client'
import type { ViewerQuery, ViewerQueryVariables } from './generated'
import viewerQuery from './viewer.graphql?raw'

export type Viewer = ViewerQuery['viewer']

/** Who is signed in, in which tenant, with which permission codes. */
export async function fetchViewer(options?: RequestOptions): Promise<Viewer> {
  const data = await graphqlRequest<ViewerQuery, ViewerQueryVariables>(viewerQuery, {}, options)
  return data.viewer
}
