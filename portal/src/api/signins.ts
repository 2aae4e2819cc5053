import { graphqlRequest } from './client'
import { operations } from './document'
import fragments from './fragments.graphql?raw'
import type {
  ExportFormat,
  ExportSignInLogMutation,
  ExportSignInLogMutationVariables,
  SignInAttemptFieldsFragment,
  SignInLogFilter,
  SignInLogQuery,
  SignInLogQueryVariables,
  SignInOutcome,
} from './generated'
import document from './signins.graphql?raw'

export type SignInAttempt = SignInAttemptFieldsFragment
export type SignInLogPage = SignInLogQuery['signInLog']
export type SignInExport = ExportSignInLogMutation['exportSignInLog']
export type { ExportFormat, SignInLogFilter, SignInOutcome }

export const SIGN_IN_OUTCOMES: readonly SignInOutcome[] = ['SUCCESS', 'PENDING', 'FAILED', 'LOCKED', 'REFUSED']
export const SIGN_IN_PAGE_SIZE = 50

const operation = operations(`${document}\n${fragments}`)

/** One page of the government's sign-in attempts, newest first. */
export async function fetchSignInLog(variables: SignInLogQueryVariables): Promise<SignInLogPage> {
  return (await graphqlRequest<SignInLogQuery, SignInLogQueryVariables>(operation('SignInLog'), variables)).signInLog
}

/** The sign-in log under the same filter as a CSV or Excel file (base64). */
export async function exportSignInLog(format: ExportFormat, filter: SignInLogFilter | null): Promise<SignInExport> {
  const data = await graphqlRequest<ExportSignInLogMutation, ExportSignInLogMutationVariables>(
    operation('ExportSignInLog'),
    { format, filter },
  )
  return data.exportSignInLog
}
