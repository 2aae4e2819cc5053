/** Results as the API gives them, for view tests (figures from the jinfeng-2015 example). */
import type { ResultRun, UnitResult } from '@/api/results'

export function run(overrides: Partial<ResultRun> = {}): ResultRun {
  return {
    id: 'UmVzdWx0UnVuOjE=',
    schemeCode: 'jinfeng-2015',
    schemeName: '金凤区2015年绩效考评方案',
    period: 'ANNUAL',
    periodLabel: '全年',
    status: 'PUBLISHED',
    statusLabel: '已公布',
    provisional: false,
    newest: true,
    publishedNow: true,
    inputsVersion: '6b834ba2183c6ecd',
    computedAt: '2015-12-31T02:00:00+00:00',
    computedBy: '考评办 王主任',
    systemComputed: false,
    reviewedAt: '2015-12-31T03:00:00+00:00',
    reviewedBy: '考评办 王主任',
    approvedAt: '2015-12-31T04:00:00+00:00',
    approvedBy: '考评领导小组 李组长',
    publishedAt: '2015-12-31T05:00:00+00:00',
    publishedBy: '考评办 王主任',
    publicityStartedAt: null,
    publicityEndsAt: null,
    supersededAt: null,
    ...overrides,
  }
}

const COMPONENTS = [
  { code: 'indicators', name: '指标考核', weight: '80' },
  { code: 'leaders', name: '领导评价', weight: '10' },
  { code: 'public', name: '群众满意度', weight: '10' },
]

export function unit(overrides: Partial<UnitResult> & { values?: [string, string, string] } = {}): UnitResult {
  const { values = ['84.53', '93.05', '89.89'], ...rest } = overrides
  return {
    unitCode: 'shanghaixilu',
    unitName: '上海西路街道',
    unitKind: 'SUBDISTRICT',
    groupCode: 'towns',
    groupName: '镇街组',
    headcount: 70,
    components: COMPONENTS.map((component, index) => ({ ...component, value: values[index] ?? '0' })),
    bonus: '1.00',
    deductions: '2.00',
    total: '84.91',
    rank: 1,
    overallRank: 1,
    baseGrade: '一等奖',
    grade: '一等奖',
    flags: [],
    flagLabels: [],
    bonusAmount: '168000.00',
    missing: [],
    explain: ['加分1分：创新奖（集体）', '组内第1名（总分84.91），按梯度比例3:5:2（7个单位，名额2/4/1）评为一等奖'],
    ...rest,
  }
}

export const SHANGHAIXILU = unit()
export const LIANGTIAN = unit({
  unitCode: 'liangtian',
  unitName: '良田镇',
  unitKind: 'TOWN',
  total: '84.41',
  rank: 2,
  overallRank: 2,
  bonus: '2.00',
  deductions: '0.00',
  bonusAmount: '182400.00',
  values: ['79.33', '95.63', '93.82'],
  explain: ['加分2分：创新奖（集体）', '组内第2名（总分84.41），按梯度比例3:5:2（7个单位，名额2/4/1）评为一等奖'],
})
export const FENGDENG = unit({
  unitCode: 'fengdeng',
  unitName: '丰登镇',
  unitKind: 'TOWN',
  total: '83.63',
  rank: 3,
  overallRank: 3,
  bonus: '0.00',
  deductions: '0.00',
  baseGrade: '二等奖',
  grade: '无',
  flags: ['binding_failed', 'no_award'],
  flagLabels: ['约束性指标未完成', '取消评优'],
  bonusAmount: '0.00',
  values: ['80.73', '93.49', '96.98'],
  explain: [
    '约束性指标安全生产未完成：该项各期记0分，降一个等次并取消评优资格',
    '降1个等次：二等奖 → 三等奖',
    '取消评优资格：三等奖 → 无',
  ],
})
export const CAIZHENGJU = unit({
  unitCode: 'caizhengju',
  unitName: '财政局',
  unitKind: 'DEPARTMENT',
  groupCode: 'econ',
  groupName: '经济发展组',
  total: '90.01',
  rank: 1,
  overallRank: 3,
  baseGrade: '优秀',
  grade: '优秀',
  bonusAmount: '36000.00',
  values: ['86.64', '96.97', '100.00'],
})

/** The `appraisalSchemes` answer: the schemes a reader without scheme:read picks from, newest first. */
export const APPRAISAL_SCHEMES = {
  appraisalSchemes: [
    { schemeId: 'U2NoZW1lOjI=', code: 'jinfeng-2016', name: '金凤区2016年绩效考评方案', year: 2016, periods: ['Q1', 'Q2', 'Q3', 'Q4'], status: 'DRAFT' },
    { schemeId: 'U2NoZW1lOjE=', code: 'jinfeng-2015', name: '金凤区2015年绩效考评方案', year: 2015, periods: ['Q1', 'Q2', 'Q3', 'Q4'], status: 'PUBLISHED' },
  ],
}
