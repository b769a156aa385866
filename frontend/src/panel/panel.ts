// The Explore panel: what the map shows (measure, objects, filters), the
// place and its totals, the tables beside the map and the list of what is
// on it, and downloads of the selection. On a phone it sits under the map
// and folds down to its header.
import type { AreaCounts, AreaProperties, SiteFeature } from '../api';
import { formatNumber, lang, pick, plural, t, type MessageKey } from '../i18n';
import { downloads } from '../place/exports';
import { href } from '../router';
import { hasFilters, type Filters } from '../state';
import { h } from '../ui/dom';
import { moneyBar } from '../ui/money';
import { areaTable, type AreaRow } from './areas';
import { FilterForm, type Choice } from './filters';
import { ObjectList, type ListQuery } from './list';
import { countTables } from './tables';

export interface PanelHandlers {
  onChooseOblast(code: string | null): void;
  onChooseHromada(code: string): void;
  onChoice(c: Choice): void;
  onSite(site: SiteFeature): void;
}

export interface Place {
  kind: 'country' | 'oblast' | 'hromada';
  code?: string;
  name_uk: string;
  name_en: string;
  counts: AreaCounts;
}

type Names = Pick<AreaProperties, 'code' | 'name_uk' | 'name_en'>;

function el<K extends keyof HTMLElementTagNameMap>(tag: K, className = '', id = ''): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (className) e.className = className;
  if (id) e.id = id;
  return e;
}

export class Panel {
  private readonly title = el('h1', 'panel__title', 'explore-title');
  private readonly toggle = el('button', 'panel__toggle', 'panel-toggle');
  private readonly body = el('div', 'panel__body', 'panel-body');
  private readonly subtitle = el('p', 'panel__subtitle');
  private readonly chooseLabel = el('label', 'panel__label');
  private readonly choose = el('select', 'panel__select', 'oblast-select');
  private readonly demo = el('p', 'notice notice--demo', 'demo-notice');
  private readonly error = el('p', 'notice notice--error', 'error');
  private readonly message = el('p', 'notice', 'message');
  private readonly placeKind = el('p', 'place__kind');
  private readonly placeName = el('h2', 'place__name', 'place-name');
  private readonly totalLabel = el('span', 'place__total-label');
  private readonly total = el('strong', 'place__total', 'place-total');
  private readonly projectsLine = el('p', 'place__projects', 'place-projects');
  private readonly note = el('p', 'panel__hint', 'filter-note');
  private readonly money = el('div', 'place__money');
  private readonly placeLink = el('p', 'place__link');
  private readonly tables = el('div', 'panel__tables');
  private readonly sitesStatus = el('p', 'panel__status', 'sites-status');
  private readonly areasBox = el('details', 'panel__areas', 'areas');
  private readonly downloadsSlot = el('div');
  readonly filters: FilterForm;
  readonly objects: ObjectList;

  private oblasts: Names[] = [];
  private selected: string | null = null;
  private place: Place | null = null;
  private status: { key: MessageKey; n?: number } | null = null;
  private messageKey: MessageKey | null = null;
  private errorText: string | null = null;
  private areaRows: { level: 'oblast' | 'hromada'; rows: AreaRow[]; selected: string | null } | null = null;
  private choice: Choice;

  constructor(
    private readonly root: HTMLElement,
    private readonly handlers: PanelHandlers,
    initial: Choice,
  ) {
    this.choice = initial;
    const header = el('header', 'panel__header');
    this.toggle.type = 'button';
    this.toggle.setAttribute('aria-controls', 'panel-body');
    this.toggle.addEventListener('click', () => this.setCollapsed(!root.classList.contains('panel--collapsed')));
    header.append(this.title, this.toggle);

    this.choose.addEventListener('change', () => this.handlers.onChooseOblast(this.choose.value || null));
    this.chooseLabel.htmlFor = 'oblast-select';
    this.demo.setAttribute('role', 'status');
    this.error.setAttribute('role', 'alert');
    this.message.setAttribute('role', 'status');
    this.sitesStatus.setAttribute('aria-live', 'polite');
    this.filters = new FilterForm(initial, (c) => {
      this.choice = c;
      this.handlers.onChoice(c);
    });
    this.objects = new ObjectList((s) => this.handlers.onSite(s));
    const total = el('p', 'place__total-row');
    total.append(this.totalLabel, ' ', this.total);
    const place = el('section', 'place');
    place.setAttribute('aria-labelledby', 'place-name');
    place.append(this.placeKind, this.placeName, total, this.projectsLine, this.note, this.money, this.placeLink, this.tables);

    this.body.append(
      this.subtitle,
      this.chooseLabel,
      this.choose,
      this.filters.root,
      this.demo,
      this.error,
      this.message,
      place,
      this.sitesStatus,
      this.areasBox,
      this.objects.root,
      this.downloadsSlot,
    );
    root.append(header, this.body);
    this.setCollapsed(false);
    this.render();
  }

  setCollapsed(collapsed: boolean): void {
    this.root.classList.toggle('panel--collapsed', collapsed);
    this.toggle.setAttribute('aria-expanded', String(!collapsed));
    this.body.hidden = collapsed;
    this.renderToggle();
  }

  setOblasts(list: Names[]): void {
    this.oblasts = list;
    this.renderChoices();
  }

