// What the map shows, chosen in the panel: the measure the areas are
// coloured by, the objects drawn over them (sites or projects), and the
// filters the map, the list and the totals obey. Every choice is a plain
// form control with a label, so it works from the keyboard.
import { CATEGORIES, DAMAGE_LEVELS, PROJECT_STATES, SECTORS } from '../api';
import { t, type MessageKey } from '../i18n';
import { fetchOrganisations, type Organisation } from '../organisation/api';
import { MAP_LAYERS, MEASURES, day, hasFilters, noFilters, type Filters, type MapLayer, type Measure } from '../state';
import { h, option } from '../ui/dom';

export interface Choice {
  measure: Measure;
  layer: MapLayer;
  filters: Filters;
}

type ListKey = 'category' | 'damage' | 'state' | 'sector';

const GROUPS: { key: ListKey; values: readonly string[]; legend: MessageKey; prefix: string; layer: MapLayer }[] = [
  { key: 'category', values: CATEGORIES, legend: 'panel.category', prefix: 'category', layer: 'sites' },
  { key: 'damage', values: DAMAGE_LEVELS, legend: 'panel.damage', prefix: 'damage', layer: 'sites' },
  { key: 'state', values: PROJECT_STATES, legend: 'filters.state', prefix: 'state', layer: 'projects' },
  { key: 'sector', values: SECTORS, legend: 'filters.sector', prefix: 'category', layer: 'projects' },
];

export class FilterForm {
  readonly root = h('div', 'choices');
  private choice: Choice;
  /** The organisations to pick a donor from; null until they are in. */
  private donors: Organisation[] | null = null;

  constructor(initial: Choice, private readonly onChange: (c: Choice) => void) {
    this.choice = structuredClone(initial);
    this.render();
    fetchOrganisations()
      .then((orgs) => {
        this.donors = orgs;
        this.render();
      })
      .catch(() => {
        this.donors = [];
        this.render();
      });
  }

  set(c: Choice): void {
    this.choice = structuredClone(c);
    this.render();
  }

  private emit(): void {
    this.onChange(structuredClone(this.choice));
  }

  render(): void {
    const c = this.choice;
    const measure = h('select', 'panel__select', { id: 'measure' });
    for (const m of MEASURES) measure.append(option(m, t(`measure.${m}` as MessageKey), m === c.measure));
    measure.addEventListener('change', () => {
      c.measure = measure.value as Measure;
      this.emit();
    });

    const layers = h('fieldset', 'choices__layers');
    layers.append(h('legend', 'panel__label', {}, t('filters.layer')));
    for (const l of MAP_LAYERS) {
      const input = h('input', '', { type: 'radio', name: 'map-layer', id: `layer-${l}`, value: l });
      input.checked = l === c.layer;
      input.addEventListener('change', () => {
        c.layer = l;
        this.emit();
        this.render();
        document.getElementById(`layer-${l}`)?.focus();
      });
      layers.append(h('label', 'choices__radio', { for: `layer-${l}` }, input, ' ', t(`layer.${l}` as MessageKey)));
    }

    const box = h('details', 'choices__filters', { id: 'filters' });
    box.open = hasFilters(c.filters);
    box.append(h('summary', '', {}, t(hasFilters(c.filters) ? 'filters.titleOn' : 'filters.title')));
    for (const g of GROUPS) {
      if (g.key === 'category' || g.key === 'state') box.append(h('h3', 'choices__heading', {}, t(`layer.${g.layer}` as MessageKey)));
      const fs = h('fieldset', 'choices__group', { id: `filter-${g.key}` });
      fs.append(h('legend', '', {}, t(g.legend)));
      for (const v of g.values) {
        const id = `filter-${g.key}-${v}`;
        const input = h('input', '', { type: 'checkbox', id, value: v });
        input.checked = (c.filters[g.key] as string[]).includes(v);
        input.addEventListener('change', () => {
          const set = new Set<string>(c.filters[g.key]);
          if (input.checked) set.add(v);
          else set.delete(v);
          (c.filters[g.key] as string[]) = g.values.filter((x) => set.has(x));
          this.emit();
        });
        fs.append(h('label', 'choices__check', { for: id }, input, ' ', t(`${g.prefix}.${v}` as MessageKey)));
      }
      box.append(fs);
      if (g.key === 'damage') box.append(this.dates());
      if (g.key === 'sector') box.append(this.donor());
    }
    {
      const gap = h('input', 'panel__select', { type: 'number', id: 'filter-gap', min: 0, step: 1000, inputmode: 'numeric' });
      gap.value = c.filters.minGap === null ? '' : String(c.filters.minGap);
      gap.addEventListener('change', () => {
        const n = Math.floor(Number(gap.value));
        c.filters.minGap = gap.value && Number.isFinite(n) && n > 0 ? n : null;
        this.emit();
      });
      box.append(h('label', 'panel__label', { for: 'filter-gap' }, t('filters.minGap')), gap);
    }
    const clear = h('button', 'account__button', { type: 'button', id: 'filters-clear' }, t('filters.clear'));
    clear.disabled = !hasFilters(c.filters);
    clear.addEventListener('click', () => {
      c.filters = noFilters();
      this.emit();
      this.render();
      (document.querySelector('#filters summary') as HTMLElement | null)?.focus();
    });
    box.append(clear);

    this.root.replaceChildren(h('label', 'panel__label', { for: 'measure' }, t('measure.label')), measure, layers, box);
  }

  /** dates is the span of the dates of damage, two date fields. */
  private dates(): HTMLFieldSetElement {
    const f = this.choice.filters;
    const fs = h('fieldset', 'choices__group', { id: 'filter-dates' });
    fs.append(h('legend', '', {}, t('filters.dates')));
    for (const end of ['from', 'to'] as const) {
      const id = `filter-${end}`;
      const input = h('input', 'panel__select', { type: 'date', id, min: '2014-02-20' });
      input.value = f[end] ?? '';
      input.addEventListener('change', () => {
        f[end] = day(input.value);
        // A span given backwards is read forwards.
        if (f.from && f.to && f.to < f.from) [f.from, f.to] = [f.to, f.from];
        this.emit();
      });
      fs.append(h('label', 'choices__check', { for: id }, t(`filters.${end}` as MessageKey), ' ', input));
    }
    return fs;
  }

  /** donor picks the organisation whose projects are shown. */
  private donor(): HTMLElement {
    const f = this.choice.filters;
    const select = h('select', 'panel__select', { id: 'filter-donor' });
    select.append(option('', t('filters.anyDonor'), f.donor === null));
    const known = this.donors ?? [];
    for (const o of known) select.append(option(String(o.id), o.name, o.id === f.donor));
    // A donor named by the address is kept while the list loads.
    if (f.donor !== null && !known.some((o) => o.id === f.donor)) select.append(option(String(f.donor), `#${f.donor}`, true));
    select.addEventListener('change', () => {
      f.donor = select.value ? Number(select.value) : null;
      this.emit();
    });
    return h('div', 'choices__group', {}, h('label', 'panel__label', { for: 'filter-donor' }, t('filters.donor')), select);
  }
}
