// Fund (a donor, and anyone curious): the projects seeking funding, largest
// gap first, narrowed by oblast, hromada and sector; and, for a donor, what
// its own organisation has pledged, committed and paid, project by project.
import { currentUser } from '../account/session';
import { ApiError, SECTORS, fetchHromadas, fetchOblasts, nextCursor, type OblastCollection, type Sector } from '../api';
import { formatMoney, formatPercent, lang, pick, t, type MessageKey } from '../i18n';
import { fetchOrganisation, type OrganisationPage } from '../organisation/api';
import { fetchFunding, fetchProjects, type ProjectListItem } from '../project/api';
import { byDonor } from '../project/funding';
import { href } from '../router';
import type { Screen } from '../screen';
import { field, h, option, table } from '../ui/dom';
import { fundedShare } from '../ui/money';

const PAGE = 25;

export function mount(root: HTMLElement): Screen {
  const ctrl = new AbortController();
  let oblasts: OblastCollection | null = null;
  let hromadaOptions: { code: string; name: string }[] = [];
  const q = { oblast: '', hromada: '', sector: '' as Sector | '' };
  let rows: ProjectListItem[] = [];
  let cursor: string | null = null;
  let listError: string | null = null;
  let loading = true;
  let portfolio: { org: OrganisationPage; totals: Map<number, { pledge: number; commitment: number; disbursement: number }> } | null = null;

  const load = async (more: boolean): Promise<void> => {
    loading = true;
    renderList();
    try {
      const fc = await fetchProjects(
        {
          state: ['seeking_funding'],
          sort: 'gap',
          oblast: q.oblast || undefined,
          hromada: q.hromada || undefined,
          sector: q.sector ? [q.sector] : undefined,
          limit: PAGE,
          cursor: more ? cursor ?? undefined : undefined,
        },
        ctrl.signal,
      );
      rows = more ? [...rows, ...fc.features] : fc.features;
      cursor = nextCursor(fc.links);
      listError = null;
    } catch (err) {
      if (ctrl.signal.aborted) return;
      listError = err instanceof ApiError ? err.message : String(err);
    }
    loading = false;
    renderList();
  };

  const loadPortfolio = async (): Promise<void> => {
    const u = currentUser();
    portfolio = null;
    renderPortfolio();
    if (!u || u.role !== 'donor' || !u.organisation_id) return;
    try {
      const org = await fetchOrganisation(u.organisation_id, ctrl.signal);
      const totals = new Map<number, { pledge: number; commitment: number; disbursement: number }>();
      // Four at a time: a portfolio of fifty projects is fifty small requests.
      const queue = [...org.projects];
      const worker = async (): Promise<void> => {
        for (let p = queue.shift(); p; p = queue.shift()) {
          const mine = byDonor(await fetchFunding(p.id, ctrl.signal)).find((d) => d.organisation_id === org.id);
          totals.set(p.id, { pledge: mine?.pledge ?? 0, commitment: mine?.commitment ?? 0, disbursement: mine?.disbursement ?? 0 });
        }
      };
      await Promise.all([worker(), worker(), worker(), worker()]);
      portfolio = { org, totals };
    } catch {
      portfolio = null;
    }
    renderPortfolio();
  };

  const filters = h('form', 'form fund__filters', { id: 'fund-filters', 'aria-labelledby': 'fund-filters-title' });
  const list = h('section', 'fund__list', { id: 'fund-list', 'aria-labelledby': 'fund-list-title' });
  const mine = h('section', 'fund__portfolio', { id: 'portfolio', 'aria-labelledby': 'portfolio-title' });

  const renderFilters = (): void => {
    const oblast = h('select', 'form__input', { id: 'fund-oblast' });
    oblast.append(option('', t('panel.chooseNone'), !q.oblast));
    const sorted = [...(oblasts?.features ?? [])].sort((a, b) => pick(a.properties.name_uk, a.properties.name_en).localeCompare(pick(b.properties.name_uk, b.properties.name_en)));
    for (const o of sorted) oblast.append(option(o.properties.code, pick(o.properties.name_uk, o.properties.name_en), o.properties.code === q.oblast));
    const hromada = h('select', 'form__input', { id: 'fund-hromada' });
    hromada.disabled = !q.oblast;
    hromada.append(option('', t('fund.allHromadas'), !q.hromada));
    for (const o of hromadaOptions) hromada.append(option(o.code, o.name, o.code === q.hromada));
    const sector = h('select', 'form__input', { id: 'fund-sector' });
    sector.append(option('', t('fund.allSectors'), !q.sector));
    for (const s of SECTORS) sector.append(option(s, t(`category.${s}` as MessageKey), s === q.sector));
    oblast.addEventListener('change', async () => {
      q.oblast = oblast.value;
      q.hromada = '';
      hromadaOptions = [];
      if (q.oblast) {
        try {
          const hs = await fetchHromadas(q.oblast, ctrl.signal);
          hromadaOptions = hs.features
            .map((f) => ({ code: f.properties.code, name: pick(f.properties.name_uk, f.properties.name_en) }))
            .sort((a, b) => a.name.localeCompare(b.name));
        } catch {
          hromadaOptions = [];
        }
      }
      renderFilters();
      document.getElementById('fund-oblast')?.focus();
      void load(false);
    });
    hromada.addEventListener('change', () => {
      q.hromada = hromada.value;
      void load(false);
    });
    sector.addEventListener('change', () => {
      q.sector = sector.value as Sector | '';
      void load(false);
    });
    filters.replaceChildren(
      h('h2', 'visually-hidden', { id: 'fund-filters-title' }, t('fund.filters')),
      h('div', 'form__row', {}, field(t('place.oblast'), oblast).root, field(t('place.hromada'), hromada).root, field(t('filters.sector'), sector).root),
    );
  };

  const renderList = (): void => {
    const more = h('button', 'button', { type: 'button', id: 'fund-more' }, t('objects.more'));
    more.hidden = !cursor || loading;
    more.addEventListener('click', () => void load(true));
    const status = h('p', 'panel__status', { 'aria-live': 'polite', id: 'fund-status' });
    status.textContent = loading ? t('panel.loading') : listError ?? (rows.length ? t('fund.count', { n: rows.length }) : t('fund.none'));
    const body = rows.map((f) => {
      const p = f.properties;
      return [
        h('a', '', { href: href({ name: 'project', id: f.id }, lang()), 'data-id': f.id }, p.title),
        pick(p.hromada_name_uk, p.hromada_name_en),
        t(`category.${p.sector}` as MessageKey),
        formatMoney(p.money.UAH.needed, 'UAH'),
        formatPercent(fundedShare(p.money.UAH)),
        formatMoney(p.money.UAH.gap, 'UAH'),
      ];
    });
    list.replaceChildren(
      h('h2', '', { id: 'fund-list-title' }, t('fund.seeking')),
      status,
      table(t('fund.tableCaption'), [t('fund.project'), t('place.hromada'), t('filters.sector'), t('money.needed'), t('money.funded'), t('money.gap')], body, {
        id: 'table-seeking',
        className: 'counts counts--wide',
        numeric: [false, false, false, true, true, true],
      }),
      more,
    );
  };

  const renderPortfolio = (): void => {
    const u = currentUser();
    mine.hidden = !(u && u.role === 'donor');
    if (mine.hidden) return;
    if (!portfolio) {
      mine.replaceChildren(h('h2', '', { id: 'portfolio-title' }, t('fund.portfolio')), h('p', 'panel__status', {}, t('panel.loading')));
      return;
    }
    const { org, totals } = portfolio;
    const sum = { pledge: 0, commitment: 0, disbursement: 0 };
    const body = org.projects.map((p) => {
      const x = totals.get(p.id) ?? { pledge: 0, commitment: 0, disbursement: 0 };
      sum.pledge += x.pledge;
      sum.commitment += x.commitment;
      sum.disbursement += x.disbursement;
      return [
        h('a', '', { href: href({ name: 'project', id: p.id }, lang()) }, p.title),
        t(`state.${p.state}` as MessageKey),
        formatMoney(x.pledge, 'UAH'),
        formatMoney(x.commitment, 'UAH'),
        formatMoney(x.disbursement, 'UAH'),
      ];
    });
    body.push([t('fund.total'), '', formatMoney(sum.pledge, 'UAH'), formatMoney(sum.commitment, 'UAH'), formatMoney(sum.disbursement, 'UAH')]);
    mine.replaceChildren(
      h('h2', '', { id: 'portfolio-title' }, t('fund.portfolioOf', { org: org.name })),
      h('p', '', { id: 'portfolio-summary' }, t('fund.portfolioSummary', { n: org.projects.length, committed: formatMoney(sum.commitment, 'UAH'), disbursed: formatMoney(sum.disbursement, 'UAH') })),
      org.projects.length
        ? table(t('fund.portfolioCaption'), [t('fund.project'), t('project.state'), t('funding.pledge'), t('funding.commitment'), t('funding.disbursement')], body, {
            id: 'table-portfolio',
            className: 'counts counts--wide',
            numeric: [false, false, true, true, true],
          })
        : h('p', '', {}, t('fund.portfolioEmpty')),
      h('p', '', {}, h('a', '', { href: `/api/v1/export/iati/${org.id}.xml`, download: '' }, t('fund.iati'))),
    );
  };

  const render = (): void => {
    root.replaceChildren(h('h1', 'page__title', {}, t('fund.title')), h('p', 'page__lead', {}, t('fund.lead')), filters, list, mine);
    renderFilters();
    renderList();
    renderPortfolio();
  };

  render();
  void fetchOblasts(ctrl.signal)
    .then((o) => {
      oblasts = o;
      renderFilters();
    })
    .catch(() => undefined);
  void load(false);
  void loadPortfolio();
  return {
    render,
    accountChanged: () => void loadPortfolio(),
    destroy: () => {
      ctrl.abort();
      root.replaceChildren();
    },
  };
}
