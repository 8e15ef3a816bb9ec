/**
 * @module The page's language: English or Arabic. Messages are written in English in the code and
 * looked up in the Arabic table, which is typed by the keys, so a label without a translation does not
 * compile. The choice is remembered in localStorage and sets `<html lang dir>`.
 * docs/decisions/0244-dashboard-languages.md.
 */
import { AR } from './messages-ar';

export type Lang = 'en' | 'ar';
export type MessageKey = keyof typeof AR;

const LANG_STORAGE = 'linkit.lang';

function initialLang(): Lang {
  try {
    const stored = localStorage.getItem(LANG_STORAGE);
    if (stored === 'en' || stored === 'ar') {
      return stored;
    }
  } catch {
    // Storage refused (private mode): the browser's language decides, every time.
  }
  const browser = typeof navigator === 'undefined' ? '' : (navigator.language ?? '');
  return browser.toLowerCase().startsWith('ar') ? 'ar' : 'en';
}

let current: Lang = initialLang();

export function currentLang(): Lang {
  return current;
}

/** The locale for Intl: Arabic with Arabic-Indic digits and Gregorian dates (Saudi merchants' invoices). */
export function currentLocale(): string {
  return current === 'ar' ? 'ar-SA-u-ca-gregory-nu-arab' : 'en-US';
}

export function applyLang(lang: Lang): void {
  current = lang;
  try {
    localStorage.setItem(LANG_STORAGE, lang);
  } catch {
    // Not remembered; still applied.
  }
  document.documentElement.lang = lang;
  document.documentElement.dir = lang === 'ar' ? 'rtl' : 'ltr';
}

/** `t('{count} orders', {count: 3})`: the message in the current language, `{name}`s filled in. */
export function t(key: MessageKey, vars: Record<string, string | number> = {}): string {
  const template: string = current === 'ar' ? AR[key] : key;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in vars ? formatVar(vars[name] as string | number) : whole,
  );
}

function formatVar(value: string | number): string {
  return typeof value === 'number' ? new Intl.NumberFormat(currentLocale()).format(value) : value;
}
