import { describe, expect, it } from 'vitest'
import { compareDecimals, formatAmount, parseDecimal, roundDecimal, sumDecimals, trimDecimal } from '../decimal'

describe('exact decimals', () => {
  it('parses plain decimals only', () => {
    expect(parseDecimal('84.91')).toEqual({ units: 8491n, scale: 2 })
    expect(parseDecimal('-3.5')).toEqual({ units: -35n, scale: 1 })
    expect(parseDecimal(12)).toEqual({ units: 12n, scale: 0 })
    expect(parseDecimal('1e3')).toBeNull()
    expect(parseDecimal('')).toBeNull()
    expect(parseDecimal(null)).toBeNull()
  })

  it('sums without floating point', () => {
    expect(sumDecimals(['0.1', '0.2'])).toBe('0.3')
    expect(sumDecimals(['80', '10', '10'])).toBe('100')
    expect(sumDecimals(['4.2222', '4.7838'])).toBe('9.0060')
    expect(sumDecimals(['1', 'x'])).toBeNull()
  })

  it('rounds half up to two places', () => {
    expect(roundDecimal('2.335625')).toBe('2.34')
    expect(roundDecimal('2.345')).toBe('2.35')
    expect(roundDecimal('2.344999')).toBe('2.34')
    expect(roundDecimal('6.0')).toBe('6.00')
    expect(roundDecimal('-1.005')).toBe('-1.01')
    expect(roundDecimal('0.995')).toBe('1.00')
  })

  it('compares and trims', () => {
    expect(compareDecimals('100', '100.00')).toBe(0)
    expect(compareDecimals('99.99', '100')).toBe(-1)
    expect(trimDecimal('6.0')).toBe('6')
    expect(trimDecimal('0.250')).toBe('0.25')
    expect(trimDecimal('100')).toBe('100')
  })

  it('writes amounts of money with separators', () => {
    expect(formatAmount('182400.00')).toBe('182,400.00')
    expect(formatAmount('0')).toBe('0.00')
    expect(formatAmount(null)).toBe('')
  })
})
