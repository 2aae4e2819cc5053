/**
 * Exact decimals as the server sends them (strings such as "84.91", "2.335625"): parsed into
 * scaled integers, so sums and comparisons never go through floating point.
 */

/** A decimal as `units / 10^scale`. */
export interface Scaled {
  units: bigint
  scale: number
}

const DECIMAL = /^\s*([+-]?)(\d*)(?:\.(\d*))?\s*$/

/** Parse "12", "0.25", "-3.5" (also a number); null when it is not a plain decimal. */
export function parseDecimal(value: string | number | null | undefined): Scaled | null {
  if (value === null || value === undefined) return null
  const text = typeof value === 'number' ? (Number.isFinite(value) ? String(value) : '') : value
  const match = DECIMAL.exec(text)
  if (!match) return null
  const [, sign, whole = '', fraction = ''] = match
  if (whole === '' && fraction === '') return null
  const units = BigInt(`${whole || '0'}${fraction}`)
  return { units: sign === '-' ? -units : units, scale: fraction.length }
}

/** Both on the larger scale. */
export function align(a: Scaled, b: Scaled): [bigint, bigint, number] {
  const scale = Math.max(a.scale, b.scale)
  return [a.units * 10n ** BigInt(scale - a.scale), b.units * 10n ** BigInt(scale - b.scale), scale]
}

/** The exact sum of decimals; unparsable entries make the whole sum null. */
export function sumDecimals(values: readonly (string | number | null | undefined)[]): string | null {
  let total: Scaled = { units: 0n, scale: 0 }
  for (const value of values) {
    const parsed = parseDecimal(value)
    if (!parsed) return null
    const [a, b, scale] = align(total, parsed)
    total = { units: a + b, scale }
  }
  return formatScaled(total)
}

/** Compare two decimals: -1, 0 or 1 (null when either is not a decimal). */
export function compareDecimals(a: string | number, b: string | number): -1 | 0 | 1 | null {
  const x = parseDecimal(a)
  const y = parseDecimal(b)
  if (!x || !y) return null
  const [p, q] = align(x, y)
  return p < q ? -1 : p > q ? 1 : 0
}

function formatScaled({ units, scale }: Scaled): string {
  const negative = units < 0n
  const digits = (negative ? -units : units).toString().padStart(scale + 1, '0')
  const whole = digits.slice(0, digits.length - scale)
  const fraction = scale > 0 ? `.${digits.slice(digits.length - scale)}` : ''
  return `${negative ? '-' : ''}${whole}${fraction}`
}

/** Rounded half-up (away from zero) to `places`, always with that many places: "2.335625" → "2.34". */
export function roundDecimal(value: string | number | null | undefined, places = 2): string {
  const parsed = parseDecimal(value)
  if (!parsed) return value === null || value === undefined ? '' : String(value)
  const { units, scale } = parsed
  if (scale <= places) return formatScaled({ units: units * 10n ** BigInt(places - scale), scale: places })
  const divisor = 10n ** BigInt(scale - places)
  const magnitude = units < 0n ? -units : units
  let rounded = magnitude / divisor
  if ((magnitude % divisor) * 2n >= divisor) rounded += 1n
  return formatScaled({ units: units < 0n ? -rounded : rounded, scale: places })
}

/** The decimal without trailing zeros: "6.0" → "6", "0.250" → "0.25". */
export function trimDecimal(value: string | null | undefined): string {
  if (value === null || value === undefined) return ''
  const parsed = parseDecimal(value)
  if (!parsed) return value
  let { units, scale } = parsed
  while (scale > 0 && units % 10n === 0n) {
    units /= 10n
    scale -= 1
  }
  return formatScaled({ units, scale })
}

/** A money amount in yuan with thousands separators: "182400.00" → "182,400.00". */
export function formatAmount(value: string | null | undefined, locale = 'zh-CN'): string {
  if (value === null || value === undefined || value === '') return ''
  const rounded = roundDecimal(value, 2)
  const [whole = '0', fraction = '00'] = rounded.replace('-', '').split('.')
  const grouped = BigInt(whole).toLocaleString(locale)
  return `${rounded.startsWith('-') ? '-' : ''}${grouped}.${fraction}`
}
