import { describe, expect, it } from 'vitest'
import { formatRatio, parseRatio, ratioQuotas } from '../quota'

const seats = (n: number, ratio: (string | number)[]) => ratioQuotas(n, ratio)?.map((quota) => quota.seats)

describe('grade quotas by the largest remainder (DOMAIN.md §4.5)', () => {
  it('gives 7 units at 3:5:2 the seats 2 / 4 / 1', () => {
    const quotas = ratioQuotas(7, ['3', '5', '2'])
    expect(quotas?.map((quota) => quota.seats)).toEqual([2, 4, 1])
    expect(quotas?.map((quota) => quota.exact)).toEqual(['2.10', '3.50', '1.40'])
  })

  it('always hands out exactly N seats', () => {
    for (let n = 0; n <= 40; n += 1) {
      for (const ratio of [[3, 5, 2], [1, 1, 1], [2, 3], [1, 2, 3, 4], ['0.3', '0.5', '0.2'], [7]]) {
        const quotas = seats(n, ratio)!
        expect(quotas.reduce((a, b) => a + b, 0)).toBe(n)
      }
    }
  })

  it('gives an exact share its seats without rounding', () => {
    expect(seats(10, [3, 5, 2])).toEqual([3, 5, 2])
    expect(seats(20, [3, 5, 2])).toEqual([6, 10, 4])
  })

  it('gives a tie in fractional parts to the better grade', () => {
    // 1 unit at 1:1 → 0.5 / 0.5: the first grade takes it.
    expect(seats(1, [1, 1])).toEqual([1, 0])
    // 2 units at 1:1:1 → 0.67 each: the first two grades.
    expect(seats(2, [1, 1, 1])).toEqual([1, 1, 0])
    // 5 units at 1:1:1:1 → 1.25 each: the one seat left goes to the first grade.
    expect(seats(5, [1, 1, 1, 1])).toEqual([2, 1, 1, 1])
  })

  it('prefers the largest remainder over the better grade', () => {
    // 4 units at 3:5:2 → 1.2 / 2.0 / 0.8: the last seat goes to the third grade.
    expect(seats(4, [3, 5, 2])).toEqual([1, 2, 1])
    // 6 at 3:5:2 → 1.8 / 3.0 / 1.2.
    expect(seats(6, [3, 5, 2])).toEqual([2, 3, 1])
  })

  it('takes decimal ratios exactly (0.3:0.5:0.2 is 3:5:2)', () => {
    expect(seats(7, ['0.3', '0.5', '0.2'])).toEqual([2, 4, 1])
    // 0.1 + 0.2 in floating point is not 0.3; here it is.
    expect(seats(3, ['0.1', '0.2'])).toEqual([1, 2])
  })

  it('refuses ratios it cannot use', () => {
    expect(ratioQuotas(7, [])).toBeNull()
    expect(ratioQuotas(7, [0, 0])).toBeNull()
    expect(ratioQuotas(7, [3, -1])).toBeNull()
    expect(ratioQuotas(7, ['x', 2])).toBeNull()
    expect(ratioQuotas(-1, [3, 5, 2])).toBeNull()
    expect(ratioQuotas(2.5, [3, 5, 2])).toBeNull()
  })

  it('gives no seats to no units', () => {
    expect(seats(0, [3, 5, 2])).toEqual([0, 0, 0])
  })
})

describe('ratio text', () => {
  it('reads the usual ways of writing a ratio', () => {
    expect(parseRatio('3:5:2')).toEqual(['3', '5', '2'])
    expect(parseRatio('3：5：2')).toEqual(['3', '5', '2'])
    expect(parseRatio(' 3, 5 ,2 ')).toEqual(['3', '5', '2'])
    expect(parseRatio('0.3 0.5 0.2')).toEqual(['0.3', '0.5', '0.2'])
    expect(parseRatio('')).toBeNull()
    expect(parseRatio('3:five:2')).toBeNull()
  })

  it('writes the server’s parts as 3:5:2', () => {
    expect(formatRatio(['3', '5', '2'])).toBe('3:5:2')
    expect(formatRatio(['3.0', '0.50', '2'])).toBe('3:0.5:2')
  })
})
