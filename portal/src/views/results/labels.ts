import { useI18n } from 'vue-i18n'
import type { Translator } from '@/utils/results'

/** The page's i18n as the pure helpers of `@/utils/results` want it. */
export function useTranslator(): Translator {
  const { t, te } = useI18n()
  return { t: (key, named) => (named ? t(key, named) : t(key)), te: (key) => te(key) }
}

/** `A1@Q2` (an indicator not scored in a period) or `leaders@annual` (a rating) in words. */
export function missingLabel(entry: string, translator: Translator): string {
  const [what = entry, period] = entry.split('@')
  if (!period) return what
  const key = `periods.${period.toUpperCase()}`
  return `${what}（${translator.te(key) ? translator.t(key) : period}）`
}

/** department / town / subdistrict in words. */
export function unitKindLabel(kind: string, translator: Translator): string {
  const key = `unitKinds.${kind.toUpperCase()}`
  return translator.te(key) ? translator.t(key) : kind
}
