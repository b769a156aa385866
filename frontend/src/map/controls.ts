// Map controls drawn by the app itself (all text set with textContent).
import type { IControl, Map as MapLibreMap } from 'maplibre-gl';
import { CATEGORIES, PROJECT_STATES, VERIFICATIONS } from '../api';
import { formatMeasure } from '../explore/measure';
import { t, type MessageKey } from '../i18n';
import type { MapLayer, Measure } from '../state';
import { CATEGORY_COLOURS, NO_SITES, STATE_COLOURS, rampColour } from './style';

function el<K extends keyof HTMLElementTagNameMap>(tag: K, className = '', text = ''): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (className) e.className = className;
  if (text) e.textContent = text;
  return e;
}

/** BackControl is the "back to Ukraine" button, shown only inside an oblast. */
export class BackControl implements IControl {
  private readonly container = el('div', 'maplibregl-ctrl maplibregl-ctrl-group vb-back');
  private readonly button = el('button', 'vb-back__button');

  constructor(onClick: () => void) {
    this.button.type = 'button';
    this.button.addEventListener('click', onClick);
    this.container.append(this.button);
    this.update(false);
  }

  onAdd(): HTMLElement {
    return this.container;
  }

  onRemove(): void {
    this.container.remove();
  }

  update(visible: boolean): void {
    this.button.textContent = t('back.ukraine');
    this.container.hidden = !visible;
  }
}

/**
 * LegendControl explains the choropleth classes and, when sites are shown,
 * their colours. It folds to its title; folded from the start on a phone.
 */
export class LegendControl implements IControl {
  private readonly container = el('details', 'maplibregl-ctrl vb-legend');
  private breaks: number[] = [1];
  private measure: Measure = 'sites';
  private layer: MapLayer | null = null;

  onAdd(_map: MapLibreMap): HTMLElement {
    this.container.open = window.innerWidth > 640;
    this.render();
    return this.container;
  }

  onRemove(): void {
    this.container.remove();
  }

  update(breaks: number[], measure: Measure, layer: MapLayer | null): void {
    this.breaks = breaks;
    this.measure = measure;
    this.layer = layer;
    this.render();
  }

  render(): void {
    this.container.replaceChildren();
    this.container.append(el('summary', 'vb-legend__title', t(`measure.${this.measure}` as MessageKey)));
    const list = el('ul', 'vb-legend__list');
    list.append(swatch(NO_SITES, t(this.measure === 'funded' ? 'legend.noData' : 'legend.none')));
    const m = this.measure;
    // Counts are whole: a class ends one below the next; money and shares are continuous.
    const whole = m === 'sites' || m === 'completed';
    this.breaks.forEach((b, i) => {
      const next = this.breaks[i + 1];
      const last = next === undefined ? b : whole ? next - 1 : next;
      const label =
        next === undefined ? `${formatMeasure(b, m)}+` : last > b ? `${formatMeasure(b, m)}–${formatMeasure(last, m)}` : formatMeasure(b, m);
      list.append(swatch(rampColour(i, this.breaks.length), label));
    });
    this.container.append(list);
    if (this.layer === 'projects') {
      this.container.append(el('div', 'vb-legend__title', t('legend.states')));
      const states = el('ul', 'vb-legend__list');
      for (const s of PROJECT_STATES) states.append(swatch(STATE_COLOURS[s], t(`state.${s}` as MessageKey), true));
      this.container.append(states);
    }
    if (this.layer === 'sites') {
      this.container.append(el('div', 'vb-legend__title', t('legend.sites')));
      const cats = el('ul', 'vb-legend__list');
      for (const c of CATEGORIES) cats.append(swatch(CATEGORY_COLOURS[c], t(`category.${c}` as MessageKey), true));
      this.container.append(cats);
      this.container.append(el('div', 'vb-legend__title', t('legend.verification')));
      const marks = el('ul', 'vb-legend__list vb-legend__verification');
      for (const v of VERIFICATIONS) {
        const li = el('li');
        li.dataset.verification = v;
        const mark = el('span', `vb-legend__dot vb-legend__dot--${v}`);
        mark.setAttribute('aria-hidden', 'true');
        li.append(mark, el('span', '', t(`verification.${v}` as MessageKey)));
        marks.append(li);
      }
      this.container.append(marks);
    }
  }
}

function swatch(colour: string, label: string, round = false): HTMLLIElement {
  const li = el('li');
  const box = el('span', round ? 'vb-legend__dot' : 'vb-legend__box');
  box.style.background = colour;
  box.setAttribute('aria-hidden', 'true');
  li.append(box, el('span', '', label));
  return li;
}

/** SourceControl credits the boundaries and, if set, the base map, as plain text. */
export class SourceControl implements IControl {
  private readonly container = el('details', 'maplibregl-ctrl vb-sources');
  private extra = '';

  /** open: unfolded at first on a wide screen (a page's small map keeps it folded). */
  constructor(private readonly open = true) {}

  onAdd(): HTMLElement {
    this.container.open = this.open && window.innerWidth > 640;
    this.render();
    return this.container;
  }

  onRemove(): void {
    this.container.remove();
  }

  /** The operator's attribution may carry markup (a link); only its text is shown. */
  setBasemapAttribution(text: string): void {
    this.extra = new DOMParser().parseFromString(text, 'text/html').body.textContent?.trim() ?? '';
    this.render();
  }

  render(): void {
    const summary = el('summary', '', t('attribution.toggle'));
    const body = el('p', 'vb-sources__text', t('attribution.boundaries'));
    this.container.replaceChildren(summary, body);
    if (this.extra) this.container.append(el('p', 'vb-sources__text', this.extra));
  }
}
