import { computed, ref } from 'vue'
import { useI18n } from 'vue-i18n'
import {
  type Assignment,
  fetchReportDesk,
  type ProgressReport,
  type ReportPayload,
  reportStep,
  type ReportStep,
} from '@/api/cycle'
import { describeError, showError, showPayloadErrors } from '@/utils/errors'
import { reviewRows } from './reports'

/** The period filter's value for every period (an empty value would show the placeholder). */
export const ALL_PERIODS = 'ALL'

/** The reports a reviewer sees (one request: tasks and reports), and the steps taken on them. */
export function useReviewDesk() {
  const { t } = useI18n()
  const assignments = ref<Assignment[]>([])
  const reports = ref<ProgressReport[]>([])
  const loading = ref(false)
  const failure = ref<string | null>(null)
  const busy = ref<string | null>(null)
  /** A quarter, or ALL_PERIODS. */
  const period = ref<string>(ALL_PERIODS)

  const rows = computed(() => reviewRows(reports.value, assignments.value))

  async function load(): Promise<void> {
    loading.value = true
    failure.value = null
    try {
      const desk = await fetchReportDesk({ period: period.value === ALL_PERIODS ? null : period.value })
      assignments.value = desk.assignments
      reports.value = desk.reports
    } catch (error) {
      failure.value = describeError(error)
    } finally {
      loading.value = false
    }
  }

  function replace(report: ProgressReport): void {
    reports.value = [...reports.value.filter((existing) => existing.id !== report.id), report]
  }

  /** Take a step on a report; true when the server accepted it (its errors are shown otherwise). */
  async function take(
    step: ReportStep,
    report: ProgressReport,
    extra: { reason?: string; value?: string; note?: string; met?: boolean | null } = {},
  ): Promise<boolean> {
    busy.value = `${step}:${report.id}`
    try {
      const payload: ReportPayload = await reportStep(step, report.id, extra)
      if (payload.errors.length > 0 || !payload.report) {
        showPayloadErrors(payload.errors)
        return false
      }
      replace(payload.report)
      // One-step approval (the tenant's setting) sends the report up in the same step.
      const sentUp = step === 'approve' && payload.report.status === 'REPORTED'
      ElMessage({ type: 'success', message: t(sentUp ? 'approvalMode.approvedAndSent' : `cycle.review.done.${step}`) })
      return true
    } catch (error) {
      showError(error)
      return false
    } finally {
      busy.value = null
    }
  }

  /** Ask for a reason (return, reject); null when the user cancels. */
  async function askReason(title: string): Promise<string | null> {
    try {
      const answer = await ElMessageBox.prompt(t('cycle.review.returnPlaceholder'), title, {
        confirmButtonText: t('common.confirm'),
        cancelButtonText: t('common.cancel'),
        inputType: 'textarea',
        inputValidator: (value: string) => (value && value.trim() ? true : t('cycle.common.reasonRequired')),
        customClass: 'reason-prompt',
      })
      return answer.value.trim()
    } catch {
      return null
    }
  }

  return { assignments, reports, rows, loading, failure, busy, period, load, take, askReason, replace }
}
