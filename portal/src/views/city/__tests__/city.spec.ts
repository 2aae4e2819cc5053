import { describe, expect, it } from 'vitest'
import { type CityRanking, type DistrictResult, draftOf, inputOf, lastOf } from '@/api/city'
import { gradesOption } from '../compare'

const ranking: CityRanking = {
  year: 2015,
  districts: [
    { code: 'jf', name: '金凤区' },
    { code: 'xx', name: '西夏区' },
    { code: 'xq', name: '兴庆区' },
  ],
  items: [
    {
      item: '地区生产总值增速',
      ranks: [
        { tenantCode: 'xx', tenantName: '西夏区', rank: 1, last: false },
        { tenantCode: 'xq', tenantName: '兴庆区', rank: 2, last: false },
        { tenantCode: 'jf', tenantName: '金凤区', rank: 3, last: true },
      ],
    },
  ],
  publishedAt: null,
  publishedBy: null,
  updatedAt: null,
  unpublishedChanges: true,
}

describe('the ranking being edited', () => {
  it('becomes rows by district and back into the input, empty ranks left out', () => {
    const rows = draftOf(ranking)
    expect(rows).toEqual([{ item: '地区生产总值增速', ranks: { xx: 1, xq: 2, jf: 3 } }])
    rows.push({ item: '招商引资', ranks: { jf: 1, xx: 2, xq: null } })
    expect(inputOf(rows, ranking.districts)).toEqual([
      {
        item: '地区生产总值增速',
        ranks: [
          { tenantCode: 'jf', rank: 3 },
          { tenantCode: 'xx', rank: 1 },
          { tenantCode: 'xq', rank: 2 },
        ],
      },
      {
        item: '招商引资',
        ranks: [
          { tenantCode: 'jf', rank: 1 },
          { tenantCode: 'xx', rank: 2 },
        ],
      },
    ])
  })

  it('marks the worst rank last, ties included, and nobody when all are first', () => {
    expect(lastOf({ item: 'a', ranks: { jf: 3, xx: 1, xq: 3 } })).toEqual(['jf', 'xq'])
    expect(lastOf({ item: 'b', ranks: { jf: 1, xx: 1 } })).toEqual([])
    expect(lastOf({ item: 'c', ranks: { jf: null, xx: 2, xq: 1 } })).toEqual(['xx'])
  })
})

describe('the comparison chart', () => {
  const district = (name: string, grades: [string, number][]): DistrictResult => ({
    code: name,
    name,
    sharing: true,
    schemeName: `${name}方案`,
    publishedAt: '2016-01-10T00:00:00Z',
    average: '90.00',
    grades: grades.map(([grade, count]) => ({ grade, count })),
    units: grades.flatMap(([grade, count]) =>
      Array.from({ length: count }, (_, i) => ({
        name: `${name}${grade}${i}`,
        kind: 'department',
        groupName: '区直部门',
        total: '90',
        rank: i + 1,
        overallRank: i + 1,
        grade,
      })),
    ),
  })

  it('stacks each grade per district and leaves out districts with nothing shown', () => {
    const hidden: DistrictResult = { ...district('兴庆区', []), sharing: false }
    const option = gradesOption([district('金凤区', [['优秀', 2], ['良好', 1]]), district('西夏区', [['良好', 3]]), hidden], '等次分布')
    expect((option.xAxis as { data: string[] }).data).toEqual(['金凤区', '西夏区'])
    expect(option.series).toEqual([
      { name: '优秀', type: 'bar', stack: 'grades', data: [2, 0] },
      { name: '良好', type: 'bar', stack: 'grades', data: [1, 3] },
    ])
  })
})
