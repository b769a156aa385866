// Links to the open data of what is on screen: the exports take the lists'
// own filters, so a download holds exactly the current selection.
import { lang, t } from '../i18n';
import { href } from '../router';
import { projectParams, readFilters, siteParams, writeFilters, type Filters } from '../state';
import { h } from '../ui/dom';

export interface Selection {
  oblast?: string | null;
  hromada?: string | null;
  filters: Filters;
}

/** exportURL is the address of one export of the selection. */
export function exportURL(what: 'sites' | 'projects', format: 'csv' | 'geojson', s: Selection): string {
  const p = what === 'sites' ? siteParams(s.filters, s) : projectParams(s.filters, s);
  const q = p.toString();
  return `/api/v1/export/${what}.${format}${q ? `?${q}` : ''}`;
}

const CODE = /^UA\d{17}$/;

/** selectionHash is the fragment (without '#') that carries a selection to the Data page, in Explore's words. */
export function selectionHash(s: Selection): string {
  const p = new URLSearchParams();
  if (s.oblast) p.set('oblast', s.oblast);
  if (s.hromada) p.set('hromada', s.hromada);
  writeFilters(p, s.filters);
  return p.toString().replaceAll('%2C', ',');
}

/** readSelection reads a selection back from a fragment (Explore's or selectionHash's); anything malformed is dropped. */
export function readSelection(hash: string): Selection {
  const p = new URLSearchParams(hash.replace(/^#/, ''));
  const code = (k: string): string | null => {
    const v = p.get(k);
    return v && CODE.test(v) ? v : null;
  };
  return { oblast: code('oblast'), hromada: code('hromada'), filters: readFilters(p) };
}

/** downloads is the list of download links for a selection, and the standard feeds beside them. */
export function downloads(s: Selection, id = 'downloads'): HTMLElement {
  const item = (url: string, text: string, download = true): HTMLLIElement =>
    h('li', '', {}, h('a', '', { href: url, download: download ? '' : null }, text));
  return h(
    'section',
    'downloads',
    { id, 'aria-labelledby': `${id}-title` },
    h('h3', 'downloads__title', { id: `${id}-title` }, t('downloads.title')),
    h(
      'ul',
      'downloads__list',
      {},
      item(exportURL('sites', 'csv', s), t('downloads.sitesCsv')),
      item(exportURL('sites', 'geojson', s), t('downloads.sitesGeojson')),
      item(exportURL('projects', 'csv', s), t('downloads.projectsCsv')),
      item(exportURL('projects', 'geojson', s), t('downloads.projectsGeojson')),
      item('/api/v1/export/oc4ids.json', t('downloads.oc4ids')),
      item('/ogc', t('downloads.ogc'), false),
    ),
    h('p', 'downloads__about', {}, h('a', '', { href: href({ name: 'data' }, lang(), selectionHash(s)), id: `${id}-about` }, t('downloads.about'))),
  );
}