  setSelected(code: string | null): void {
    this.selected = code;
    this.choose.value = code ?? '';
  }

  setPlace(place: Place | null): void {
    this.place = place;
    this.renderPlace();
  }

  /** setChoice shows a measure, layer and filters chosen elsewhere (the address). */
  setChoice(c: Choice): void {
    this.choice = c;
    this.filters.set(c);
    this.renderPlace();
    this.renderAreas();
  }

  /** setAreas lists the areas drawn on the map (oblasts, or the hromadas of the chosen oblast). */
  setAreas(level: 'oblast' | 'hromada', rows: AreaRow[], selected: string | null): void {
    this.areaRows = { level, rows, selected };
    this.renderAreas();
  }

  setSitesStatus(status: { key: MessageKey; n?: number } | null): void {
    this.status = status;
    this.sitesStatus.textContent = status ? t(status.key, status.n === undefined ? undefined : { n: status.n }) : '';
  }

  setMessage(key: MessageKey | null): void {
    this.messageKey = key;
    this.message.textContent = key ? t(key) : '';
    this.message.hidden = !key;
  }

  setError(text: string | null): void {
    this.errorText = text;
    this.error.textContent = text ? t('error.load', { msg: text }) : '';
    this.error.hidden = !text;
  }

  setDemo(on: boolean): void {
    this.demo.hidden = !on;
  }

  showObjects(q: ListQuery | null): void {
    this.objects.show(q);
  }

  /** render redraws every string, after a language switch. */
  render(): void {
    this.title.textContent = t('explore.title');
    this.subtitle.textContent = t('app.subtitle');
    this.chooseLabel.textContent = t('panel.choose');
    this.demo.textContent = t('demo.notice');
    this.renderToggle();
    this.renderChoices();
    this.filters.render();
    this.renderPlace();
    this.renderAreas();
    this.objects.render();
    this.setSitesStatus(this.status);
    this.setMessage(this.messageKey);
    this.setError(this.errorText);
  }

  private renderToggle(): void {
    const collapsed = this.root.classList.contains('panel--collapsed');
    this.toggle.textContent = collapsed ? '▴' : '▾';
    this.toggle.setAttribute('aria-label', t(collapsed ? 'panel.expand' : 'panel.collapse'));
  }

  private renderChoices(): void {
    const none = el('option');
    none.value = '';
    none.textContent = t('panel.chooseNone');
    const sorted = [...this.oblasts].sort((a, b) =>
      pick(a.name_uk, a.name_en).localeCompare(pick(b.name_uk, b.name_en), document.documentElement.lang),
    );
    const options = sorted.map((o) => {
      const opt = el('option');
      opt.value = o.code;
      opt.textContent = pick(o.name_uk, o.name_en);
      return opt;
    });
    this.choose.replaceChildren(none, ...options);
    this.choose.value = this.selected ?? '';
  }

  private renderAreas(): void {
    const a = this.areaRows;
    this.areasBox.hidden = !a || a.rows.length === 0;
    if (!a) return;
    const caption = a.level === 'oblast' ? 'areas.oblasts' : 'areas.hromadas';
    const summary = el('summary');
    summary.textContent = t(caption);
    const pickArea = (code: string): void =>
      a.level === 'oblast' ? this.handlers.onChooseOblast(code) : this.handlers.onChooseHromada(code);
    this.areasBox.replaceChildren(summary, areaTable(a.rows, caption, a.selected, pickArea, this.choice.measure));
  }

  private renderPlace(): void {
    const p = this.place;
    const f: Filters = this.choice.filters;
    this.placeKind.textContent = p && p.kind !== 'country' ? t(p.kind === 'oblast' ? 'place.oblast' : 'place.hromada') : '';
    this.placeName.textContent = p ? (p.kind === 'country' ? t('place.ukraine') : pick(p.name_uk, p.name_en)) : t('panel.loading');
    this.totalLabel.textContent = `${t('panel.total')}:`;
    const sites = p ? (p.counts.sites ?? 0) : 0;
    this.total.textContent = p ? formatNumber(sites) : '…';
    this.total.dataset.value = p ? String(sites) : '';
    this.projectsLine.textContent = p ? plural('projects', p.counts.projects ?? 0) : '';
    const filtered = hasFilters(f);
    this.note.textContent = filtered ? t('filters.noteOn') : '';
    this.note.hidden = !filtered;
    this.money.replaceChildren(...(p?.counts.money ? [moneyBar(p.counts.money.UAH, 'UAH', 'place-money')] : []));
    this.placeLink.replaceChildren();
    if (p && p.kind !== 'country' && p.code) {
      const route = p.kind === 'oblast' ? { name: 'oblast' as const, code: p.code } : { name: 'hromada' as const, code: p.code };
      this.placeLink.append(h('a', '', { href: href(route, lang()), id: 'place-page' }, t('place.open')));
    }
    this.tables.replaceChildren(...(p ? countTables(p.counts) : []));
    const code = p?.kind !== 'country' ? p?.code : undefined;
    this.downloadsSlot.replaceChildren(
      downloads({ oblast: p?.kind === 'oblast' ? code : null, hromada: p?.kind === 'hromada' ? code : null, filters: f }),
    );
  }
}
