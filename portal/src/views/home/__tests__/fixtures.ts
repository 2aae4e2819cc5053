import type { HomeAssignment, HomeReport } from '@/api/home'

export function assignment(overrides: Partial<HomeAssignment> = {}): HomeAssignment {
  return {
    id: 'a1',
    indicatorCode: 'A1',
    indicatorName: '招商引资到位资金',
    unitId: 'u1',
    unitName: '良田镇',
    targetValue: '5000',
    targetText: '全年到位资金5000万元',
    deadline: '2015-12-31',
    milestones: [],
    ...overrides,
  }
}

export function report(overrides: Partial<HomeReport> = {}): HomeReport {
  return {
    id: 'r1',
    assignmentId: 'a1',
    unitId: 'u1',
    period: 'Q4',
    version: 1,
    completion: '80',
    actual: null,
    status: 'DRAFT',
    late: false,
    updatedAt: '2015-12-01T00:00:00+00:00',
    ...overrides,
  }
}

export const SCHEMES = {
  appraisalSchemes: [{ schemeId: 'U2NoZW1lOjE=', code: 'jinfeng-2015', name: '金凤区2015年绩效考评方案', year: 2015, periods: ['Q1', 'Q2', 'Q3', 'Q4'], status: 'PUBLISHED' }],
}
