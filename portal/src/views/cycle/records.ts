/**
 * What the 明查暗访与创新奖 and 督查督办 pages' parts share: how a payload's errors are shown, points, units.
 */
import { compareDecimals, parseDecimal } from '@/utils/decimal'
import { showPayloadErrors } from '@/utils/errors'

/** Show a mutation payload's errors; true when there were none (then `message` is shown). */
export function succeeded(payload: { errors: readonly { message: string }[] }, message: string): boolean {
  if (payload.errors.length > 0) {
    showPayloadErrors(payload.errors)
    return false
  }
  ElMessage({ type: 'success', message })
  return true
}

/** Points of a deduction or an award: a decimal of at least 0. */
export const validPoints = (value: string): boolean =>
  parseDecimal(value) !== null && (compareDecimals(value, '0') ?? -1) >= 0

/** A unit to pick (code and name). */
export interface UnitChoice {
  code: string
  name: string
}
