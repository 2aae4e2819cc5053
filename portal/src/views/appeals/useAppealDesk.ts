/**
 * What a result page needs of appeals: the published result's appeal window and the lines under
 * appeal (申诉中) of a scheme's period, loaded when the viewer reads results; and the state of
 * the raise dialog for a unit's own lines.
 */
import { computed, ref } from 'vue'
import { type AppealMark, type AppealWindow, fetchAppealDesk } from '@/api/appeals'
import type { ResultPeriod } from '@/api/results'
import { hasPermission } from '@/permissions/permission'
import type { AppealLine } from './RaiseAppealDialog.vue'

/** Who is shown appeals on results: the units, the office, the leadership, the answerers. */
const INVOLVED = ['appeal:write', 'appeal:handle', 'result:approve', 'score:write']

export function useAppealDesk() {
  const window = ref<AppealWindow | null>(null)
  const marks = ref<AppealMark[]>([])
  const dialogOpen = ref(false)
  const line = ref<AppealLine | null>(null)
  const mayAppeal = computed(() => hasPermission('appeal:write'))

  /** Load (or clear) the window and marks; a failure only hides the marks. */
  async function load(schemeCode: string, period: ResultPeriod): Promise<void> {
    if (!schemeCode || !hasPermission('result:read') || !hasPermission(INVOLVED)) {
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

  /** The viewer's unit may raise appeals on this period's published result now. */
  const canAppeal = computed(() => mayAppeal.value && (window.value?.open ?? false))

  function raise(chosen: AppealLine): void {
    line.value = chosen
    dialogOpen.value = true
  }

  return { window, marks, load, unitsUnderAppeal, indicatorLines, componentUnderAppeal, canAppeal, dialogOpen, line, raise }
}
