// Links to the open data of what is on screen: the exports take the lists'
// own filters, so a download holds exactly the current selection.
import { t } from '../i18n';
import { projectParams, siteParams, type Filters } from '../state';
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
  );
}
