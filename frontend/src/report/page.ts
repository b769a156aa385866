// Report a damaged site (a hromada editor, usually on a phone): place it by
// tapping the map, by the phone's position, or by typing coordinates; draw
// its outline if it is a building; say what it is and how badly damaged.
// The form is kept in storage until the server has it (see draft.ts).
import type { GeoJSONSource, Map as MapLibreMap } from 'maplibre-gl';
import type { Feature, Polygon, Position } from 'geojson';
import { forget, currentUser } from '../account/session';
import { ApiError, CATEGORIES, DAMAGE_LEVELS, createSite, fetchHromadas, fetchOblasts, type SiteFeature } from '../api';
import { historySection } from '../history/list';
import { formatNumber, lang, t, type MessageKey } from '../i18n';
import { miniMap } from '../map/mini';
import { today } from '../money';
import { href } from '../router';
import type { Screen, ScreenContext } from '../screen';
import { field, h, option } from '../ui/dom';
import { clearDraft, draftInput, emptyDraft, loadDraft, saveDraft, type Draft } from './draft';

type Mode = 'point' | 'outline';

export function mount(root: HTMLElement, _route: unknown, ctx: ScreenContext): Screen {
  let draft: Draft = loadDraft();
  let mode: Mode = draft.geometry?.type === 'Polygon' ? 'outline' : 'point';
  let vertices: Position[] = draft.geometry?.type === 'Polygon' ? draft.geometry.coordinates[0]!.slice(0, -1) : [];
  let map: MapLibreMap | null = null;
  let sent: SiteFeature | null = null;
  let sending = false;

  const keep = (): void => saveDraft(draft);

  const render = (): void => {
    map?.remove();
    map = null;
    const u = currentUser();
    const may = u && !u.disabled && (u.role === 'editor' || u.role === 'admin');
    if (!may) {
      root.replaceChildren(h('h1', 'page__title', {}, t('report.title')), h('p', 'notice', { id: 'report-signin' }, t('report.signIn')));
      return;
    }
    if (sent) return renderSent(sent);
    renderForm();
  };

  const renderSent = (site: SiteFeature): void => {
    const g = site.geometry;
    const [lon, lat] = (g.type === 'Point' ? g.coordinates : g.coordinates[0]![0]!) as [number, number];
    const again = h('button', 'button button--primary', { type: 'button', id: 'report-again' }, t('report.again'));
    again.addEventListener('click', () => {
      sent = null;
      draft = emptyDraft();
      vertices = [];
      mode = 'point';
      render();
      root.querySelector('h1')?.focus();
    });
    root.replaceChildren(
      h('h1', 'page__title', { tabindex: -1 }, t('report.sentTitle')),
      h('p', 'notice notice--ok', { role: 'status', id: 'report-sent' }, t('report.sent', { id: site.id })),
      h('p', '', {}, h('a', '', { href: `${href({ name: 'explore' }, lang())}`.replace(/#.*/, '') + `#map=17/${lat.toFixed(5)}/${lon.toFixed(5)}`, id: 'report-onmap' }, t('report.onMap'))),
      historySection('site', site.id),
      again,
    );
  };

  const renderForm = (): void => {
    const mapBox = h('div', 'report__map', { id: 'report-map' });
    const where = h('p', 'report__where', { id: 'report-where', 'aria-live': 'polite' });
    const geoError = h('p', 'field__error', { id: 'report-geometry-error', role: 'alert' });
    geoError.hidden = true;
    const lat = h('input', 'form__input', { id: 'report-lat', inputmode: 'decimal', autocomplete: 'off' });
    const lon = h('input', 'form__input', { id: 'report-lon', inputmode: 'decimal', autocomplete: 'off' });
    const gps = h('button', 'button', { type: 'button', id: 'report-gps' }, t('report.gps'));
    const modeBtn = h('button', 'button', { type: 'button', id: 'report-mode', 'aria-pressed': String(mode === 'outline') }, t('report.outline'));
    const undo = h('button', 'button', { type: 'button', id: 'report-undo' }, t('report.undo'));
    const clear = h('button', 'button', { type: 'button', id: 'report-clear' }, t('report.clear'));

    const name = h('input', 'form__input', { id: 'report-name', maxlength: 200, autocomplete: 'off' });
    name.value = draft.name;
    const category = h('select', 'form__input', { id: 'report-category', required: true });
    category.append(option('', t('report.choose'), draft.category === ''));
    for (const c of CATEGORIES) category.append(option(c, t(`category.${c}` as MessageKey), draft.category === c));
    const damage = h('select', 'form__input', { id: 'report-damage', required: true });
    damage.append(option('', t('report.choose'), draft.damage === ''));
    for (const d of DAMAGE_LEVELS) damage.append(option(d, t(`damage.${d}` as MessageKey), draft.damage === d));
    const date = h('input', 'form__input', { id: 'report-date', type: 'date', min: '2014-02-20', max: today() });
    date.value = draft.damagedOn;
    const cost = h('input', 'form__input', { id: 'report-cost', inputmode: 'decimal', autocomplete: 'off' });
    cost.value = draft.cost;
    const description = h('textarea', 'form__input', { id: 'report-description', rows: 4, maxlength: 5000 });
    description.value = draft.description;

    const fields = {
      'properties.name': field(t('report.name'), name, t('report.nameHint')),
      'properties.category': field(t('panel.category'), category),
      'properties.damage': field(t('panel.damage'), damage),
      'properties.damaged_on': field(t('popup.date'), date),
      'properties.estimated_cost': field(t('report.cost'), cost, t('report.costHint')),
      'properties.description': field(t('report.description'), description),
    };
    const status = h('p', 'form__status', { id: 'report-status', role: 'status' });
    const error = h('div', 'notice notice--error', { id: 'report-error', role: 'alert' });
    error.hidden = true;
    const submit = h('button', 'button button--primary', { type: 'submit', id: 'report-submit' }, t(sending ? 'form.sending' : 'report.send'));
    const restored = draft.geometry || draft.category || draft.name ? h('p', 'notice', { id: 'report-restored' }, t('report.restored')) : '';

    const form = h('form', 'form report__form', { id: 'report-form', novalidate: true });
    form.append(
      h(
        'fieldset',
        'report__place',
        { 'aria-describedby': 'report-where report-geometry-error' },
        h('legend', '', {}, t('report.place')),
        h('p', 'field__hint', {}, t('report.placeHint')),
        mapBox,
        h('div', 'report__tools', {}, gps, modeBtn, undo, clear),
        where,
        geoError,
        h('div', 'form__row', {}, field(t('report.lat'), lat).root, field(t('report.lon'), lon).root),
      ),
      ...Object.values(fields).map((f) => f.root),
      error,
      submit,
      status,
    );
    root.replaceChildren(h('h1', 'page__title', {}, t('report.title')), restored, form);

    const setGeoError = (text: string | null): void => {
      geoError.textContent = text ?? '';
      geoError.hidden = !text;
    };

    /** syncPlace shows the place in words, in the coordinate inputs and on the map, and keeps the draft. */
    const syncPlace = (): void => {
      const g = draft.geometry;
      if (g?.type === 'Point') {
        const [x, y] = g.coordinates as [number, number];
        where.textContent = t('report.at', { lat: y.toFixed(5), lon: x.toFixed(5) });
        lat.value = y.toFixed(6);
        lon.value = x.toFixed(6);
      } else if (mode === 'outline') {
        where.textContent = vertices.length ? t('report.vertices', { n: vertices.length }) : t('report.outlineHint');
      } else {
        where.textContent = t('report.nowhere');
      }
      modeBtn.setAttribute('aria-pressed', String(mode === 'outline'));
      undo.disabled = mode !== 'outline' || vertices.length === 0;
      clear.disabled = !draft.geometry && vertices.length === 0;
      drawDraft();
      keep();
    };

    const setPoint = (x: number, y: number): void => {
      mode = 'point';
      vertices = [];
      draft.geometry = { type: 'Point', coordinates: [round6(x), round6(y)] };
      setGeoError(null);
      syncPlace();
    };

    const addVertex = (x: number, y: number): void => {
      vertices.push([round6(x), round6(y)]);
      draft.geometry = vertices.length >= 3 ? polygon(vertices) : null;
      setGeoError(null);
      syncPlace();
    };

    const drawDraft = (): void => {
      const m = map;
      if (!m || !m.getSource('draft')) return;
      const features: Feature[] = [];
      if (draft.geometry?.type === 'Point') features.push({ type: 'Feature', geometry: draft.geometry, properties: { kind: 'point' } });
      if (mode === 'outline') {
        if (vertices.length >= 3) features.push({ type: 'Feature', geometry: polygon(vertices), properties: { kind: 'area' } });
        else if (vertices.length === 2) features.push({ type: 'Feature', geometry: { type: 'LineString', coordinates: vertices }, properties: { kind: 'line' } });
        for (const v of vertices) features.push({ type: 'Feature', geometry: { type: 'Point', coordinates: v }, properties: { kind: 'vertex' } });
      }
      (m.getSource('draft') as GeoJSONSource).setData({ type: 'FeatureCollection', features });
    };

    map = miniMap(mapBox, { label: t('report.mapLabel') });
    const m = map;
    m.getCanvas().style.cursor = 'crosshair';
    m.on('load', () => {
      m.addSource('draft', { type: 'geojson', data: { type: 'FeatureCollection', features: [] } });
      m.addLayer({ id: 'draft-area', type: 'fill', source: 'draft', filter: ['==', ['get', 'kind'], 'area'], paint: { 'fill-color': '#d94801', 'fill-opacity': 0.3 } });
      m.addLayer({ id: 'draft-line', type: 'line', source: 'draft', filter: ['in', ['get', 'kind'], ['literal', ['area', 'line']]], paint: { 'line-color': '#d94801', 'line-width': 2.5 } });
      m.addLayer({ id: 'draft-vertex', type: 'circle', source: 'draft', filter: ['==', ['get', 'kind'], 'vertex'], paint: { 'circle-radius': 5, 'circle-color': '#fff', 'circle-stroke-color': '#d94801', 'circle-stroke-width': 2 } });
      m.addLayer({ id: 'draft-point', type: 'circle', source: 'draft', filter: ['==', ['get', 'kind'], 'point'], paint: { 'circle-radius': 9, 'circle-color': '#d94801', 'circle-stroke-color': '#fff', 'circle-stroke-width': 3 } });
      drawDraft();
      const g = draft.geometry;
      if (g?.type === 'Point') m.jumpTo({ center: g.coordinates as [number, number], zoom: 16 });
      else if (g?.type === 'Polygon') m.jumpTo({ center: g.coordinates[0]![0] as [number, number], zoom: 17 });
      else void fitToHromada(m);
    });
    m.on('click', (e) => (mode === 'point' ? setPoint(e.lngLat.lng, e.lngLat.lat) : addVertex(e.lngLat.lng, e.lngLat.lat)));

    gps.addEventListener('click', () => {
      if (!('geolocation' in navigator)) {
        setGeoError(t('report.gpsMissing'));
        return;
      }
      where.textContent = t('report.gpsWaiting');
      navigator.geolocation.getCurrentPosition(
        (pos) => {
          setPoint(pos.coords.longitude, pos.coords.latitude);
          m.jumpTo({ center: [pos.coords.longitude, pos.coords.latitude], zoom: 17 });
          where.textContent += ` ${t('report.gpsAccuracy', { m: formatNumber(Math.round(pos.coords.accuracy)) })}`;
        },
        (err) => {
          setGeoError(t(err.code === err.PERMISSION_DENIED ? 'report.gpsDenied' : 'report.gpsFailed'));
          syncPlace();
        },
        { enableHighAccuracy: true, timeout: 20000, maximumAge: 30000 },
      );
    });
    modeBtn.addEventListener('click', () => {
      mode = mode === 'point' ? 'outline' : 'point';
      vertices = [];
      draft.geometry = null;
      syncPlace();
    });
    undo.addEventListener('click', () => {
      vertices.pop();
      draft.geometry = vertices.length >= 3 ? polygon(vertices) : null;
      syncPlace();
    });
    clear.addEventListener('click', () => {
      vertices = [];
      draft.geometry = null;
      syncPlace();
    });
    const typed = (): void => {
      const y = Number(lat.value.replace(',', '.'));
      const x = Number(lon.value.replace(',', '.'));
      if (lat.value && lon.value && Number.isFinite(x) && Number.isFinite(y) && Math.abs(y) <= 90 && Math.abs(x) <= 180) {
        setPoint(x, y);
        m.jumpTo({ center: [x, y], zoom: Math.max(m.getZoom(), 15) });
      }
    };
    lat.addEventListener('change', typed);
    lon.addEventListener('change', typed);

    const bind = (input: HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement, set: (v: string) => void): void => {
      input.addEventListener('input', () => {
        set(input.value);
        keep();
      });
    };
    bind(name, (v) => (draft.name = v));
    bind(category, (v) => (draft.category = v as Draft['category']));
    bind(damage, (v) => (draft.damage = v as Draft['damage']));
    bind(date, (v) => (draft.damagedOn = v));
    bind(cost, (v) => (draft.cost = v));
    bind(description, (v) => (draft.description = v));

    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      if (sending) return;
      for (const f of Object.values(fields)) f.setError(null);
      setGeoError(null);
      error.hidden = true;
      const input = draftInput(draft);
      if ('error' in input) {
        if (input.error === 'geometry') {
          setGeoError(t(mode === 'outline' ? 'report.needOutline' : 'report.needPlace'));
          gps.focus();
        } else {
          fields['properties.estimated_cost'].setError(t('funding.amountInvalid'));
          cost.focus();
        }
        return;
      }
      sending = true;
      submit.disabled = true;
      submit.textContent = t('form.sending');
      status.textContent = t('form.sending');
      try {
        const site = await createSite(input, draft.key);
        clearDraft();
        sent = site;
        ctx.dataChanged();
        renderSent(site);
        (root.querySelector('h1') as HTMLElement | null)?.focus();
        return;
      } catch (err) {
        status.textContent = '';
        showProblem(err);
      } finally {
        sending = false;
        submit.disabled = false;
        submit.textContent = t('report.send');
      }
    });

    /** showProblem puts the server's words next to the field it names, or above the button. */
    const showProblem = (err: unknown): void => {
      if (err instanceof ApiError && err.status === 401) forget();
      const problems = err instanceof ApiError ? (err.problem.errors?.length ? err.problem.errors : [{ field: err.problem.field ?? '', reason: err.message }]) : [];
      let first: HTMLElement | null = null;
      for (const p of problems) {
        if (p.field === 'geometry' || p.field.startsWith('geometry')) {
          setGeoError(p.reason);
          first ??= gps;
          continue;
        }
        const f = fields[p.field as keyof typeof fields];
        if (f) {
          f.setError(p.reason);
          first ??= f.root.querySelector('input, select, textarea');
        }
      }
      if (first) {
        first.focus();
        return;
      }
      // Not about a field: say it, say the report is kept, and offer the same button again.
      const offline = !(err instanceof ApiError);
      const conflict = err instanceof ApiError && err.status === 409;
      error.replaceChildren(
        h('p', '', {}, offline ? t('report.offline') : err instanceof Error ? err.message : String(err)),
        h('p', '', {}, t(conflict ? 'report.conflict' : 'report.kept')),
      );
      error.hidden = false;
      submit.focus();
    };

    syncPlace();
  };

  render();
  return {
    render,
    accountChanged: render,
    destroy: () => {
      map?.remove();
      root.replaceChildren();
    },
    testHandle: () => ({ map, draft }),
  };
}

function round6(n: number): number {
  return Math.round(n * 1e6) / 1e6;
}

/** polygon closes a ring of vertices, turned counter-clockwise as RFC 7946 asks of an outer ring. */
function polygon(vertices: Position[]): Polygon {
  const ring = [...vertices, vertices[0]!];
  let area = 0;
  for (let i = 0; i < ring.length - 1; i++) area += (ring[i + 1]![0]! - ring[i]![0]!) * (ring[i + 1]![1]! + ring[i]![1]!);
  return { type: 'Polygon', coordinates: [area > 0 ? ring.reverse() : ring] };
}

/** fitToHromada shows the editor's hromada (its outline is on the map's base layer). */
async function fitToHromada(m: MapLibreMap): Promise<void> {
  const code = currentUser()?.hromada_codes[0];
  if (!code) return;
  try {
    const oblasts = await fetchOblasts(5);
    const oblast = oblasts.features.find((o) => o.properties.code.slice(0, 4) === code.slice(0, 4));
    if (!oblast) return;
    const hromadas = await fetchHromadas(oblast.properties.code, 5);
    const hf = hromadas.features.find((f) => f.properties.code === code);
    if (hf) m.fitBounds(hf.bbox, { padding: 20, duration: 0 });
  } catch {
    // The map stays on Ukraine; the editor can still find the place.
  }
}
