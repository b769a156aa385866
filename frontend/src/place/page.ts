// An oblast's or a hromada's page: its totals, needed against funded,
// projects by state and by sector, the monthly series, its projects (and
// for an oblast its hromadas), and downloads of the selection.
import {
  ApiError,
  PROJECT_STATES,
  SECTORS,
  fetchHromadas,
  fetchOblasts,
  type AreaCounts,
  type HromadaProperties,
  type OblastProperties,
} from '../api';
import { formatMoney, formatMonth, formatNumber, lang, pick, plural, t, type MessageKey } from '../i18n';
import { CATEGORY_COLOURS, STATE_COLOURS } from '../map/style';
import { fetchProjects, type ProjectListItem } from '../project/api';
import { href, type Route } from '../router';
import type { Screen } from '../screen';
import { readFilters, viewHash, noFilters } from '../state';
import { h, table } from '../ui/dom';
import { fundedShare, moneyBar } from '../ui/money';
import { formatPercent } from '../i18n';
import { barChart, lineChart } from './charts';
import { downloads } from './exports';
import { everyMonth, fetchPlaceStats, type PlaceStats } from './stats';

export function mount(root: HTMLElement, route: Route): Screen {
  const ctrl = new AbortController();
  const code = route.name === 'oblast' || route.name === 'hromada' ? route.code : '';
  const kind = route.name === 'hromada' ? 'hromada' : 'oblast';
  const filters = readFilters(new URLSearchParams(window.location.hash.replace(/^#/, '')));
  let oblast: OblastProperties | null = null;
  let place: (OblastProperties | HromadaProperties) | null = null;
  let hromadas: HromadaProperties[] = [];
  let projects: ProjectListItem[] = [];
  let stats: PlaceStats | null = null;
  let failure: string | null = null;

  const load = async (): Promise<void> => {
    try {
      const oblasts = await fetchOblasts(ctrl.signal);
      const of = oblasts.features.find((f) => (kind === 'oblast' ? f.properties.code === code : f.properties.code.slice(0, 4) === code.slice(0, 4)));
      if (!of) throw new Error(t('place.missing'));
      oblast = of.properties;
      const hs = await fetchHromadas(oblast.code, ctrl.signal);
      hromadas = hs.features.map((f) => f.properties);
      place = kind === 'oblast' ? oblast : hromadas.find((x) => x.code === code) ?? null;
      if (!place) throw new Error(t('place.missing'));
      const [fc, st] = await Promise.all([
        fetchProjects({ [kind]: code, sort: 'gap', limit: 50, state: filters.state, sector: filters.sector }, ctrl.signal),
        fetchPlaceStats(kind, code, ctrl.signal),
      ]);
      projects = fc.features;
      stats = st;
      failure = null;
    } catch (err) {
      if (ctrl.signal.aborted) return;
      failure = err instanceof ApiError || err instanceof Error ? err.message : String(err);
    }
    render();
  };

  const render = (): void => {
    if (!place || failure) {
      root.replaceChildren(h('h1', 'page__title', {}, failure ? t('place.missing') : t('panel.loading')), failure ? h('p', 'notice notice--error', { role: 'alert' }, failure) : '');
      return;
    }
    const p = place;
    const c: AreaCounts = p;
    const name = pick(p.name_uk, p.name_en);
    const exploreHash = viewHash({
      camera: null,
      oblast: oblast?.code ?? null,
      hromada: kind === 'hromada' ? code : null,
      measure: 'sites',
      layer: 'sites',
      filters: noFilters(),
    });
    const crumbs = h(
      'nav',
      'crumbs',
      { 'aria-label': t('crumbs.label') },
      h('a', '', { href: href({ name: 'explore' }, lang()) }, t('place.ukraine')),
      kind === 'hromada' && oblast ? ' › ' : '',
      kind === 'hromada' && oblast ? h('a', '', { href: href({ name: 'oblast', code: oblast.code }, lang()) }, pick(oblast.name_uk, oblast.name_en)) : '',
    );
    const facts = h('dl', 'facts', { id: 'place-facts' });
    const fact = (label: string, value: string, id: string): void => {
      facts.append(h('dt', '', {}, label), h('dd', '', { id }, value));
    };
    fact(t('panel.total'), formatNumber(c.sites), 'place-sites');
    fact(t('place.projects'), formatNumber(c.projects ?? 0), 'place-projects-n');
    if (kind === 'oblast') fact(t('place.hromadas'), formatNumber(hromadas.length), 'place-hromadas-n');

    const stateChart = barChart(
      'chart-states',
      t('place.byState'),
      [t('project.state'), t('panel.count')],
      PROJECT_STATES.map((s) => ({ key: s, label: t(`state.${s}` as MessageKey), value: c.projects_by_state?.[s] ?? 0, colour: STATE_COLOURS[s] })),
    );
    const sectorChart = barChart(
      'chart-sectors',
      t('place.bySector'),
      [t('filters.sector'), t('panel.count')],
      SECTORS.map((s) => ({ key: s, label: t(`category.${s}` as MessageKey), value: c.projects_by_sector?.[s] ?? 0, colour: CATEGORY_COLOURS[s] })),
    );
    const monthly = !stats
      ? ''
      : !stats.monthly.length
        ? h('p', 'panel__hint', { id: 'place-monthly-none' }, t('place.monthlyNone'))
        : lineChart(
            'chart-monthly',
            t('place.monthly', { name }),
            everyMonth(stats.monthly).map((m) => ({ label: formatMonth(m.month), values: { damaged: m.damaged, funded: m.funded, completed: m.completed } })),
            [
              { key: 'damaged', label: t('place.damaged'), colour: '#b30000', dash: '' },
              { key: 'funded', label: t('place.funded'), colour: '#2171b5', dash: '6 3' },
              { key: 'completed', label: t('place.completed'), colour: '#238b45', dash: '2 2' },
            ],
            t('place.month'),
          );

    const projectRows = projects.map((f) => [
      h('a', '', { href: href({ name: 'project', id: f.id }, lang()) }, f.properties.title),
      t(`state.${f.properties.state}` as MessageKey),
      formatMoney(f.properties.money.UAH.needed, 'UAH'),
      formatPercent(fundedShare(f.properties.money.UAH)),
      formatMoney(f.properties.money.UAH.gap, 'UAH'),
    ]);
    const projectTable = projects.length
      ? table(t('place.projectsCaption'), [t('fund.project'), t('project.state'), t('money.needed'), t('money.funded'), t('money.gap')], projectRows, {
          id: 'table-place-projects',
          className: 'counts counts--wide',
          numeric: [false, false, true, true, true],
        })
      : h('p', '', {}, t('place.noProjects'));

    const hromadaTable =
      kind === 'oblast' && hromadas.length
        ? h(
            'section',
            'place__hromadas',
            { 'aria-labelledby': 'place-hromadas-title' },
            h('h2', '', { id: 'place-hromadas-title' }, t('place.hromadas')),
            table(
              t('place.hromadasCaption'),
              [t('areas.name'), t('panel.count'), t('place.projects'), t('money.gap')],
              [...hromadas]
                .sort((a, b) => b.sites - a.sites || pick(a.name_uk, a.name_en).localeCompare(pick(b.name_uk, b.name_en)))
                .map((x) => [h('a', '', { href: href({ name: 'hromada', code: x.code }, lang()) }, pick(x.name_uk, x.name_en)), formatNumber(x.sites), formatNumber(x.projects ?? 0), formatMoney(x.money?.UAH.gap ?? 0, 'UAH')]),
              { id: 'table-place-hromadas', className: 'counts counts--wide', numeric: [false, true, true, true] },
            ),
          )
        : '';

    root.replaceChildren(
      crumbs,
      h('p', 'place__kind', {}, t(kind === 'oblast' ? 'place.oblast' : 'place.hromada')),
      h('h1', 'page__title', { id: 'place-title' }, name),
      h('p', 'page__lead', {}, `${plural('sites', c.sites)} · ${plural('projects', c.projects ?? 0)} · `, h('a', '', { href: href({ name: 'explore' }, lang(), exploreHash), id: 'place-on-map' }, t('place.onMap'))),
      h(
        'div',
        'page__grid',
        {},
        h(
          'div',
          'page__main',
          {},
          h('section', '', { 'aria-labelledby': 'place-money-title' }, h('h2', '', { id: 'place-money-title' }, t('place.money')), c.money ? moneyBar(c.money.UAH, 'UAH', 'place-money') : ''),
          stateChart,
          sectorChart,
          monthly,
          stats?.monthly.length ? h('p', 'panel__hint', {}, t('place.monthlyNote')) : '',
          h('section', '', { 'aria-labelledby': 'place-projects-title' }, h('h2', '', { id: 'place-projects-title' }, t('place.projectsTitle')), projectTable),
          hromadaTable,
        ),
        h('div', 'page__side', {}, facts, downloads({ oblast: kind === 'oblast' ? code : null, hromada: kind === 'hromada' ? code : null, filters }, 'place-downloads')),
      ),
    );
    document.title = `${name} — ${t('app.title')}`;
  };

  render();
  void load();
  return {
    render,
    destroy: () => {
      ctrl.abort();
      root.replaceChildren();
    },
  };
}
