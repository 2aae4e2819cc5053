/** 评分尺度: tag types and the bar chart of each scorer's mean standardised deviation (pure, tested). */
import type { ScorerFairnessRow, ScorerLeaning } from '@/api/fairness'
import type { Translator } from '@/utils/results'

type TagType = 'success' | 'warning' | 'danger' | 'info'

const TAGS: Record<ScorerLeaning, TagType> = { LENIENT: 'warning', HARSH: 'danger', NORMAL: 'success', TOO_FEW: 'info' }
const COLORS: Record<ScorerLeaning, string> = { LENIENT: '#e6a23c', HARSH: '#f56c6c', NORMAL: '#67c23a', TOO_FEW: '#909399' }

export function leaningTagType(leaning: ScorerLeaning): TagType {
  return TAGS[leaning]
}

/** Scorers with a figure, bottom to top as listed (most lenient at the top); bars coloured by leaning. */
export function fairnessOption(rows: readonly ScorerFairnessRow[], { t }: Translator): Record<string, unknown> {
  const shown = rows.filter((row) => row.meanDeviation !== null && row.meanDeviation !== undefined).reverse()
  return {
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    grid: { left: 8, right: 40, top: 16, bottom: 24, containLabel: true },
    xAxis: { type: 'value', name: t('fairness.axis'), nameLocation: 'middle', nameGap: 24 },
    yAxis: { type: 'category', data: shown.map((row) => row.scorer.name) },
    series: [
      {
        name: t('fairness.meanDeviation'),
        type: 'bar',
        barMaxWidth: 18,
        label: { show: true, position: 'right' },
        data: shown.map((row) => ({ value: Number(row.meanDeviation), itemStyle: { color: COLORS[row.leaning] } })),
      },
    ],
  }
}
