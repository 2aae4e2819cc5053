import { graphqlRequest } from './client'
import { operations } from './document'
import fragments from './fragments.graphql?raw'
import type {
  ConfirmTotpEnrolmentMutation,
  ConfirmTotpEnrolmentMutationVariables,
  DisableTotpMutation,
  DisableTotpMutationVariables,
  MySecondFactorQuery,
  MySecondFactorQueryVariables,
  StartTotpEnrolmentMutation,
  StartTotpEnrolmentMutationVariables,
} from './generated'
import document from './secondFactor.graphql?raw'

export type SecondFactorStatus = MySecondFactorQuery['mySecondFactor']
export type TotpEnrolment = StartTotpEnrolmentMutation['startTotpEnrolment']
export type ConfirmedEnrolment = ConfirmTotpEnrolmentMutation['confirmTotpEnrolment']
export type DisabledOutcome = DisableTotpMutation['disableTotp']

const operation = operations(`${document}\n${fragments}`)

/** Your two-step verification: on or off, required or not, recovery codes left. */
export async function fetchSecondFactor(): Promise<SecondFactorStatus> {
  const data = await graphqlRequest<MySecondFactorQuery, MySecondFactorQueryVariables>(operation('MySecondFactor'), {})
  return data.mySecondFactor
}

/** A new secret for an authenticator app; it counts once confirmed. */
export async function startTotpEnrolment(): Promise<TotpEnrolment> {
  const data = await graphqlRequest<StartTotpEnrolmentMutation, StartTotpEnrolmentMutationVariables>(
    operation('StartTotpEnrolment'),
    {},
  )
  return data.startTotpEnrolment
}

/** Turn it on with a code; the recovery codes come back this once. */
export async function confirmTotpEnrolment(code: string): Promise<ConfirmedEnrolment> {
  const data = await graphqlRequest<ConfirmTotpEnrolmentMutation, ConfirmTotpEnrolmentMutationVariables>(
    operation('ConfirmTotpEnrolment'),
    { code },
  )
  return data.confirmTotpEnrolment
}

/** Turn it off (only where it is optional), confirmed by the password. */
export async function disableTotp(password: string): Promise<DisabledOutcome> {
  const data = await graphqlRequest<DisableTotpMutation, DisableTotpMutationVariables>(operation('DisableTotp'), {
    password,
  })
  return data.disableTotp
}

/** A base32 secret in groups of four, easier to type. */
export function groupSecret(secret: string): string {
  return (secret.match(/.{1,4}/g) ?? []).join(' ')
}
