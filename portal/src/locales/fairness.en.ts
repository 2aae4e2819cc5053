/** English text of scorer fairness; the keys of `fairness.zh-CN.ts`. */
import type fairnessZhCN from './fairness.zh-CN'

const fairnessEn: typeof fairnessZhCN = {
  fairness: {
    title: 'Scorer fairness',
    intro:
      'Where several scorers score the same indicator, unit and period, each scorer’s value is compared with the mean of the others, in standard deviations of that indicator’s scorers. A mean deviation at ±{threshold} standard deviations or beyond is flagged lenient or harsh; under {minimum} comparable entries is too few to tell. It informs the approval of results and changes no score.',
    period: 'Period',
    scorer: 'Scorer',
    kind: 'Kind',
    entries: 'Comparable entries',
    items: 'Indicators / ratings',
    units: 'Units',
    meanDeviation: 'Mean standardised deviation',
    leaning: 'Leaning',
    axis: 'Mean standardised deviation (SD)',
    chart: 'Each scorer’s mean standardised deviation',
    empty: 'No line in this period was scored by more than one scorer',
  },
}

export default fairnessEn
