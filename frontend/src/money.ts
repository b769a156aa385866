// Amounts as people type them and as the API keeps them (whole minor units).
import { minorDigits } from './i18n';

/** toMinor turns what a person typed ("12 500,50") into minor units of the currency, or null if it is no amount. */
export function toMinor(text: string, currency: string): number | null {
  const clean = text.replace(/[\s\u00a0\u202f]/g, '').replace(',', '.');
  if (!/^\d+(\.\d+)?$/.test(clean)) return null;
  const digits = minorDigits(currency);
  const [whole = '0', frac = ''] = clean.split('.');
  if (frac.length > digits) return null;
  const n = Number(whole) * 10 ** digits + Number(frac.padEnd(digits, '0') || '0');
  return Number.isSafeInteger(n) && n > 0 ? n : null;
}

/** today is the local date as YYYY-MM-DD, the form of a date input's value. */
export function today(now = new Date()): string {
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}
