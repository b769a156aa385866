// Data: what the server publishes and how to take it: the exports of a
// selection (CSV, GeoJSON), IATI by donor, OC4IDS, the Atom feeds, OGC API –
// Features, the vector tiles, the API reference, and the licences. Opened
// with Explore's fragment (oblast=, hromada=, category=, state=, …) the
// export links carry that selection.
import { fetchHromadas, fetchOblasts, getJSON } from '../api';
import { formatMoney, lang, pick, t, type MessageKey } from '../i18n';
import type { Organisation } from '../organisation/api';
import { exportURL, readSelection, selectionHash, type Selection } from '../place/exports';
import { href } from '../router';
import type { Screen } from '../screen';
import { h } from '../ui/dom';

const TILE_LAYERS = ['sites', 'projects', 'oblasts', 'hromadas'] as const;

type Child = Node | string;

export function mount(root: HTMLElement): Screen {
  const ctrl = new AbortController();
  let selection: Selection = readSelection(window.location.hash);
  let names: { oblast: string | null; hromada: string | null } = { oblast: null, hromada: null };
  let organisations: Organisation[] | null = null;
  let orgFailure: string | null = null;

  const loadNames = async (): Promise<void> => {
    const { oblast, hromada } = selection;
    names = { oblast: null, hromada: null };
    if (!oblast && !hromada) return;
    try {
      const os = await fetchOblasts(ctrl.signal);
      const ob = os.features.find((f) => (oblast ? f.properties.code === oblast : f.properties.code.slice(0, 4) === hromada!.slice(0, 4)));
      if (!ob) return;
      names.oblast = oblast ? pick(ob.properties.name_uk, ob.properties.name_en) : null;
      if (hromada) {
        const hs = await fetchHromadas(ob.properties.code, ctrl.signal);
        const hr = hs.features.find((f) => f.properties.code === hromada);
        names.hromada = hr ? pick(hr.properties.name_uk, hr.properties.name_en) : null;
      }
      render();
    } catch {
      // The codes stand in for the names.
    }
  };

  const loadOrganisations = async (): Promise<void> => {
    try {
      const page = await getJSON<{ organisations: Organisation[] }>('/organisations?limit=1000', ctrl.signal);
      organisations = page.organisations;
      orgFailure = null;
    } catch (err) {
      if (ctrl.signal.aborted) return;
      orgFailure = err instanceof Error ? err.message : String(err);
    }
    render();
  };

  const code = (text: string): HTMLElement => h('code', '', {}, text);
  const para = (...children: Child[]): HTMLParagraphElement => h('p', '', {}, ...children);
  const dl = (url: string, text: string, id: string, download = true): HTMLAnchorElement =>
    h('a', '', { href: url, id, download: download ? '' : null }, text);
  const section = (id: string, title: string, ...children: (Child | null)[]): HTMLElement =>
    h('section', 'data__section', { id, 'aria-labelledby': `${id}-title` }, h('h2', '', { id: `${id}-title` }, title), ...children.filter((c): c is Child => c !== null));

  /** selectionSummary says in words what the export links hold. */
  const selectionSummary = (): HTMLElement => {
    const s = selection;
    const rows: [string, string][] = [];
    if (s.oblast) rows.push([t('place.oblast'), names.oblast ?? s.oblast]);
    if (s.hromada) rows.push([t('place.hromada'), names.hromada ?? s.hromada]);
    const f = s.filters;
    const list = (values: readonly string[], prefix: string): string => values.map((v) => t(`${prefix}.${v}` as MessageKey)).join(', ');
    if (f.category.length) rows.push([t('panel.category'), list(f.category, 'category')]);
    if (f.damage.length) rows.push([t('panel.damage'), list(f.damage, 'damage')]);
    if (f.state.length) rows.push([t('filters.state'), list(f.state, 'state')]);
    if (f.sector.length) rows.push([t('filters.sector'), list(f.sector, 'category')]);
    if (f.minGap !== null) rows.push([t('filters.minGap'), formatMoney(f.minGap * 100, 'UAH')]);
    if (!rows.length) return para(t('data.selectionAll'));
    const facts = h('dl', 'facts', { id: 'data-selection-facts' });
    for (const [k, v] of rows) facts.append(h('dt', '', {}, k), h('dd', '', {}, v));
    const onMap = h('a', '', { href: href({ name: 'explore' }, lang(), selectionHash(s)), id: 'data-selection-map' }, t('data.selectionOnMap'));
    const clear = h('a', '', { href: href({ name: 'data' }, lang()), id: 'data-selection-clear' }, t('data.selectionClear'));
    return h('div', '', {}, para(t('data.selectionSome')), facts, para(onMap, ' · ', clear));
  };

  const tables = (): HTMLElement => {
    const s = selection;
    const hxl = (url: string): string => `${url}${url.includes('?') ? '&' : '?'}hxl=1`;
    const row = (what: 'sites' | 'projects'): HTMLLIElement => {
      const csv = exportURL(what, 'csv', s);
      return h(
        'li',
        '',
        {},
        h('strong', '', {}, t(`data.${what}` as MessageKey)),
        ': ',
        dl(csv, 'CSV', `data-${what}-csv`),
        ' · ',
        dl(hxl(csv), t('data.csvHxl'), `data-${what}-hxl`),
        ' · ',
        dl(exportURL(what, 'geojson', s), 'GeoJSON', `data-${what}-geojson`),
        h('br'),
        h('span', 'panel__hint', {}, t(`data.${what}About` as MessageKey)),
      );
    };
    return section(
      'data-tables',
      t('data.tablesTitle'),
      para(t('data.tablesLead')),
      h('ul', 'downloads__list', { id: 'data-tables-list' }, row('sites'), row('projects')),
      h(
        'ul',
        'data__notes',
        {},
        h('li', '', {}, t('data.noteCsv')),
        h('li', '', {}, t('data.noteHxl')),
        h('li', '', {}, t('data.noteCoords')),
        h('li', '', {}, t('data.noteSensitive')),
      ),
    );
  };

  const iati = (): HTMLElement => {
    let body: Child;
    if (orgFailure) body = h('p', 'notice notice--error', { role: 'alert' }, t('error.load', { msg: orgFailure }));
    else if (!organisations) body = para(t('panel.loading'));
    else if (!organisations.length) body = para(t('data.iatiNone'));
    else
      body = h(
        'ul',
        'downloads__list',
        { id: 'data-iati-list' },
        ...organisations.map((o) =>
          h(
            'li',
            '',
            {},
            `${o.name}${o.country ? ` (${o.country})` : ''}: `,
            dl(`/api/v1/export/iati/${o.id}.xml`, 'IATI XML', `data-iati-${o.id}`),
            ' · ',
            dl(`/api/v1/feeds/organisations/${o.id}.atom`, 'Atom', `data-org-feed-${o.id}`, false),
          ),
        ),
      );
    return section('data-iati', t('data.iatiTitle'), para(t('data.iatiLead'), ' ', code('/api/v1/export/iati/{id}.xml')), body);
  };

  const oc4ids = (): HTMLElement =>
    section('data-oc4ids', t('data.oc4idsTitle'), para(t('data.oc4idsLead')), para(dl('/api/v1/export/oc4ids.json', 'oc4ids.json', 'data-oc4ids-link')));

  const feeds = (): HTMLElement => {
    const s = selection;
    const mine: Child[] = [];
    if (s.oblast) mine.push(dl(`/api/v1/feeds/oblasts/${s.oblast}.atom`, t('data.feedOblast', { name: names.oblast ?? s.oblast }), 'data-feed-oblast', false));
    if (s.hromada) {
      if (mine.length) mine.push(' · ');
      mine.push(dl(`/api/v1/feeds/hromadas/${s.hromada}.atom`, t('data.feedHromada', { name: names.hromada ?? s.hromada }), 'data-feed-hromada', false));
    }
    const pattern = (url: string, key: MessageKey): HTMLLIElement => h('li', '', {}, code(url), ' — ', t(key));
    return section(
      'data-feeds',
      t('data.feedsTitle'),
      para(t('data.feedsLead')),
      h(
        'ul',
        'data__patterns',
        {},
        pattern('/api/v1/feeds/oblasts/{code}.atom', 'data.feedsOblasts'),
        pattern('/api/v1/feeds/hromadas/{code}.atom', 'data.feedsHromadas'),
        pattern('/api/v1/feeds/organisations/{id}.atom', 'data.feedsOrganisations'),
        pattern('/api/v1/feeds/projects/{id}.atom', 'data.feedsProjects'),
      ),
      mine.length ? para(t('data.feedsMine'), ' ', ...mine) : null,
    );
  };

  const services = (): HTMLElement =>
    section(
      'data-services',
      t('data.servicesTitle'),
      para(t('data.ogcLead'), ' ', dl('/ogc', '/ogc', 'data-ogc', false)),
      h('pre', 'data__command', {}, code(`ogrinfo OAPIF:${window.location.origin}/ogc`)),
      para(t('data.tilesLead')),
      h(
        'ul',
        'downloads__list',
        { id: 'data-tiles-list' },
        ...TILE_LAYERS.map((l) => h('li', '', {}, dl(`/tiles/${l}.json`, `${l}.json`, `data-tiles-${l}`, false), ' — ', t(`data.tiles.${l}` as MessageKey))),
      ),
      para(t('data.docsLead'), ' ', dl('/api/docs', '/api/docs', 'data-docs', false)),
    );

  const licence = (): HTMLElement =>
    section(
      'data-licence',
      t('data.licenceTitle'),
      h(
        'ul',
        'data__notes',
        {},
        h('li', '', {}, t('data.licenceOwn'), ' ', h('a', '', { href: 'https://creativecommons.org/licenses/by/4.0/', rel: 'license' }, 'CC BY 4.0'), '. ', t('data.licenceAttribute')),
        h('li', '', {}, t('data.licenceBoundaries')),
        h('li', '', {}, t('data.licenceKatotth')),
      ),
    );

  const render = (): void => {
    root.replaceChildren(
      h('h1', 'page__title', { id: 'data-title' }, t('data.title')),
      h('p', 'page__lead', {}, t('data.lead')),
      section('data-selection', t('data.selectionTitle'), selectionSummary()),
      tables(),
      iati(),
      oc4ids(),
      feeds(),
      services(),
      licence(),
    );
    document.title = `${t('data.title')} — ${t('app.title')}`;
  };

  // A new fragment (a link from Explore into this page while it is open) is a new selection.
  const onHash = (): void => {
    selection = readSelection(window.location.hash);
    render();
    void loadNames();
  };
  window.addEventListener('hashchange', onHash);

  render();
  void loadNames();
  void loadOrganisations();
  return {
    render,
    destroy: () => {
      ctrl.abort();
      window.removeEventListener('hashchange', onHash);
      root.replaceChildren();
    },
    testHandle: () => ({ selection: selectionHash(selection) }),
  };
}
