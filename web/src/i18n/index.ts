// vue-i18n set-up: zh-CN by default, English second. The choice is kept in
// localStorage ("renda.locale") and mirrored to <html lang> and to Element
// Plus's own locale (see App.vue).
import { createI18n } from 'vue-i18n';
import { ref } from 'vue';
import zhCN from './zh-CN';
import en from './en';
import type { Messages } from './zh-CN';

export type Locale = 'zh-CN' | 'en';
export const LOCALES: readonly Locale[] = ['zh-CN', 'en'];
const STORAGE_KEY = 'renda.locale';

function storedLocale(): Locale {
  try {
    const v = localStorage.getItem(STORAGE_KEY);
    if (v === 'zh-CN' || v === 'en') return v;
  } catch {
    /* storage unavailable (private mode): default */
  }
  return 'zh-CN';
}

const initial = storedLocale();

// Keys asked for but missing, for the browser tests to read (they fail on
// any): window.__rendaMissingMessages.
const missingKeys: string[] = [];
(window as unknown as { __rendaMissingMessages: string[] }).__rendaMissingMessages = missingKeys;

export const i18n = createI18n<[Messages], Locale, false>({
  legacy: false,
  locale: initial,
  fallbackLocale: 'zh-CN',
  messages: { 'zh-CN': zhCN, en },
  missingWarn: false,
  fallbackWarn: false,
  missing: (locale, key) => {
    if (!missingKeys.includes(`${locale}:${key}`)) missingKeys.push(`${locale}:${key}`);
    return key;
  },
});

/** The current locale, reactive; change it with setLocale(). */
export const currentLocale = ref<Locale>(initial);

export function setLocale(l: Locale): void {
  i18n.global.locale.value = l;
  currentLocale.value = l;
  document.documentElement.lang = l;
  try {
    localStorage.setItem(STORAGE_KEY, l);
  } catch {
    /* not remembered; still switched */
  }
}

document.documentElement.lang = initial;
