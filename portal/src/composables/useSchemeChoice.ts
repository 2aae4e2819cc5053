import { computed, ref } from 'vue'
import { type LocationQueryRaw, useRoute, useRouter } from 'vue-router'
import { PERIODS, type ResultPeriod } from '@/api/results'
import { fetchAppraisalSchemes, fetchSchemes, type SchemeSummary } from '@/api/schemes'
import { hasPermission, type PermissionCode } from '@/permissions/permission'
import { showError } from '@/utils/errors'

/** The scheme last looked at, offered again on the next visit. */
export const SCHEME_STORAGE_KEY = 'jixiao.results.scheme'

function text(value: unknown): string | null {
  const first = Array.isArray(value) ? value[0] : value
  return typeof first === 'string' && first !== '' ? first : null
}

/** A scheme to pick: from the scheme list (scheme:read) or the appraisal pages' list (other readers). */
export type SchemeOption = Pick<SchemeSummary, 'id' | 'code' | 'name' | 'year' | 'status'>

/** Who may list the schemes to pick from: `appraisalSchemes` (jixiao/graphql/schemes/queries.py). */
export const SCHEME_LIST_PERMISSIONS: readonly PermissionCode[] = [
  'scheme:read',
  'result:read',
  'assignment:read',
  'score:read',
  'supervision:read',
]

/** Schemes newest year first, then by code. */
export function sortSchemes<T extends { year: number; code: string }>(schemes: readonly T[]): T[] {
  return [...schemes].sort((a, b) => b.year - a.year || a.code.localeCompare(b.code))
}

/** The schemes the viewer may pick from: the full list with scheme:read, else the appraisal list. */
async function listSchemes(): Promise<SchemeOption[]> {
  if (hasPermission('scheme:read')) {
    return (await fetchSchemes()).nodes.map(({ id, code, name, year, status }) => ({ id, code, name, year, status }))
  }
  return (await fetchAppraisalSchemes()).map((s) => ({ id: s.schemeId, code: s.code, name: s.name, year: s.year, status: s.status }))
}

/**
 * The scheme and period a results page shows, kept in the address (`?scheme=…&period=…`) so it
 * can be shared and survives a reload. Viewers who read schemes, results, assignments, scores or
 * supervision pick from a list (`schemes` with scheme:read, else `appraisalSchemes`); others (the
 * finance bureau with only the bonus table) have no list to pick from and enter the code.
 */
export function useSchemeChoice() {
  const route = useRoute()
  const router = useRouter()
  const schemes = ref<SchemeOption[]>([])
  const canList = computed(() => hasPermission(SCHEME_LIST_PERMISSIONS))
  const ready = ref(false)

  const schemeCode = computed(() => text(route.query.scheme) ?? '')
  const period = computed<ResultPeriod>(() => {
    const value = text(route.query.period)?.toUpperCase()
    return PERIODS.includes(value as ResultPeriod) ? (value as ResultPeriod) : 'ANNUAL'
  })
  const scheme = computed(() => schemes.value.find((s) => s.code === schemeCode.value) ?? null)

  async function setQuery(patch: Record<string, string | null | undefined>): Promise<void> {
    const query: LocationQueryRaw = { ...route.query }
    for (const [key, value] of Object.entries(patch)) {
      if (value === null || value === undefined || value === '') delete query[key]
      else query[key] = value
    }
    await router.replace({ query })
  }

  /** Load the list (when allowed) and settle on a scheme: the address's, the last one, or the newest. */
  async function init(): Promise<void> {
    if (canList.value) {
      try {
        schemes.value = sortSchemes(await listSchemes())
      } catch (error) {
        showError(error)
      }
    }
    if (!schemeCode.value) {
      const remembered = globalThis.localStorage?.getItem(SCHEME_STORAGE_KEY) ?? null
      const known = (code: string | null) => code !== null && (!canList.value || schemes.value.some((s) => s.code === code))
      const fallback = known(remembered) ? remembered : (schemes.value[0]?.code ?? null)
      if (fallback) await setQuery({ scheme: fallback })
    }
    ready.value = true
  }

  async function chooseScheme(code: string): Promise<void> {
    const clean = code.trim()
    if (clean) globalThis.localStorage?.setItem(SCHEME_STORAGE_KEY, clean)
    await setQuery({ scheme: clean, run: null, group: null })
  }

  async function choosePeriod(next: ResultPeriod): Promise<void> {
    await setQuery({ period: next === 'ANNUAL' ? null : next, run: null })
  }

  return { schemes, canList, ready, schemeCode, period, scheme, init, chooseScheme, choosePeriod, setQuery }
}

/** A page's scheme and period, as useSchemeChoice keeps them (CyclePage takes it as it is). */
export type SchemeChoice = ReturnType<typeof useSchemeChoice>
