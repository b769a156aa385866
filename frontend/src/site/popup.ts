// The popup of one site. Built from DOM nodes and textContent only: site
// names and descriptions come from the public and must never become markup.
import type { SiteProperties, User } from '../api';
import { seesExactly } from '../account/rules';
import { formatDate, formatMoney, pick, t, type MessageKey } from '../i18n';
import { photoList, type Photo } from './photos';

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

/** siteTitle is a site's name, or its category when the name is withheld or empty. */
export function siteTitle(p: Partial<Pick<SiteProperties, 'name' | 'category'>>): string {
  if (p.name) return p.name;
  return p.category ? t(`category.${p.category}` as MessageKey) : t('popup.unknown');
}

export interface PopupExtras {
  /** A sentence about what just happened (a decision saved), announced and focused. */
  notice?: string;
  /** The moderator's buttons, when the viewer may decide on this site. */
  moderation?: HTMLElement;
}

/**
 * sitePopupContent is what a site's popup shows to `viewer` (null: the
 * public). The site's photos come with the site read alone (the lists and
 * tiles have none); the server lists a sensitive site's only to those who
 * may see it exactly.
 */
export function sitePopupContent(p: Partial<SiteProperties> & { photos?: Photo[] }, viewer: User | null, extras: PopupExtras = {}): HTMLElement {
  const root = document.createElement('div');
  root.className = 'site-popup';
  root.append(text('h3', 'site-popup__name', siteTitle(p)));
  if (extras.notice) {
    const notice = text('p', 'site-popup__notice', extras.notice);
    notice.setAttribute('role', 'status');
    notice.tabIndex = -1;
    root.append(notice);
  }

  const dl = document.createElement('dl');
  const row = (label: string, value: string, className = ''): void => {
    dl.append(text('dt', className, label), text('dd', className, value));
  };
  const unknown = t('popup.unknown');
  row(t('popup.category'), p.category ? t(`category.${p.category}` as MessageKey) : unknown);
  row(t('popup.damage'), p.damage ? t(`damage.${p.damage}` as MessageKey) : unknown);
  row(t('popup.date'), p.damaged_on ? formatDate(p.damaged_on) : unknown);
  row(t('popup.hromada'), pick(p.hromada_name_uk, p.hromada_name_en) || unknown);
  if (p.verification) row(t('popup.verification'), t(`verification.${p.verification}` as MessageKey), 'site-popup__verification');
  if (p.verification_reason) row(t('popup.reason'), p.verification_reason, 'site-popup__reason');
  const cost = money(p.estimated_cost);
  if (cost) row(t('popup.cost'), formatMoney(cost.amount_minor, cost.currency));
  root.append(dl);

  if (p.sensitive) {
    // The server has already moved a sensitive site to its hromada's point
    // for anyone who may not see it; say so, or tell those who may that the public cannot.
    const place = { oblast_code: p.oblast_code ?? '', hromada_code: p.hromada_code ?? null };
    const exact = seesExactly(viewer, place);
    root.append(text('p', exact ? 'site-popup__sensitive' : 'site-popup__withheld', t(exact ? 'popup.sensitive' : 'popup.withheld')));
  }
  if (p.description) root.append(text('p', 'site-popup__description', p.description));
  if (Array.isArray(p.photos) && p.photos.length) {
    const title = siteTitle(p);
    root.append(photoList(p.photos, (n) => t('popup.photo', { n, name: title }), { className: 'site-popup__photos', label: t('popup.photos'), width: 88 }));
  }
  if (p.demo) root.append(text('p', 'site-popup__demo', t('popup.demo')));
  if (extras.moderation) root.append(extras.moderation);
  return root;
}
