// Before and after: the photos each site was reported with, beside the
// photos of the newest progress update, so that a visitor sees at a glance
// what the work has changed.
import type { SiteFeature } from '../api';
import { formatDate, t } from '../i18n';
import { photoList, type Photo } from '../site/photos';
import { h } from '../ui/dom';
import type { ProgressUpdate } from './api';

/** A site as read alone: with its photos (a list of sites leaves them out). */
export type SiteWithPhotos = SiteFeature & { properties: { photos?: Photo[] } };

export interface BeforeAfter {
  before: { name: string; photos: Photo[] }[];
  after: { date: string; photos: Photo[] } | null;
}

/** pickBeforeAfter takes every site's own photos, and those of the newest update that has any. */
export function pickBeforeAfter(sites: SiteWithPhotos[], updates: ProgressUpdate[]): BeforeAfter {
  const before = sites.flatMap((s) => (s.properties.photos?.length ? [{ name: s.properties.name || t('popup.unknown'), photos: s.properties.photos }] : []));
  let after: BeforeAfter['after'] = null;
  for (const u of updates) {
    // ISO dates compare as text; on a tie the first listed (the server's newest) stays.
    if (u.photos.length && (!after || u.date > after.date)) after = { date: u.date, photos: u.photos };
  }
  return { before, after };
}

/** beforeAfterSection shows the two sides, each saying when it has no photos yet. */
export function beforeAfterSection(sites: SiteWithPhotos[], updates: ProgressUpdate[]): HTMLElement {
  const { before, after } = pickBeforeAfter(sites, updates);
  const beforeSide = h('div', 'beforeafter__side', { id: 'photos-before' }, h('h3', '', {}, t('photos.before')));
  if (!before.length) beforeSide.append(h('p', 'panel__hint', {}, t('photos.noneBefore')));
  for (const s of before) {
    beforeSide.append(h('p', 'beforeafter__site', {}, s.name), photoList(s.photos, (n) => t('photos.beforeAlt', { n, name: s.name })));
  }
  const afterSide = h('div', 'beforeafter__side', { id: 'photos-after' });
  if (after) {
    const date = formatDate(after.date);
    afterSide.append(h('h3', '', {}, t('photos.after', { date })), photoList(after.photos, (n) => t('updates.photo', { n, date })));
  } else {
    afterSide.append(h('h3', '', {}, t('photos.afterNone')), h('p', 'panel__hint', {}, t('photos.noneAfter')));
  }
  return h(
    'section',
    'beforeafter',
    { id: 'project-photos', 'aria-labelledby': 'photos-title' },
    h('h2', '', { id: 'photos-title' }, t('photos.title')),
    h('div', 'beforeafter__sides', {}, beforeSide, afterSide),
  );
}
