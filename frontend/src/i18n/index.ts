// Every string the page shows comes from uk.json or en.json; Ukrainian is the default.
import uk from './uk.json';
import en from './en.json';

export const LANGS = ['uk', 'en'] as const;
export type Lang = (typeof LANGS)[number];
export type MessageKey = keyof typeof uk;

const catalogues: Record<Lang, Record<MessageKey, string>> = { uk, en };
const locales: Record<Lang, string> = { uk: 'uk-UA', en: 'en-GB' };
const STORAGE_KEY = 'vidbudova.lang';

let current: Lang = 'uk';
const listeners = new Set<(lang: Lang) => void>();

export function isLang(v: unknown): v is Lang {
  return typeof v === 'string' && (LANGS as readonly string[]).includes(v);
}

/** initialLang picks ?lang= first, then what the visitor chose last time, then Ukrainian. */
export function initialLang(search: string): Lang {
  const fromQuery = new URLSearchParams(search).get('lang');
  if (isLang(fromQuery)) return fromQuery;
  try {
    const stored = localStorage.getItem(STORAGE_KEY);
    if (isLang(stored)) return stored;
  } catch {
    // Storage can be disabled; the default is fine then.
  }
  return 'uk';
}

export function lang(): Lang {
  return current;
}

export function locale(): string {
  return locales[current];
}

export function setLang(next: Lang): void {
  current = next;
  if (typeof document !== 'undefined') {
    document.documentElement.lang = next;
    document.title = t('page.title');
  }
  try {
    localStorage.setItem(STORAGE_KEY, next);
  } catch {
    // See initialLang (and there is no storage outside a browser).
  }
  for (const fn of listeners) fn(next);
}

/** onLangChange registers fn to run after every language switch. */
export function onLangChange(fn: (lang: Lang) => void): void {
  listeners.add(fn);
}

/** t returns the message for key, with {name} placeholders filled from vars. */
export function t(key: MessageKey, vars?: Record<string, string | number>): string {
  let s = catalogues[current][key] ?? key;
  if (vars) {
    for (const [k, v] of Object.entries(vars)) {
      s = s.replaceAll(`{${k}}`, typeof v === 'number' ? formatNumber(v) : v);
    }
  }
  return s;
}

export function formatNumber(n: number): string {
  return new Intl.NumberFormat(locale()).format(n);
}

/**
 * plural is "N things" in the page's language: `base` names four messages,
 * base.one, base.few, base.many and base.other (Ukrainian has all four:
 * 1 об'єкт, 3 об'єкти, 5 об'єктів, 1,5 об'єкта; English uses one and other).
 */
export function plural(base: 'sites' | 'projects' | 'hromadas', n: number): string {
  const form = new Intl.PluralRules(locale()).select(n);
  const key = (['one', 'few', 'many'].includes(form) ? `${base}.${form}` : `${base}.other`) as MessageKey;
  return t(key, { n });
}

/** sitesLabel is "N sites" with the Ukrainian plural forms (one/few/many). */
export function sitesLabel(n: number): string {
  return plural('sites', n);
}

/** pick returns the Ukrainian or English name of a thing, whichever the page shows. */
export function pick(uk: string | null | undefined, en: string | null | undefined): string {
  return (current === 'en' ? en || uk : uk || en) ?? '';
}

export function formatDate(iso: string): string {
  const d = new Date(`${iso}T00:00:00Z`);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat(locale(), { dateStyle: 'long', timeZone: 'UTC' }).format(d);
}

/** minorDigits is how many minor units a currency has (2 for UAH and EUR, 0 for JPY). */
export function minorDigits(currency: string): number {
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    return 2;
  }
}

/** formatMoney shows an amount in minor units as whole units of its currency: 7 896 000 ₴, €12,500. */
export function formatMoney(amountMinor: number, currency: string): string {
  try {
    return new Intl.NumberFormat(locale(), { style: 'currency', currency, maximumFractionDigits: 0 }).format(
      amountMinor / 10 ** minorDigits(currency),
    );
  } catch {
    return `${formatNumber(amountMinor / 100)} ${currency}`;
  }
}

/** formatMoneyShort is formatMoney for tight places: 524,8 млн ₴, UAH 524.8m. */
export function formatMoneyShort(amountMinor: number, currency: string): string {
  try {
    return new Intl.NumberFormat(locale(), {
      style: 'currency',
      currency,
      notation: 'compact',
      maximumFractionDigits: 1,
    }).format(amountMinor / 10 ** minorDigits(currency));
  } catch {
    return formatMoney(amountMinor, currency);
  }
}

/** formatPercent shows a share (0.47) as a whole percentage (47 %). */
export function formatPercent(share: number): string {
  return new Intl.NumberFormat(locale(), { style: 'percent', maximumFractionDigits: 0 }).format(share);
}

/** formatMonth shows "2024-05" as a short month and year. */
export function formatMonth(ym: string): string {
  const d = new Date(`${ym}-01T00:00:00Z`);
  if (Number.isNaN(d.getTime())) return ym;
  return new Intl.DateTimeFormat(locale(), { month: 'short', year: 'numeric', timeZone: 'UTC' }).format(d);
}

/** formatDateTime shows an instant, to the minute, in the visitor's time zone. */
export function formatDateTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat(locale(), { dateStyle: 'medium', timeStyle: 'short' }).format(d);
}
