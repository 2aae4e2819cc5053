/** Simplified Chinese text of scorer fairness (评分尺度); `fairness.en.ts` has the same keys. */
const fairnessZhCN = {
  fairness: {
    title: '评分尺度',
    intro:
      '同一指标、同一考评对象、同一周期有多位评分人时，比较每位评分人的评分与其他评分人均值之差，以该指标评分人之间的离散程度（标准差）为单位。平均偏差达到 ±{threshold} 个标准差标为偏宽或偏严；可比评分少于 {minimum} 条为样本不足。仅供审定结果前参考，不改变任何分数。',
    period: '周期',
    scorer: '评分人',
    kind: '类别',
    entries: '可比评分',
    items: '指标/评价项',
    units: '考评对象',
    meanDeviation: '平均标准化偏差',
    leaning: '尺度',
    axis: '平均标准化偏差（标准差）',
    chart: '各评分人平均标准化偏差',
    empty: '本周期没有多位评分人共同评分的项目',
  },
}

export default fairnessZhCN
