/** The district comparison's chart: how many units of each district hold each grade (pure). */
import type { DistrictResult } from '@/api/city'

/** A stacked bar per district, one series per grade, in the order grades first appear. */
export function gradesOption(districts: readonly DistrictResult[], title: string): Record<string, unknown> {
  const shown = districts.filter((d) => d.units.length > 0)
  const grades: string[] = []
  for (const district of shown) {
    for (const { grade } of district.grades) if (!grades.includes(grade)) grades.push(grade)
  }
  return {
    title: { text: title, left: 'center', textStyle: { fontSize: 14 } },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: { data: grades, bottom: 0 },
    grid: { left: 48, right: 24, top: 40, bottom: 48 },
    xAxis: { type: 'category', data: shown.map((d) => d.name) },
    yAxis: { type: 'value', minInterval: 1 },
    series: grades.map((grade) => ({
      name: grade,
      type: 'bar',
      stack: 'grades',
      data: shown.map((d) => d.grades.find((g) => g.grade === grade)?.count ?? 0),
    })),
  }
}
