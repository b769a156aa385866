// The sites or projects the map shows, as a list: for people who cannot use
// the map, and for everyone who wants names. It asks the list endpoints for
// the visible box (or the chosen hromada) with the same filters as the
// tiles, a page at a time.
import { ApiError, fetchSites, nextCursor, type BBox, type SiteFeature } from '../api';
import { formatMoney, pick, t, type MessageKey } from '../i18n';
import { fetchProjects, type ProjectListItem } from '../project/api';
import { href } from '../router';
import { siteTitle } from '../site/popup';
import type { Filters, MapLayer } from '../state';
import { lang } from '../i18n';
import { h } from '../ui/dom';

export interface ListQuery {
  layer: MapLayer;
  filters: Filters;
  bbox: BBox | null;
  hromada: string | null;
}

const PAGE = 50;

export class ObjectList {
  readonly root = h('section', 'objects', { id: 'objects', 'aria-labelledby': 'objects-title' });
  private readonly title = h('h3', 'objects__title', { id: 'objects-title' });
  private readonly status = h('p', 'panel__status', { id: 'objects-status', 'aria-live': 'polite' });
  private readonly list = h('ul', 'objects__list', { id: 'objects-list' });
  private readonly more = h('button', 'account__button', { type: 'button', id: 'objects-more' });
  private query: ListQuery | null = null;
  private cursor: string | null = null;
  private inflight: AbortController | null = null;
  private timer: number | undefined;
  private count = 0;

  constructor(private readonly onSite: (site: SiteFeature) => void) {
    this.more.addEventListener('click', () => void this.load(true));
    this.root.append(this.title, this.status, this.list, this.more);
    this.render();
  }

  /** show lists what the query names (after a short pause, as the map moves); null says "zoom in". */
  show(q: ListQuery | null): void {
    window.clearTimeout(this.timer);
    if (q && this.query && JSON.stringify(q) === JSON.stringify(this.query)) return;
    this.query = q;
    this.inflight?.abort();
    if (!q) {
      this.list.replaceChildren();
      this.count = 0;
      this.cursor = null;
      this.render();
      return;
    }
    this.timer = window.setTimeout(() => void this.load(false), 300);
  }

  render(): void {
    this.title.textContent = t(this.query?.layer === 'projects' ? 'objects.projects' : 'objects.sites');
    this.more.textContent = t('objects.more');
    this.more.hidden = !this.cursor;
    if (!this.query) this.status.textContent = t('objects.zoomIn');
    else if (this.count === 0 && !this.inflight) this.status.textContent = t('objects.none');
    else this.status.textContent = t(this.cursor ? 'objects.first' : 'objects.all', { n: this.count });
  }

  private async load(more: boolean): Promise<void> {
    const q = this.query;
    if (!q) return;
    this.inflight?.abort();
    const ctrl = new AbortController();
    this.inflight = ctrl;
    if (!more) {
      this.cursor = null;
      this.status.textContent = t('panel.loading');
    }
    const place = q.hromada ? { hromada: q.hromada } : { bbox: q.bbox ?? undefined };
    try {
      const items: HTMLLIElement[] = [];
      let next: string | null;
      if (q.layer === 'sites') {
        const fc = await fetchSites(
          { ...place, category: q.filters.category, damage: q.filters.damage, limit: PAGE, cursor: more ? this.cursor ?? undefined : undefined },
          ctrl.signal,
        );
        for (const f of fc.features) items.push(this.siteItem(f));
        next = nextCursor(fc.links);
      } else {
        const fc = await fetchProjects(
          {
            ...place,
            state: q.filters.state,
            sector: q.filters.sector,
            min_gap_uah: q.filters.minGap ? q.filters.minGap * 100 : undefined,
            sort: 'gap',
            limit: PAGE,
            cursor: more ? this.cursor ?? undefined : undefined,
          },
          ctrl.signal,
        );
        for (const f of fc.features) items.push(projectItem(f));
        next = nextCursor(fc.links);
      }
      if (ctrl.signal.aborted) return;
      if (more) this.list.append(...items);
      else this.list.replaceChildren(...items);
      this.count = this.list.childElementCount;
      this.cursor = next;
    } catch (err) {
      if (ctrl.signal.aborted) return;
      this.status.textContent = err instanceof ApiError ? err.message : t('objects.failed');
      return;
    } finally {
      if (this.inflight === ctrl) this.inflight = null;
    }
    this.render();
  }

  private siteItem(f: SiteFeature): HTMLLIElement {
    const p = f.properties;
    const b = h('button', 'link-button', { type: 'button', 'data-id': f.id }, siteTitle(p));
    b.addEventListener('click', () => this.onSite(f));
    const meta = `${t(`damage.${p.damage}` as MessageKey)} · ${t(`verification.${p.verification}` as MessageKey)}`;
    return h('li', 'objects__item', {}, b, h('span', 'objects__meta', {}, meta));
  }
}

function projectItem(f: ProjectListItem): HTMLLIElement {
  const p = f.properties;
  const a = h('a', '', { href: href({ name: 'project', id: f.id }, lang()), 'data-id': f.id }, p.title);
  const meta = [t(`state.${p.state}` as MessageKey), pick(p.hromada_name_uk, p.hromada_name_en), `${t('money.gap')}: ${formatMoney(p.money.UAH.gap, 'UAH')}`];
  return h('li', 'objects__item', {}, a, h('span', 'objects__meta', {}, meta.filter(Boolean).join(' · ')));
}
