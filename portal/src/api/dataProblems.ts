/** 数据问题 and data imports that merge or replace: the operations of `dataProblems.graphql`. */
import { graphqlRequest } from './client'
import { operations } from './document'
import fragments from './fragments.graphql?raw'
import type {
  DataImportMode,
  RemoveBadEntryMutation,
  RemoveBadEntryMutationVariables,
  SchemeDataImportPreviewQuery,
  SchemeDataImportPreviewQueryVariables,
  SchemeEntryKind,
  SchemeProblemsQuery,
  SchemeProblemsQueryVariables,
  StartSchemeDataImportMutation,
  StartSchemeDataImportMutationVariables,
} from './generated'
import document from './dataProblems.graphql?raw'
import schemes from './schemes.graphql?raw'

export type { DataImportMode, SchemeEntryKind }
export type SchemeProblem = SchemeProblemsQuery['schemeProblems'][number]
export type RemoveBadEntryPayload = RemoveBadEntryMutation['removeBadEntry']
export type DataImportPreviewPayload = SchemeDataImportPreviewQuery['schemeDataImportPreview']
export type DataImportPreview = NonNullable<DataImportPreviewPayload['preview']>
export type DataImportStart = StartSchemeDataImportMutation['startSchemeDataImport']

const operation = operations(`${document}\n${schemes}\n${fragments}`)

/** The scheme's stored entries that the engine refuses, in words (考评办). */
export async function fetchSchemeProblems(schemeCode: string): Promise<SchemeProblem[]> {
  const data = await graphqlRequest<SchemeProblemsQuery, SchemeProblemsQueryVariables>(operation('SchemeProblems'), {
    schemeCode,
  })
  return [...data.schemeProblems]
}

/** Delete one such entry, with the reason (audited). */
export async function removeBadEntry(variables: RemoveBadEntryMutationVariables): Promise<RemoveBadEntryPayload> {
  const data = await graphqlRequest<RemoveBadEntryMutation, RemoveBadEntryMutationVariables>(
    operation('RemoveBadEntry'),
    variables,
  )
  return data.removeBadEntry
}

/** What importing this data would do in this mode; nothing is written. */
export async function previewDataImport(
  code: string,
  dataText: string,
  mode: DataImportMode,
): Promise<DataImportPreviewPayload> {
  const data = await graphqlRequest<SchemeDataImportPreviewQuery, SchemeDataImportPreviewQueryVariables>(
    operation('SchemeDataImportPreview'),
    { code, dataText, mode },
  )
  return data.schemeDataImportPreview
}

/** Start a data import as a job (merge or replace); poll it with `waitForImport`. */
export async function startDataImport(code: string, dataText: string, mode: DataImportMode): Promise<DataImportStart> {
  const data = await graphqlRequest<StartSchemeDataImportMutation, StartSchemeDataImportMutationVariables>(
    operation('StartSchemeDataImport'),
    { code, dataText, mode },
  )
  return data.startSchemeDataImport
}
