/** 系统设置: the operations of `settings.graphql`. */
import { graphqlRequest } from './client'
import { operations } from './document'
import fragments from './fragments.graphql?raw'
import type {
  SettingKind,
  TenantSettingFieldsFragment,
  TenantSettingsQuery,
  UpdateTenantSettingMutation,
  UpdateTenantSettingMutationVariables,
} from './generated'
import document from './settings.graphql?raw'

export type TenantSetting = TenantSettingFieldsFragment
export type SettingPayload = UpdateTenantSettingMutation['updateTenantSetting']
export type { SettingKind }

/** Settings that share a section, in the order the server lists them. */
export interface SettingGroup {
  key: string
  label: string
  settings: TenantSetting[]
}

const operation = operations(`${document}\n${fragments}`)

/** The tenant's settings, section by section as the server orders them (setting:read). */
export async function fetchTenantSettings(): Promise<TenantSetting[]> {
  return [...(await graphqlRequest<TenantSettingsQuery>(operation('TenantSettings'))).tenantSettings]
}

/** Change one setting (setting:write); the value is sent as text, numbers included. */
export async function updateTenantSetting(key: string, value: string): Promise<SettingPayload> {
  const data = await graphqlRequest<UpdateTenantSettingMutation, UpdateTenantSettingMutationVariables>(
    operation('UpdateTenantSetting'),
    { key, value },
  )
  return data.updateTenantSetting
}

/** The settings grouped by section, sections in the order their first setting comes. */
export function groupSettings(settings: readonly TenantSetting[]): SettingGroup[] {
  const groups = new Map<string, SettingGroup>()
  for (const setting of settings) {
    let group = groups.get(setting.group)
    if (!group) {
      group = { key: setting.group, label: setting.groupLabel, settings: [] }
      groups.set(setting.group, group)
    }
    group.settings.push(setting)
  }
  return [...groups.values()]
}
