// Scheme templates: the operator's platform templates and the office's own 指标库.
import { graphqlRequest } from './client'
import { operations } from './document'
import fragments from './fragments.graphql?raw'
import type {
  DeleteSchemeTemplateMutation,
  DeleteTenantSchemeTemplateMutation,
  PlatformSchemeTemplatesQuery,
  SaveSchemeAsTemplateMutation,
  SaveSchemeTemplateInput,
  SchemeTemplateChangesQuery,
  SchemeTemplateDocumentQuery,
  SchemeTemplateFieldsFragment,
  TemplateLibrary,
  TenantSchemeTemplatesQuery,
  UploadSchemeTemplateInput,
  UploadSchemeTemplateMutation,
} from './generated'
import document from './templates.graphql?raw'

export type SchemeTemplate = SchemeTemplateFieldsFragment
export type TemplateChange = SchemeTemplateChangesQuery['schemeTemplateChanges'][number]
export type TemplatePayload = UploadSchemeTemplateMutation['uploadSchemeTemplate']
export type SavePayload = SaveSchemeAsTemplateMutation['saveSchemeAsTemplate']
export type RemovePayload = DeleteSchemeTemplateMutation['deleteSchemeTemplate']
export type { SaveSchemeTemplateInput, TemplateLibrary, UploadSchemeTemplateInput }

/** The levels of government a platform template may be meant for (`any`: sent as null). */
export const TEMPLATE_LEVELS = ['any', 'city', 'district', 'county'] as const
export type TemplateLevel = (typeof TEMPLATE_LEVELS)[number]

const operation = operations(`${document}\n${fragments}`)

function request<TData, TVariables extends Record<string, unknown>>(name: string, variables: TVariables) {
  return graphqlRequest<TData, TVariables>(operation(name), variables)
}

/** Every platform template (operators). */
export async function fetchPlatformTemplates(): Promise<SchemeTemplate[]> {
  return (await request<PlatformSchemeTemplatesQuery, Record<string, never>>('PlatformSchemeTemplates', {}))
    .platformSchemeTemplates
}

/** One platform template's jixiao.scheme/1 document (JSON text), to download. */
export async function fetchTemplateDocument(code: string): Promise<string | null> {
  return (await request<SchemeTemplateDocumentQuery, { code: string }>('SchemeTemplateDocument', { code }))
    .schemeTemplateDocument
}

/** Operators' changes of platform templates, newest first. */
export async function fetchTemplateChanges(code: string | null): Promise<TemplateChange[]> {
  return (await request<SchemeTemplateChangesQuery, { code: string | null }>('SchemeTemplateChanges', { code }))
    .schemeTemplateChanges
}

/** Create a platform template, or replace the one of that code. */
export async function uploadTemplate(input: UploadSchemeTemplateInput): Promise<TemplatePayload> {
  return (await request<UploadSchemeTemplateMutation, { input: UploadSchemeTemplateInput }>('UploadSchemeTemplate', { input }))
    .uploadSchemeTemplate
}

/** Remove a platform template. */
export async function removePlatformTemplate(code: string): Promise<RemovePayload> {
  return (await request<DeleteSchemeTemplateMutation, { code: string }>('DeleteSchemeTemplate', { code }))
    .deleteSchemeTemplate
}

/** The templates a tenant may start from: the platform's for its level, then its own 指标库. */
export async function fetchTenantTemplates(): Promise<SchemeTemplate[]> {
  return (await request<TenantSchemeTemplatesQuery, Record<string, never>>('TenantSchemeTemplates', {})).schemeTemplates
}

/** Save a scheme's rules (no data) as a template of the tenant's 指标库. */
export async function saveSchemeAsTemplate(schemeCode: string, input: SaveSchemeTemplateInput): Promise<SavePayload> {
  return (
    await request<SaveSchemeAsTemplateMutation, { schemeCode: string; input: SaveSchemeTemplateInput }>(
      'SaveSchemeAsTemplate',
      { schemeCode, input },
    )
  ).saveSchemeAsTemplate
}

/** Remove a template from the tenant's 指标库. */
export async function removeTenantTemplate(code: string): Promise<DeleteTenantSchemeTemplateMutation['deleteTenantSchemeTemplate']> {
  return (await request<DeleteTenantSchemeTemplateMutation, { code: string }>('DeleteTenantSchemeTemplate', { code }))
    .deleteTenantSchemeTemplate
}
