import { createI18n } from 'vue-i18n'
import appealsEn from './appeals.en'
import appealsZhCN from './appeals.zh-CN'
import approvalEn from './approval.en'
import approvalZhCN from './approval.zh-CN'
import cityEn from './city.en'
import cityZhCN from './city.zh-CN'
import cycleEn from './cycle.en'
import cycleZhCN from './cycle.zh-CN'
import dataProblemsEn from './dataProblems.en'
import dataProblemsZhCN from './dataProblems.zh-CN'
import en from './en'
import fairnessEn from './fairness.en'
import fairnessZhCN from './fairness.zh-CN'
import identityEn from './identity.en'
import identityZhCN from './identity.zh-CN'
import insightEn from './insight.en'
import insightZhCN from './insight.zh-CN'
import noticesEn from './notices.en'
import noticesZhCN from './notices.zh-CN'
import periodsEn from './periods.en'
import periodsZhCN from './periods.zh-CN'
import publicResultsEn from './publicResults.en'
import publicResultsZhCN from './publicResults.zh-CN'
import ratingFormsEn from './ratingForms.en'
import ratingFormsZhCN from './ratingForms.zh-CN'
import reportsEn from './reports.en'
import reportsZhCN from './reports.zh-CN'
import schemeYearEn from './schemeYear.en'
import schemeYearZhCN from './schemeYear.zh-CN'
import surveysEn from './surveys.en'
import supportEn from './support.en'
import supportZhCN from './support.zh-CN'
import surveysZhCN from './surveys.zh-CN'
import templatesEn from './templates.en'
import templatesZhCN from './templates.zh-CN'
import zhCN from './zh-CN'

export type Messages = typeof zhCN

/** Notices, the bell, the sign-in log, the operator console, the home pages and two-step verification come in their own files. */
const zhCNMessages = { ...zhCN, ...cityZhCN, ...noticesZhCN, ...cycleZhCN, ...identityZhCN, ...approvalZhCN, ...schemeYearZhCN, ...periodsZhCN, ...dataProblemsZhCN, ...appealsZhCN, ...fairnessZhCN, ...ratingFormsZhCN, ...surveysZhCN, ...publicResultsZhCN, ...supportZhCN, ...templatesZhCN, ...reportsZhCN, ...insightZhCN }
const enMessages: typeof zhCNMessages = { ...en, ...cityEn, ...noticesEn, ...cycleEn, ...identityEn, ...approvalEn, ...schemeYearEn, ...periodsEn, ...dataProblemsEn, ...appealsEn, ...fairnessEn, ...ratingFormsEn, ...surveysEn, ...publicResultsEn, ...supportEn, ...templatesEn, ...reportsEn, ...insightEn }
type AllMessages = typeof zhCNMessages
export const SUPPORTED_LOCALES = ['zh-CN', 'en'] as const
export type Locale = (typeof SUPPORTED_LOCALES)[number]
export const DEFAULT_LOCALE: Locale = 'zh-CN'

const STORAGE_KEY = 'jixiao.locale'

function isLocale(value: unknown): value is Locale {
  return SUPPORTED_LOCALES.includes(value as Locale)
}

/** The user's saved choice, else Simplified Chinese (not the browser's language: this is a Chinese government tool). */
export function initialLocale(storage: Pick<Storage, 'getItem'> | undefined = globalThis.localStorage): Locale {
  const saved = storage?.getItem(STORAGE_KEY)
  return isLocale(saved) ? saved : DEFAULT_LOCALE
}

/** A fresh i18n instance; the app uses `i18n` below, tests may build their own. */
export function createAppI18n(locale: Locale = initialLocale()) {
  return createI18n<[AllMessages], Locale, false>({
    legacy: false,
    locale,
    fallbackLocale: DEFAULT_LOCALE,
    messages: { 'zh-CN': zhCNMessages, en: enMessages },
  })
}

export const i18n = createAppI18n()

/** Switch the UI language, remember it, and tell the browser (lang attribute). */
export function setLocale(locale: Locale): void {
  i18n.global.locale.value = locale
  globalThis.localStorage?.setItem(STORAGE_KEY, locale)
  document.documentElement.lang = locale
}
