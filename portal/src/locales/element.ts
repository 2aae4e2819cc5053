import en from 'element-plus/es/locale/lang/en'
import zhCn from 'element-plus/es/locale/lang/zh-cn'
import type { Locale } from './index'

/** Element Plus's own texts (pagination, date pickers…) in the UI language. */
export const elementLocales: Record<Locale, typeof zhCn> = { 'zh-CN': zhCn, en }
