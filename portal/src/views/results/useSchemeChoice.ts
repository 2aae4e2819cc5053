import { computed, ref } from 'vue'
import { type LocationQueryRaw, useRoute, useRouter } from 'vue-router'
import { PERIODS, type ResultPeriod } from '@/api/results'
import { fetchSchemes, type SchemeSummary } from '@/api/schemes'
import { hasPermission } from '@/permissions/permission'
import { showError } from '@/utils/errors'

/** The scheme last looked at, offered again on the next visit. */
export const SCHEME_STORAGE_KEY = 'jixiao.results.scheme'

function text(value: unknown): string | null {
  const first = Array.isArray(value) ? value[0] : value
  return typeof first === 'string' && first !== '' ? first : null
}

/** Schemes newest year first, then by code. */
export function sortSchemes(schemes: readonly SchemeSummary[]): SchemeSummary[] {
  return [...schemes].sort((a, b) => b.year - a.year || a.code.localeCompare(b.code))
}

/**
 * The scheme and period a results page shows, kept in the address (`?scheme=…&period=…`) so it
 * can be shared and survives a reload. Viewers who may read schemes pick from the list; others
 * (a unit's reporter, the finance bureau) have no list to pick from and enter the code.
 */
export function useSchemeChoice() {
  const route = useRoute()
  const router = useRouter()
  const schemes = ref<SchemeSummary[]>([])
  const canList = computed(() => hasPermission('scheme:read'))
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
        schemes.value = sortSchemes((await fetchSchemes()).nodes)
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
