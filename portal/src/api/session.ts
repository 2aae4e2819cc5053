import { graphqlRequest } from './client'
import { operations } from './document'
import fragments from './fragments.graphql?raw'
import type {
  ChangePasswordInput,
  ChangePasswordMutation,
  ChangePasswordMutationVariables,
  SignInInput,
  SignInMutation,
  SignInMutationVariables,
  SignOutMutation,
  SignOutMutationVariables,
  UserErrorFieldsFragment,
  VerifySecondFactorMutation,
  VerifySecondFactorMutationVariables,
} from './generated'
import document from './session.graphql?raw'
import type { Viewer } from './viewer'

export type UserError = UserErrorFieldsFragment

/** What a sign-in or password change gives back: the new viewer, or why not. */
export interface SessionOutcome {
  viewer: Viewer | null
  errors: UserError[]
  /** The password was right; the authenticator code (or a recovery code) comes next. */
  secondFactorRequired?: boolean
}

const operation = operations(`${document}\n${fragments}`)

/** Sign in (the server sets the session cookie); wrong credentials come back as `errors`. */
export async function signIn(input: SignInInput): Promise<SessionOutcome> {
  const data = await graphqlRequest<SignInMutation, SignInMutationVariables>(
    operation('SignIn'),
    { input },
    { quiet: true },
  )
  return data.signIn
}

/** End this session; the server clears the cookie. */
export async function signOut(): Promise<void> {
  await graphqlRequest<SignOutMutation, SignOutMutationVariables>(operation('SignOut'), {}, { quiet: true })
}

/** Change your own password; the server renews the session. */
export async function changePassword(input: ChangePasswordInput): Promise<SessionOutcome> {
  const data = await graphqlRequest<ChangePasswordMutation, ChangePasswordMutationVariables>(
    operation('ChangePassword'),
    { input },
  )
  return data.changePassword
}

/** The second step of signing in: the authenticator's code or a recovery code. */
export async function verifySecondFactor(code: string): Promise<SessionOutcome> {
  const data = await graphqlRequest<VerifySecondFactorMutation, VerifySecondFactorMutationVariables>(
    operation('VerifySecondFactor'),
    { code },
    { quiet: true },
  )
  return data.verifySecondFactor
}
