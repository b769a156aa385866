// The popup of one site. Built from DOM nodes and textContent only: site
// names and descriptions come from the public and must never become markup.
import type { SiteProperties } from '../api';
import { formatDate, formatMoney, pick, t, type MessageKey } from '../i18n';

/**
 * GeoJSON sources hand back nested objects as JSON strings, so a property
 * read from a rendered feature may be either.
 */
function money(v: unknown): { amount_minor: number; currency: string } | null {
  let o = v;
  if (typeof v === 'string') {
    try {
      o = JSON.parse(v);
    } catch {
      return null;
    }
  }
  if (o && typeof o === 'object' && 'amount_minor' in o && 'currency' in o) {
    const m = o as { amount_minor: unknown; currency: unknown };
    if (typeof m.amount_minor === 'number' && typeof m.currency === 'string') {
      return { amount_minor: m.amount_minor, currency: m.currency };
    }
  }
  return null;
}

function text(tag: string, className: string, value: string): HTMLElement {
  const el = document.createElement(tag);
  el.className = className;
  el.textContent = value;
  return el;
}

export function sitePopupContent(p: Partial<SiteProperties>): HTMLElement {
  const root = document.createElement('div');
  root.className = 'site-popup';
  root.append(text('h3', 'site-popup__name', p.name ?? ''));

  const dl = document.createElement('dl');
  const row = (label: string, value: string): void => {
    dl.append(text('dt', '', label), text('dd', '', value));
  };
  const unknown = t('popup.unknown');
  row(t('popup.category'), p.category ? t(`category.${p.category}` as MessageKey) : unknown);
  row(t('popup.damage'), p.damage ? t(`damage.${p.damage}` as MessageKey) : unknown);
  row(t('popup.date'), p.damaged_on ? formatDate(p.damaged_on) : unknown);
  row(t('popup.hromada'), pick(p.hromada_name_uk, p.hromada_name_en) || unknown);
  if (p.verification) row(t('popup.verification'), t(`verification.${p.verification}` as MessageKey));
  const cost = money(p.estimated_cost);
  if (cost) row(t('popup.cost'), formatMoney(cost.amount_minor, cost.currency));
  root.append(dl);

  if (p.description) root.append(text('p', 'site-popup__description', p.description));
  if (p.demo) root.append(text('p', 'site-popup__demo', t('popup.demo')));
  return root;
}
