import { useI18n } from 'vue-i18n'

/** A permission code with the words to show for it. */
export interface PermissionOption {
  code: string
  label: string
}

/** Permission options grouped by resource (`user` of `user:read`), in first-seen order. */
export interface PermissionGroup {
  resource: string
  options: PermissionOption[]
}

export function groupByResource(options: readonly PermissionOption[]): PermissionGroup[] {
  const groups = new Map<string, PermissionOption[]>()
  for (const option of options) {
    const resource = option.code.split(':')[0] ?? option.code
    const group = groups.get(resource)
    if (group) group.push(option)
    else groups.set(resource, [option])
  }
  return [...groups].map(([resource, items]) => ({ resource, options: items }))
}

/** Names of permissions, resources and roles in the UI language (the code when unknown). */
export function useLabels() {
  const { t, te, locale } = useI18n()

  function permissionLabel(code: string, serverLabel?: string): string {
    // The server's labels are Chinese: use them in Chinese, ours in other languages.
    if (serverLabel && locale.value === 'zh-CN') return serverLabel
    const [resource, action] = code.split(':')
    const key = `permissions.${resource}.${action}`
    if (resource && action && te(key)) return t(key)
    return serverLabel ?? code
  }

  function resourceLabel(resource: string): string {
    const key = `resources.${resource}`
    return te(key) ? t(key) : resource
  }

  function roleLabel(code: string, serverName?: string): string {
    if (serverName && locale.value === 'zh-CN') return serverName
    const key = `roleNames.${code}`
    return te(key) ? t(key) : (serverName ?? code)
  }

  return { permissionLabel, resourceLabel, roleLabel }
}
