// Report a damaged site (a hromada editor, usually on a phone): place it by
// tapping the map, by the phone's position, or by typing coordinates; draw
// its outline if it is a building; say what it is and how badly damaged;
// add photos. The form is kept in storage until the server has it (see
// draft.ts). The photos go after the site, one by one, to the site made:
// if one fails the site stays made, and "send the photos" sends only them.
import type { GeoJSONSource, Map as MapLibreMap } from 'maplibre-gl';
import type { Feature, Point, Polygon, Position } from 'geojson';
import { forget, currentUser } from '../account/session';
import { ApiError, CATEGORIES, DAMAGE_LEVELS, createSite, fetchHromadas, fetchOblasts } from '../api';
import { historySection } from '../history/list';
import { formatNumber, lang, t, type MessageKey } from '../i18n';
import { miniMap } from '../map/mini';
import { today } from '../money';
import { href } from '../router';
import type { Screen, ScreenContext } from '../screen';
import { photoList, uploadSitePhoto, type Photo } from '../site/photos';
import { field, h, option } from '../ui/dom';
import { MAX_PHOTOS, addPhotos, clearDraft, draftInput, emptyDraft, loadDraft, photoNamesOf, saveDraft, type Chosen, type Draft } from './draft';

type Mode = 'point' | 'outline';

/** Sent is a report the server has whole: its site and the photos sent with it. */
interface Sent {
  id: number;
  geometry: Point | Polygon | null;
  photos: Photo[];
}

/** PhotoPicker is the photo field of the form. */
interface PhotoPicker {
  root: HTMLElement;
  /** refresh draws the chosen photos again, with what is known of each. */
  refresh(): void;
  setError(text: string | null): void;
  focus(): void;
}

/** UploadView is where sending the photos shows how far it is. */
interface UploadView {
  picker: PhotoPicker;
  progress: HTMLProgressElement;
  status: HTMLElement;
  error: HTMLElement;
  buttons: HTMLButtonElement[];
}

