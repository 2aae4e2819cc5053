/** 领导评价表 and 自评: the operations of `ratingForms.graphql`. */
import { graphqlRequest } from './client'
import { operations } from './document'
import type {
  AssignRatingsFromScopeMutation,
  AssignRatingsFromScopeMutationVariables,
  MyRatingFormQuery,
  MyRatingFormQueryVariables,
  RatingFormFieldsFragment,
  RatingFormValueInput,
  RatingMatrixQuery,
  RatingMatrixQueryVariables,
  ReopenRatingFormMutation,
  ReopenRatingFormMutationVariables,
  RemindRatingFormsMutation,
  RemindRatingFormsMutationVariables,
  SaveRatingFormMutation,
  SaveRatingFormMutationVariables,
  SelfAssessmentQuery,
  SelfAssessmentQueryVariables,
  SetRatingUnitsMutation,
  SetRatingUnitsMutationVariables,
  SetSelfAssessmentMutation,
  SetSelfAssessmentMutationVariables,
} from './generated'
import document from './ratingForms.graphql?raw'

export type { RatingFormValueInput }
export type RatingForm = RatingFormFieldsFragment
export type RatingFormLine = RatingForm['lines'][number]
export type RatingMatrix = RatingMatrixQuery['ratingMatrix']
export type RatingLeader = RatingMatrixQuery['ratingLeaders'][number]
export type RatingFormPayload = SaveRatingFormMutation['saveRatingForm']
export type RatingCountPayload = SetRatingUnitsMutation['setRatingUnits']
export type SelfAssessment = NonNullable<SelfAssessmentQuery['selfAssessment']>
export type SelfAssessmentPayload = SetSelfAssessmentMutation['setSelfAssessment']

/** The component leaders rate (领导评价) in the schemes the office builds. */
export const LEADERS_COMPONENT = 'leaders'

const operation = operations(document)

function request<TData, TVariables extends Record<string, unknown>>(name: string, variables: TVariables) {
  return graphqlRequest<TData, TVariables>(operation(name), variables)
}

/** The signed-in leader's form. */
export async function fetchMyRatingForm(schemeCode: string, componentCode = LEADERS_COMPONENT): Promise<RatingForm> {
  return (await request<MyRatingFormQuery, MyRatingFormQueryVariables>('MyRatingForm', { schemeCode, componentCode }))
    .myRatingForm
}

/** Save values as a draft, or submit the whole form. */
export async function saveRatingForm(variables: SaveRatingFormMutationVariables): Promise<RatingFormPayload> {
  return (await request<SaveRatingFormMutation, SaveRatingFormMutationVariables>('SaveRatingForm', variables)).saveRatingForm
}

/** Who has rated whom, and the leaders who may be given a form (考评办). */
export async function fetchRatingMatrix(schemeCode: string, componentCode = LEADERS_COMPONENT): Promise<RatingMatrixQuery> {
  return request<RatingMatrixQuery, RatingMatrixQueryVariables>('RatingMatrix', { schemeCode, componentCode })
}

export async function assignRatingsFromScope(schemeCode: string, componentCode = LEADERS_COMPONENT): Promise<RatingCountPayload> {
  return (
    await request<AssignRatingsFromScopeMutation, AssignRatingsFromScopeMutationVariables>('AssignRatingsFromScope', {
      schemeCode,
      componentCode,
    })
  ).assignRatingsFromScope
}

export async function setRatingUnits(variables: SetRatingUnitsMutationVariables): Promise<RatingCountPayload> {
  return (await request<SetRatingUnitsMutation, SetRatingUnitsMutationVariables>('SetRatingUnits', variables)).setRatingUnits
}

export async function remindRatingForms(variables: RemindRatingFormsMutationVariables): Promise<RatingCountPayload> {
  return (await request<RemindRatingFormsMutation, RemindRatingFormsMutationVariables>('RemindRatingForms', variables))
    .remindRatingForms
}

export async function reopenRatingForm(variables: ReopenRatingFormMutationVariables): Promise<RatingCountPayload> {
  return (await request<ReopenRatingFormMutation, ReopenRatingFormMutationVariables>('ReopenRatingForm', variables))
    .reopenRatingForm
}

/** The unit's self-assessment given with a report (null: none). */
export async function fetchSelfAssessment(reportId: string): Promise<SelfAssessment | null> {
  return (await request<SelfAssessmentQuery, SelfAssessmentQueryVariables>('SelfAssessment', { reportId })).selfAssessment ?? null
}

/** Give (or, with a null value, withdraw) the unit's own score with its report. */
export async function setSelfAssessment(variables: SetSelfAssessmentMutationVariables): Promise<SelfAssessmentPayload> {
  return (await request<SetSelfAssessmentMutation, SetSelfAssessmentMutationVariables>('SetSelfAssessment', variables))
    .setSelfAssessment
}
