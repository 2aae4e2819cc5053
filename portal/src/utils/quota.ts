/**
 * Grade quotas of a gradient ratio (梯度比例), exactly as the engine computes them (DOMAIN.md §4.5):
 * `q_k = floor(N × r_k / Σr)`; the seats left go to the largest fractional parts, a tie in
 * fractional parts to the better grade (the earlier one). Example: 7 units, 3:5:2 → 2 / 4 / 1.
 */
import { parseDecimal } from './decimal'

export interface QuotaSeat {
  /** Seats of this grade. */
  seats: number
  /** The exact share N × r_k / Σr, for display (rounded to 2 places). */
  exact: string
}

/** "3:5:2" (also "3：5：2", "3,5,2", "3 5 2") → ["3", "5", "2"]; null when a part is not a decimal. */
export function parseRatio(text: string): string[] | null {
  const parts = text
    .split(/[:：,，、\s]+/)
    .map((part) => part.trim())
    .filter((part) => part !== '')
  if (parts.length === 0) return null
  return parts.every((part) => parseDecimal(part) !== null) ? parts : null
}

/** "3:5:2" from the server's parts ("3", "5", "2"); trailing zeros of decimals dropped. */
export function formatRatio(parts: readonly (string | number)[]): string {
  return parts.map((part) => String(part).replace(/(\.\d*?)0+$/, '$1').replace(/\.$/, '')).join(':')
}

/**
 * The seats per grade for `n` units (not counting those in the fail grade). Null when the ratio
 * cannot be used: empty, a negative or unparsable part, or all parts zero.
 */
export function ratioQuotas(n: number, ratio: readonly (string | number)[]): QuotaSeat[] | null {
  if (!Number.isInteger(n) || n < 0 || ratio.length === 0) return null
  const parsed = ratio.map((part) => parseDecimal(part))
  if (parsed.some((part) => part === null || part.units < 0n)) return null
  const scale = Math.max(...parsed.map((part) => part!.scale))
  // Every part on one scale: integers whose proportions are the ratio's.
  const parts = parsed.map((part) => part!.units * 10n ** BigInt(scale - part!.scale))
  const sum = parts.reduce((a, b) => a + b, 0n)
  if (sum === 0n) return null

  const size = BigInt(n)
  const seats = parts.map((part) => (size * part) / sum)
  const remainders = parts.map((part) => (size * part) % sum)
  let left = n - seats.reduce((a, b) => a + Number(b), 0)
  // Largest remainder first; equal remainders: the better (earlier) grade first.
  const order = parts
    .map((_, index) => index)
    .sort((a, b) => {
      const ra = remainders[a]!
      const rb = remainders[b]!
      return ra === rb ? a - b : rb > ra ? 1 : -1
    })
  for (const index of order) {
    if (left <= 0) break
    seats[index] = seats[index]! + 1n
    left -= 1
  }
  return parts.map((part, index) => ({
    seats: Number(seats[index]),
    exact: exactShare(size * part, sum),
  }))
}

/** numerator / denominator rounded half-up to 2 places, as text. */
function exactShare(numerator: bigint, denominator: bigint): string {
  const hundredths = (numerator * 100n * 2n + denominator) / (denominator * 2n)
  const whole = hundredths / 100n
  const fraction = (hundredths % 100n).toString().padStart(2, '0')
  return `${whole}.${fraction}`
}