export function mount(root: HTMLElement, _route: unknown, ctx: ScreenContext): Screen {
  let draft: Draft = loadDraft();
  let mode: Mode = draft.geometry?.type === 'Polygon' ? 'outline' : 'point';
  let vertices: Position[] = draft.geometry?.type === 'Polygon' ? draft.geometry.coordinates[0]!.slice(0, -1) : [];
  let map: MapLibreMap | null = null;
  let sent: Sent | null = null;
  let sending = false;
  // The photos chosen live in memory only; a reload loses them, and the
  // draft's names of them say so (lost) until others are chosen.
  let chosen: Chosen[] = [];
  let lost: string[] = [...draft.photoNames];
  let uploaded: Photo[] = [];
  const urls = new Map<File, string>();

  const keep = (): void => saveDraft(draft);

  /** urlOf is a blob: URL to show a chosen file before it is sent. */
  const urlOf = (f: File): string => {
    let u = urls.get(f);
    if (!u) {
      u = URL.createObjectURL(f);
      urls.set(f, u);
    }
    return u;
  };
  /** releaseUrls frees the blob: URLs of files no longer chosen. */
  const releaseUrls = (): void => {
    for (const [f, u] of urls) {
      if (!chosen.some((c) => c.file === f)) {
        URL.revokeObjectURL(u);
        urls.delete(f);
      }
    }
  };

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
    if (draft.siteId) return renderPhotos(draft.siteId);
    renderForm();
  };

  const renderSent = (site: Sent): void => {
    const g = site.geometry;
    const at = g ? ((g.type === 'Point' ? g.coordinates : g.coordinates[0]![0]!) as [number, number]) : null;
    const again = h('button', 'button button--primary', { type: 'button', id: 'report-again' }, t('report.again'));
    again.addEventListener('click', () => {
      sent = null;
      draft = emptyDraft();
      vertices = [];
      mode = 'point';
      render();
      root.querySelector('h1')?.focus();
    });
    const photos = site.photos.length
      ? [
          h('p', '', { id: 'report-photos-sent' }, t('report.photosSent', { n: site.photos.length })),
          photoList(site.photos, (n) => t('report.photoSentAlt', { n, id: String(site.id) }), { id: 'report-sent-photos', label: t('report.photos') }),
        ]
      : [];
    root.replaceChildren(
      h('h1', 'page__title', { tabindex: -1 }, t('report.sentTitle')),
      h('p', 'notice notice--ok', { role: 'status', id: 'report-sent' }, t('report.sent', { id: site.id })),
      ...photos,
      at ? h('p', '', {}, h('a', '', { href: `${href({ name: 'explore' }, lang())}`.replace(/#.*/, '') + `#map=17/${at[1].toFixed(5)}/${at[0].toFixed(5)}`, id: 'report-onmap' }, t('report.onMap'))) : '',
      historySection('site', site.id),
      again,
    );
  };

  /** finish ends a report the server has whole: the draft goes, the page says what was made. */
  const finish = (id: number, geometry: Point | Polygon | null): void => {
    clearDraft();
    sent = { id, geometry, photos: uploaded };
    chosen = [];
    lost = [];
    uploaded = [];
    releaseUrls();
    ctx.dataChanged();
    renderSent(sent);
    (root.querySelector('h1') as HTMLElement | null)?.focus();
  };

  /** photoPicker is the photo field: a camera button, a file chooser, and the chosen photos as thumbnails. */
  const photoPicker = (): PhotoPicker => {
    const choose = h('input', 'form__input', { type: 'file', id: 'report-photos', accept: 'image/*', multiple: true, 'aria-describedby': 'report-photos-hint report-photos-error' });
    // A phone opens its camera straight away for this one; the other offers the gallery too.
    const camera = h('input', 'form__input', { type: 'file', id: 'report-camera', accept: 'image/*', capture: 'environment', 'aria-describedby': 'report-photos-hint' });
    const again = h('p', 'notice', { id: 'report-photos-again', role: 'status' });
    const list = h('ul', 'updates__photos report__photos', { id: 'report-photo-list', 'aria-label': t('report.photosChosen') });
    const error = h('p', 'field__error', { id: 'report-photos-error', role: 'alert' });
    error.hidden = true;

    const setError = (text: string | null): void => {
      error.textContent = text ?? '';
      error.hidden = !text;
      if (text) choose.setAttribute('aria-invalid', 'true');
      else choose.removeAttribute('aria-invalid');
    };
    const changed = (): void => {
      lost = [];
      draft.photoNames = photoNamesOf(chosen);
      keep();
      releaseUrls();
      refresh();
    };
    const refresh = (): void => {
      again.textContent = lost.length && !chosen.length ? t('report.photosAgain', { names: lost.join(', ') }) : '';
      again.hidden = !again.textContent;
      list.hidden = !chosen.length;
      list.replaceChildren(
        ...chosen.map((c, i) => {
          const name = c.file.name;
          const li = h('li', 'report__photo', { 'data-state': c.sent ? 'sent' : c.error || c.tooLarge ? 'error' : 'chosen' });
          li.append(h('img', '', { src: urlOf(c.file), width: 96, alt: t('report.photoAlt', { n: i + 1, name }) }));
          const word = c.sent ? t('report.photoSent') : c.tooLarge ? t('report.photoTooLarge') : c.error;
          if (word) li.append(h('p', c.sent ? 'field__hint' : 'field__error', {}, word));
          if (!c.sent) {
            const remove = h('button', 'button', { type: 'button', 'aria-label': t('report.removePhoto', { n: i + 1, name }) }, t('report.remove'));
            remove.addEventListener('click', () => {
              chosen = chosen.filter((x) => x !== c);
              setError(null);
              changed();
              choose.focus();
            });
            li.append(remove);
          }
          return li;
        }),
      );
    };
    const add = (input: HTMLInputElement): void => {
      const got = addPhotos(chosen, Array.from(input.files ?? []));
      input.value = '';
      chosen = got.chosen;
      setError(got.tooMany ? t('report.photosTooMany', { n: MAX_PHOTOS }) : null);
      changed();
    };
    choose.addEventListener('change', () => add(choose));
    camera.addEventListener('change', () => add(camera));

    const root = h(
      'fieldset',
      'report__photos-field',
      { id: 'report-photos-field' },
      h('legend', '', {}, t('report.photos')),
      h('p', 'field__hint', { id: 'report-photos-hint' }, t('report.photosHint')),
      again,
      h('div', 'field', {}, h('label', 'field__label', { for: 'report-camera' }, t('report.takePhoto')), camera),
      h('div', 'field', {}, h('label', 'field__label', { for: 'report-photos' }, t('report.choosePhotos')), choose),
      list,
      error,
    );
    refresh();
    return { root, refresh, setError, focus: () => choose.focus() };
  };

  /**
   * sendPhotos sends the chosen photos not sent yet to the site, one by
   * one, and tells whether every one is there. A lost connection stops it
   * (the rest would fail too); a photo the server refuses is marked with
   * its words, and the others still go.
   */
  const sendPhotos = async (siteId: number, ui: UploadView): Promise<boolean> => {
    const todo = chosen.filter((c) => !c.sent && !c.tooLarge);
    const total = todo.reduce((n, c) => n + c.file.size, 0) || 1;
    let done = 0;
    ui.progress.value = 0;
    ui.progress.hidden = false;
    for (const [i, c] of todo.entries()) {
      ui.status.textContent = t('report.uploading', { i: i + 1, n: todo.length });
      try {
        const p = await uploadSitePhoto(siteId, c.file, (share) => {
          ui.progress.value = (done + share * c.file.size) / total;
        });
        c.sent = true;
        c.error = undefined;
        if (!uploaded.some((u) => u.id === p.id)) uploaded.push(p);
      } catch (err) {
        if (!(err instanceof ApiError)) {
          c.error = t('report.offline');
          break;
        }
        if (err.status === 401) forget();
        c.error = err.problem.errors?.[0]?.reason ?? err.message;
        if (err.status === 401 || err.status === 403 || err.status === 404 || err.status === 429 || err.status >= 500) break;
      } finally {
        done += c.file.size;
        ui.progress.value = Math.min(1, done / total);
        draft.photoNames = photoNamesOf(chosen);
        keep();
        ui.picker.refresh();
      }
    }
    return chosen.every((c) => c.sent);
  };

  /** upload sends the photos to the site made, and ends the report when all are there. */
  const upload = async (siteId: number, ui: UploadView): Promise<void> => {
    if (sending) return;
    ui.picker.setError(null);
    ui.error.hidden = true;
    if (chosen.some((c) => c.tooLarge)) {
      ui.picker.setError(t('report.photoRemoveLarge'));
      ui.picker.focus();
      return;
    }
    sending = true;
    for (const b of ui.buttons) b.disabled = true;
    const ok = await sendPhotos(siteId, ui);
    sending = false;
    if (ok) return finish(siteId, draft.geometry);
    for (const b of ui.buttons) b.disabled = false;
    ui.progress.hidden = true;
    ui.status.textContent = '';
    ui.error.replaceChildren(h('p', '', {}, t('report.photosFailed')));
    ui.error.hidden = false;
    ui.buttons[0]?.focus();
  };

  /**
   * renderPhotos is the form once the server has the site: only the
   * photos are left to send, to that site (after a failed upload, or a
   * reload, when they must be chosen again). start sends them at once.
   */
  const renderPhotos = (siteId: number, start = false): void => {
    const picker = photoPicker();
    const progress = h('progress', 'report__progress', { id: 'report-progress', max: 1, 'aria-label': t('report.uploadProgress') });
    progress.value = 0;
    progress.hidden = true;
    const status = h('p', 'form__status', { id: 'report-status', role: 'status' });
    const error = h('div', 'notice notice--error', { id: 'report-error', role: 'alert' });
    error.hidden = true;
    const send = h('button', 'button button--primary', { type: 'submit', id: 'report-send-photos' }, t('report.sendPhotos'));
    const skip = h('button', 'button', { type: 'button', id: 'report-skip-photos' }, t('report.skipPhotos'));
    const form = h('form', 'form report__form', { id: 'report-photos-form', novalidate: true }, picker.root, error, progress, h('div', 'report__tools', {}, send, skip), status);
    root.replaceChildren(
      h('h1', 'page__title', { tabindex: -1 }, t('report.title')),
      h('p', 'notice notice--ok', { id: 'report-pending' }, t('report.photosPending', { id: String(siteId) })),
      form,
    );
    const ui: UploadView = { picker, progress, status, error, buttons: [send, skip] };
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      if (!chosen.some((c) => !c.sent)) {
        // Every photo left is sent (a refused one was removed): the report is whole.
        if (chosen.length) return finish(siteId, draft.geometry);
        picker.setError(t('report.photosNone'));
        picker.focus();
        return;
      }
      void upload(siteId, ui);
    });
    skip.addEventListener('click', () => finish(siteId, draft.geometry));
    if (start) void upload(siteId, ui);
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
    const picker = photoPicker();

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
      picker.root,
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

    // An editor's own hromadas are shaded: where a report of theirs may be.
    map = miniMap(mapBox, { label: t('report.mapLabel'), hromadas: currentUser()?.hromada_codes ?? [] });
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
      picker.setError(null);
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
      if (chosen.some((c) => c.tooLarge)) {
        picker.setError(t('report.photoRemoveLarge'));
        picker.focus();
        return;
      }
      sending = true;
      submit.disabled = true;
      submit.textContent = t('form.sending');
      status.textContent = t('form.sending');
      let site;
      try {
        site = await createSite(input, draft.key);
      } catch (err) {
        status.textContent = '';
        showProblem(err);
        return;
      } finally {
        sending = false;
        submit.disabled = false;
        submit.textContent = t('report.send');
      }
      // From here the site exists: a reload or a retry sends only the photos.
      draft.siteId = site.id;
      keep();
      if (!chosen.some((c) => !c.sent)) return finish(site.id, site.geometry);
      ctx.dataChanged();
      renderPhotos(site.id, true);
      (root.querySelector('h1') as HTMLElement | null)?.focus();
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
      chosen = [];
      releaseUrls();
      root.replaceChildren();
    },
    testHandle: () => ({ map, draft, photos: chosen.length }),
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

/**
 * fitToHromada shows the editor's hromada (its outline is on the map's base
 * layer), unless the map has been moved while its box was being fetched: a
 * person already looking for the place is not thrown back.
 */
async function fitToHromada(m: MapLibreMap): Promise<void> {
  const code = currentUser()?.hromada_codes[0];
  if (!code) return;
  let moved = false;
  m.once('movestart', () => (moved = true));
  try {
    const oblasts = await fetchOblasts();
    const oblast = oblasts.features.find((o) => o.properties.code.slice(0, 4) === code.slice(0, 4));
    if (!oblast) return;
    const hromadas = await fetchHromadas(oblast.properties.code);
    const hf = hromadas.features.find((f) => f.properties.code === code);
    if (hf && !moved) m.fitBounds(hf.bbox, { padding: 20, duration: 0 });
  } catch {
    // The map stays on Ukraine; the editor can still find the place.
  }
}
