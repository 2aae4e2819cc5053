/**
 * What a result page needs of appeals: the published result's appeal window and the lines under
 * appeal (申诉中) of a scheme's period, loaded when the viewer reads results (and, for a unit's
 * trend, of its other periods); and the state of the raise dialog for the viewer's own unit's lines.
 */
import { computed, ref } from 'vue'
import { type AppealMark, type AppealWindow, fetchAppealDesk, fetchAppealMarks } from '@/api/appeals'
import type { ResultPeriod } from '@/api/results'
import { hasPermission, type PermissionCode } from '@/permissions/permission'
import { useViewerStore } from '@/stores/viewer'
import type { AppealLine } from './RaiseAppealDialog.vue'

/** Who is shown appeals on results: the units, the office, the leadership, the answerers. */
const INVOLVED: readonly PermissionCode[] = ['appeal:write', 'appeal:handle', 'result:approve', 'score:write']

export function useAppealDesk() {
  const viewer = useViewerStore()
  const window = ref<AppealWindow | null>(null)
  const marks = ref<AppealMark[]>([])
  /** The period `marks` are of; marks of the trend's other periods, by period. */
  const markedPeriod = ref<ResultPeriod | null>(null)
  const periodMarks = ref<Partial<Record<ResultPeriod, AppealMark[]>>>({})
  const dialogOpen = ref(false)
  const line = ref<AppealLine | null>(null)
  const mayAppeal = computed(() => hasPermission('appeal:write'))

  /** Load (or clear) the window and marks; a failure only hides the marks. */
  async function load(schemeCode: string, period: ResultPeriod): Promise<void> {
    markedPeriod.value = period
    if (!involved(schemeCode)) {
      window.value = null
      marks.value = []
      return
    }
    try {
      const desk = await fetchAppealDesk(schemeCode, period)
      window.value = desk.appealWindow ?? null
      marks.value = desk.appealMarks
    } catch {
      window.value = null
      marks.value = []
    }
  }

  function involved(schemeCode: string): boolean {
    return schemeCode !== '' && hasPermission('result:read') && hasPermission(INVOLVED)
  }

  /** Load (or clear) the marks of each period of a unit's trend; a failure only hides them. */
  async function loadPeriods(schemeCode: string, periods: readonly ResultPeriod[]): Promise<void> {
    if (!involved(schemeCode) || periods.length === 0) {
      periodMarks.value = {}
      return
    }
    try {
      const found = await Promise.all(periods.map((period) => fetchAppealMarks(schemeCode, period)))
      periodMarks.value = Object.fromEntries(periods.map((period, index) => [period, found[index]]))
    } catch {
      periodMarks.value = {}
    }
  }

  /** Whether a unit has a line under appeal in a period (the trend's rows). */
  function periodUnderAppeal(unitCode: string, period: ResultPeriod): boolean {
    const found = period === markedPeriod.value ? marks.value : (periodMarks.value[period] ?? [])
    return found.some((mark) => mark.unitCode === unitCode)
  }

  /** Units with a line under appeal. */
  const unitsUnderAppeal = computed(() => new Set(marks.value.map((mark) => mark.unitCode)))

  /** A unit's indicator lines under appeal, as `indicator/period`. */
  function indicatorLines(unitCode: string): Set<string> {
    return new Set(
      marks.value
        .filter((mark) => mark.unitCode === unitCode && mark.lineKind === 'INDICATOR')
        .map((mark) => `${mark.lineKey}/${mark.linePeriod}`),
    )
  }

  /** Whether a rating component of a unit is under appeal. */
  function componentUnderAppeal(unitCode: string, code: string): boolean {
    return marks.value.some((m) => m.unitCode === unitCode && m.lineKind === 'RATING' && m.lineKey === code)
  }

  /** A unit's adjustments (加减分) under appeal, by the adjustment's id. */
  function adjustmentLines(unitCode: string): Set<string> {
    return new Set(
      marks.value
        .filter((mark) => mark.unitCode === unitCode && mark.lineKind === 'ADJUSTMENT')
        .map((mark) => mark.lineKey),
    )
  }

  /** The viewer's unit may raise appeals on this period's published result now. */
  const canAppeal = computed(() => mayAppeal.value && (window.value?.open ?? false))

  /** The viewer may raise appeals now on this unit's result: its own unit's only. */
  function canAppealFor(unitCode: string): boolean {
    return canAppeal.value && unitCode !== '' && viewer.unitCode === unitCode
  }

  function raise(chosen: AppealLine): void {
    line.value = chosen
    dialogOpen.value = true
  }

  return {
    window,
    marks,
    load,
    loadPeriods,
    unitsUnderAppeal,
    periodUnderAppeal,
    indicatorLines,
    componentUnderAppeal,
    adjustmentLines,
    canAppeal,
    canAppealFor,
    dialogOpen,
    line,
    raise,
  }
}
