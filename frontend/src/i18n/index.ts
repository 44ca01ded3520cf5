import { createI18n } from 'vue-i18n'
import zhCN from './zh-CN'
import en from './en'

export type Locale = 'zh-CN' | 'en'
export const LOCALES: Locale[] = ['zh-CN', 'en']
export const DEFAULT_LOCALE: Locale = 'zh-CN'

/** Key under which the last language is mirrored, only to avoid a flash at startup. */
export const LOCALE_STORAGE_KEY = 'fieldbook.locale'

export type MessageSchema = typeof zhCN

export const messages: Record<Locale, MessageSchema> = { 'zh-CN': zhCN, en }

export function isLocale(v: unknown): v is Locale {
  return v === 'zh-CN' || v === 'en'
}

export function initialLocale(): Locale {
  try {
    const saved = globalThis.localStorage?.getItem(LOCALE_STORAGE_KEY)
    if (isLocale(saved)) return saved
  } catch {
    // storage unavailable: fall through
  }
  return DEFAULT_LOCALE
}

export const i18n = createI18n<[MessageSchema], Locale, false>({
  legacy: false,
  locale: initialLocale(),
  fallbackLocale: DEFAULT_LOCALE,
  messages,
})

/** Switch the UI language (vue-i18n, <html lang>, window title, local mirror). */
export function applyLocale(locale: Locale): void {
  i18n.global.locale.value = locale
  if (typeof document !== 'undefined') {
    document.documentElement.lang = locale
    const app = messages[locale].app
    document.title = `${app.name} · ${app.nameSecondary}`
  }
  try {
    globalThis.localStorage?.setItem(LOCALE_STORAGE_KEY, locale)
  } catch {
    // ignore
  }
}
