// A project's page: where its sites are, its lifecycle and milestones,
// money needed and given by each donor, progress with photos, links to
// Prozorro and DREAM, and the public change history. A donor funds it here.
import type { GeoJSONSource, Map as MapLibreMap } from 'maplibre-gl';
import { currentUser } from '../account/session';
import { ApiError, fetchSite } from '../api';
import { fundingForm } from '../fund/form';
import { historySection } from '../history/list';
import { formatDate, formatMoney, formatPercent, lang, pick, t, type MessageKey } from '../i18n';
import { bboxOf, miniMap } from '../map/mini';
import { CATEGORY_COLOURS } from '../map/style';
import { fetchOrganisation } from '../organisation/api';
import { href, type Route } from '../router';
import type { Screen, ScreenContext } from '../screen';
import { photoList } from '../site/photos';
import { h } from '../ui/dom';
import { moneyBar } from '../ui/money';
import { fetchFunding, fetchProject, fetchUpdates, type Funding, type Project, type ProgressUpdate } from './api';
import { beforeAfterSection, type SiteWithPhotos } from './beforeafter';
import { fundingSection } from './funding';
import { timelineSection } from './timeline';

export function mount(root: HTMLElement, route: Route, ctx: ScreenContext): Screen {
  const id = route.name === 'project' ? route.id : 0;
  let map: MapLibreMap | null = null;
  let project: Project | null = null;
  let funding: Funding[] = [];
  let updates: ProgressUpdate[] = [];
  let sites: SiteWithPhotos[] = [];
  /** Before and after, drawn again once the sites (and their photos) are in. */
  let photos: HTMLElement | null = null;
  let failure: string | null = null;
  /** What the funding form says after a record was saved (the page is drawn again with the new money). */
  let savedNotice: string | null = null;
  const ctrl = new AbortController();

  const load = async (): Promise<void> => {
    try {
      [project, funding, updates] = await Promise.all([fetchProject(id, ctrl.signal), fetchFunding(id, ctrl.signal), fetchUpdates(id, ctrl.signal)]);
      failure = null;
    } catch (err) {
      if (ctrl.signal.aborted) return;
      failure = err instanceof ApiError ? err.message : String(err);
    }
    render();
    if (project && !sites.length) {
      const ids = project.properties.site_ids.slice(0, 50);
      const got = await Promise.allSettled(ids.map((s) => fetchSite(s, ctrl.signal)));
      sites = got.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
      drawSites();
      if (photos?.isConnected) {
        const next = beforeAfterSection(sites, updates);
        photos.replaceWith(next);
        photos = next;
      }
    }
  };

  const drawSites = (): void => {
    if (!map) return;
    const m = map;
    const put = (): void => {
      const fc = { type: 'FeatureCollection' as const, features: sites };
      const src = m.getSource('project-sites') as GeoJSONSource | undefined;
      if (src) src.setData(fc);
      else {
        m.addSource('project-sites', { type: 'geojson', data: fc });
        const colour = ['match', ['get', 'category'], ...Object.entries(CATEGORY_COLOURS).flat(), '#7f7f7f'] as unknown as string;
        m.addLayer({ id: 'project-site-fill', type: 'fill', source: 'project-sites', filter: ['==', ['geometry-type'], 'Polygon'], paint: { 'fill-color': colour, 'fill-opacity': 0.5, 'fill-outline-color': '#1d1d1b' } });
        m.addLayer({ id: 'project-site-circle', type: 'circle', source: 'project-sites', filter: ['==', ['geometry-type'], 'Point'], paint: { 'circle-color': colour, 'circle-radius': 8, 'circle-stroke-color': '#fff', 'circle-stroke-width': 2 } });
      }
      const pts = sites.flatMap((s) => (s.geometry.type === 'Point' ? [s.geometry.coordinates as [number, number]] : (s.geometry.coordinates[0] as [number, number][])));
      const b = bboxOf(pts);
      // Close enough to tell the sites apart, far enough to see the hromada's edge around them.
      if (b) m.fitBounds(b, { padding: 40, maxZoom: 11, duration: 0 });
    };
    // loaded() waits for tiles too; the style is what the layers need.
    if (m.isStyleLoaded()) put();
    else m.once('load', put);
  };

  const donorBox = async (): Promise<HTMLElement | null> => {
    const u = currentUser();
    if (!project || !u || u.disabled || u.role !== 'donor' || !u.organisation_id) return null;
    const orgId = u.organisation_id;
    let name = '';
    try {
      name = (await fetchOrganisation(orgId, ctrl.signal)).name;
    } catch {
      name = `#${orgId}`;
    }
    return fundingForm({
      projectId: id,
      organisationId: orgId,
      organisationName: name,
      commitments: funding.filter((f) => f.organisation_id === orgId && f.kind === 'commitment'),
      onSaved: () => {
        ctx.dataChanged();
        savedNotice = t('funding.saved');
        void load();
      },
    });
  };

  const render = (): void => {
    map?.remove();
    map = null;
    if (failure || !project) {
      root.replaceChildren(
        h('h1', 'page__title', {}, failure ? t('project.missing') : t('panel.loading')),
        failure ? h('p', 'notice notice--error', { role: 'alert' }, failure) : '',
        h('p', '', {}, h('a', '', { href: href({ name: 'explore' }, lang()) }, t('notfound.back'))),
      );
      return;
    }
    const p = project.properties;
    const crumbs = h(
      'nav',
      'crumbs',
      { 'aria-label': t('crumbs.label') },
      h('a', '', { href: href({ name: 'explore' }, lang()) }, t('place.ukraine')),
      ' › ',
      h('a', '', { href: href({ name: 'oblast', code: p.oblast_code }, lang()), id: 'project-oblast' }, pick(p.oblast_name_uk, p.oblast_name_en) || t('place.oblast')),
      ' › ',
      h('a', '', { href: href({ name: 'hromada', code: p.hromada_code }, lang()), id: 'project-hromada' }, pick(p.hromada_name_uk, p.hromada_name_en) || t('place.hromada')),
    );
    const facts = h('dl', 'facts', { id: 'project-facts' });
    const fact = (label: MessageKey, value: string, cls = ''): void => {
      facts.append(h('dt', '', {}, t(label)), h('dd', cls, {}, value));
    };
    fact('project.state', t(`state.${p.state}` as MessageKey), 'project__state');
    fact('project.sector', t(`category.${p.sector}` as MessageKey));
    fact('project.progress', formatPercent(p.progress / 100));
    if (p.budget) fact('project.budget', formatMoney(p.budget.amount_minor, p.budget.currency));
    fact('popup.verification', t(`verification.${p.verification}` as MessageKey));
    const progress = h('progress', 'project__progress', { max: 100, value: p.progress, 'aria-label': t('project.progress') });

    const mapBox = h('div', 'project__map', { id: 'project-map' });
    const sitesList = h('ul', 'project__sites', { id: 'project-sites' }, ...p.sites.map((s) => h('li', '', {}, s.name || t('popup.unknown'))));
    const links = h('section', 'links', { id: 'project-links', 'aria-labelledby': 'links-title' }, h('h2', '', { id: 'links-title' }, t('links.title')));
    const linkList = h('ul', 'links__list');
    for (const l of p.prozorro_links) linkList.append(h('li', '', {}, h('a', '', { href: l.href, rel: 'noopener', target: '_blank', class: 'prozorro-link' }, `Prozorro: ${l.id}`)));
    if (p.dream_id) {
      linkList.append(h('li', '', {}, `DREAM: `, h('a', 'dream-link', { href: 'https://dream.gov.ua/', rel: 'noopener', target: '_blank' }, p.dream_id)));
    }
    if (!linkList.childElementCount) linkList.append(h('li', '', {}, t('links.none')));
    links.append(linkList);

    const donor = h('div', 'project__donor', { id: 'project-donor' });
    photos = beforeAfterSection(sites, updates);
    root.replaceChildren(
      crumbs,
      h('h1', 'page__title', { id: 'project-title' }, p.title),
      p.demo ? h('p', 'notice notice--demo', {}, t('demo.notice')) : '',
      h(
        'div',
        'page__grid',
        {},
        h(
          'div',
          'page__main',
          {},
          facts,
          progress,
          p.description ? h('p', 'project__description', {}, p.description) : '',
          h('section', 'project__where', { 'aria-labelledby': 'where-title' }, h('h2', '', { id: 'where-title' }, t('project.sites')), mapBox, sitesList),
          photos,
          timelineSection(p),
          updatesSection(updates),
          historySection('project', id),
        ),
        h(
          'div',
          'page__side',
          {},
          h('section', 'project__money', { 'aria-labelledby': 'money-title' }, h('h2', '', { id: 'money-title' }, t('project.money')), moneyBar(p.money.UAH, 'UAH', 'project-money'), h('p', 'panel__hint', {}, t('project.eur', { needed: formatMoney(p.money.EUR.needed, 'EUR'), gap: formatMoney(p.money.EUR.gap, 'EUR') }))),
          donor,
          fundingSection(funding),
          links,
        ),
      ),
    );
    document.title = `${p.title} — ${t('app.title')}`;
    map = miniMap(mapBox, { label: t('project.mapLabel'), hromadas: [p.hromada_code] });
    if (sites.length) drawSites();
    void donorBox().then((form) => {
      if (!form) return;
      donor.replaceChildren(form);
      if (savedNotice) {
        form.querySelector('#fund-status')!.textContent = savedNotice;
        savedNotice = null;
      }
    });
  };

  void load();
  render();
  return {
    render,
    accountChanged: render,
    destroy: () => {
      ctrl.abort();
      map?.remove();
      root.replaceChildren();
    },
    testHandle: () => ({ map, project }),
  };
}

function updatesSection(updates: ProgressUpdate[]): HTMLElement {
  const section = h('section', 'updates', { id: 'updates', 'aria-labelledby': 'updates-title' }, h('h2', '', { id: 'updates-title' }, t('updates.title')));
  if (!updates.length) {
    section.append(h('p', '', {}, t('updates.none')));
    return section;
  }
  const list = h('ol', 'updates__list');
  for (const u of updates) {
    list.append(
      h(
        'li',
        'updates__item',
        {},
        h('p', 'updates__head', {}, h('time', '', { datetime: u.date }, formatDate(u.date)), u.progress !== null ? ` · ${formatPercent(u.progress / 100)}` : ''),
        h('p', 'updates__body', {}, u.body),
        u.photos.length ? photoList(u.photos, (n) => t('updates.photo', { n, date: formatDate(u.date) }), { width: 160 }) : '',
      ),
    );
  }
  section.append(list);
  return section;
}
