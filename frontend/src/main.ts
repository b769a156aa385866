// Vidbudova map: oblasts → hromadas → sites, with a panel of figures beside it.
import 'maplibre-gl/dist/maplibre-gl.css';
import './style.css';
import { Map as MapLibreMap, NavigationControl, Popup, setWorkerUrl } from 'maplibre-gl';
// Bundling moves maplibre's module away from its worker, so say where the worker is.
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import { AccountControl } from './account/control';
import { mayModerate } from './account/rules';
import { currentUser, onAccountChange, restoreSession } from './account/session';
import {
  ApiError,
  type Decision,
  fetchHromadas,
  fetchOblasts,
  fetchSites,
  type HromadaCollection,
  type OblastCollection,
  type SiteFeature,
} from './api';
import { initialLang, lang, onLangChange, pick, setLang, sitesLabel, t } from './i18n';
import { AREA_FILL, AreaHighlight, addAreaLayers, setAreas, setSelectedOblast } from './map/areas';
import { addBasemap } from './map/basemap';
import { BackControl, LegendControl, SourceControl } from './map/controls';
import { addHover } from './map/hover';
import { SITES_MIN_ZOOM, SITE_LAYERS, SiteLoader, addSiteLayers, type SiteLoad } from './map/sites';
import { UKRAINE_BOUNDS, baseStyle } from './map/style';
import { Panel, type Place } from './panel/panel';
import { sumCounts } from './panel/tables';
import { moderationControls } from './site/moderation';
import { sitePopupContent, siteTitle } from './site/popup';
import { readView, writeView } from './state';

setWorkerUrl(workerUrl);

const view = readView(window.location, initialLang(window.location.search));
setLang(view.lang);

let oblasts: OblastCollection | null = null;
let hromadas: HromadaCollection | null = null;
let selectedOblast: string | null = null;
let selectedHromada: string | null = null;
let detailed = false; // whether the boundaries in hand are the full-detail ones (zoom >= 9)
let demoSeen = false;
let hromadaRequest: AbortController | null = null;
const sitesById = new Map<number, SiteFeature>();
let popup: Popup | null = null;
/** A hromada named by the address, chosen once its oblast's hromadas arrive. */
let pendingHromada: string | null = view.hromada;

const panel = new Panel(document.getElementById('panel')!, {
  onLang: (l) => setLang(l),
  onChooseOblast: (code) => selectOblast(code, true),
  onChooseHromada: (code) => selectHromada(code, true),
});

const account = new AccountControl(panel.accountSlot);
void restoreSession();

const mapEl = document.getElementById('map')!;
const map = new MapLibreMap({
  container: mapEl,
  style: baseStyle(),
  ...(view.camera
    ? { center: [view.camera.lon, view.camera.lat] as [number, number], zoom: view.camera.zoom }
    : { bounds: UKRAINE_BOUNDS, fitBoundsOptions: { padding: 16 } }),
  attributionControl: false,
  dragRotate: false,
  pitchWithRotate: false,
  touchPitch: false,
  maxZoom: 18,
});
map.touchZoomRotate.disableRotation();

const back = new BackControl(() => selectOblast(null, true));
const legend = new LegendControl();
const sources = new SourceControl();
map.addControl(new NavigationControl({ showCompass: false }), 'top-right');
map.addControl(back, 'top-left');
map.addControl(legend, 'bottom-left');
map.addControl(sources, 'bottom-right');

const sites = new SiteLoader(map, showSites, showError);
const selectedHighlight = new AreaHighlight(map, 'hromada', 'selected');

function showError(err: unknown): void {
  const msg = err instanceof ApiError ? err.message : err instanceof Error ? err.message : String(err);
  panel.setError(msg);
}

function sitesEnabled(): boolean {
  return map.getZoom() >= SITES_MIN_ZOOM || selectedOblast !== null;
}

function currentPlace(): Place | null {
  if (!oblasts) return null;
  const h = selectedHromada ? hromadas?.features.find((f) => f.properties.code === selectedHromada) : undefined;
  if (h) return { kind: 'hromada', ...h.properties, counts: h.properties };
  const o = selectedOblast ? oblasts.features.find((f) => f.properties.code === selectedOblast) : undefined;
  if (o) return { kind: 'oblast', ...o.properties, counts: o.properties };
  return { kind: 'country', name_uk: '', name_en: '', counts: sumCounts(oblasts.features.map((f) => f.properties)) };
}

let oblastBreaks = [1];
let hromadaBreaks: number[] | null = null;

function refreshLegend(): void {
  legend.update(hromadaBreaks ?? oblastBreaks, sitesEnabled());
}

function saveView(): void {
  const c = map.getCenter();
  writeView({
    lang: lang(),
    oblast: selectedOblast,
    hromada: selectedHromada,
    camera: { zoom: map.getZoom(), lat: c.lat, lon: c.lng },
  });
}

/** refreshAreaList lists in the panel what the choropleth shows. */
function refreshAreaList(): void {
  if (selectedOblast && hromadas?.features.length) {
    panel.setAreas('hromada', hromadas.features.map((f) => f.properties), selectedHromada);
  } else if (oblasts) {
    panel.setAreas('oblast', oblasts.features.map((f) => f.properties), selectedOblast);
  }
}

function showSites(load: SiteLoad | null): void {
  sitesById.clear();
  if (!load) {
    panel.setSitesStatus({ key: 'panel.zoomForSites' });
  } else {
    for (const f of load.data.features) sitesById.set(Number(f.id), f);
    demoSeen ||= load.data.features.some((f) => f.properties.demo);
    panel.setDemo(demoSeen);
    const n = load.data.features.length;
    panel.setSitesStatus({ key: load.truncated ? 'panel.sitesTruncated' : 'panel.sitesShown', n });
  }
  refreshLegend();
}

function refreshSites(): void {
  sites.schedule(sitesEnabled(), selectedOblast);
}

async function loadOblasts(): Promise<void> {
  try {
    oblasts = await fetchOblasts(map.getZoom());
    oblastBreaks = setAreas(map, 'oblast', oblasts);
    panel.setOblasts(oblasts.features.map((f) => f.properties));
    refreshAreaList();
    panel.setError(null);
  } catch (err) {
    showError(err);
  }
}

async function loadHromadas(code: string, zoom: number): Promise<void> {
  hromadaRequest?.abort();
  const ctrl = new AbortController();
  hromadaRequest = ctrl;
  panel.setMessage('panel.loading');
  try {
    const data = await fetchHromadas(code, zoom, ctrl.signal);
    if (ctrl.signal.aborted || selectedOblast !== code) return;
    hromadas = data;
    hromadaBreaks = data.features.length ? setAreas(map, 'hromada', data) : null;
    if (!data.features.length) setAreas(map, 'hromada', null);
    setSelectedOblast(map, code, data.features.length > 0);
    refreshAreaList();
    if (pendingHromada) {
      const wanted = pendingHromada;
      pendingHromada = null;
      if (data.features.some((f) => f.properties.code === wanted)) selectHromada(wanted, false);
    }
    panel.setMessage(data.features.length ? 'panel.hromadaHint' : 'panel.noHromadas');
    panel.setError(null);
    refreshLegend();
  } catch (err) {
    if (ctrl.signal.aborted) return;
    panel.setMessage(null);
    showError(err);
  }
}

/** selectOblast is what a click on an oblast, the list in the panel and "back" all call. */
function selectOblast(code: string | null, fly: boolean): void {
  const feature = code ? oblasts?.features.find((f) => f.properties.code === code) : undefined;
  if (code && !feature) code = null;
  selectedOblast = code;
  selectedHromada = null;
  selectedHighlight.set(null);
  hromadas = null;
  hromadaBreaks = null;
  hromadaRequest?.abort();
  popup?.remove();
  setAreas(map, 'hromada', null);
  setSelectedOblast(map, code);
  panel.setSelected(code);
  back.update(code !== null);
  panel.setMessage(null);

  if (feature) {
    const target = map.cameraForBounds(feature.bbox, { padding: 30 });
    void loadHromadas(feature.properties.code, target?.zoom ?? map.getZoom());
    if (fly) map.fitBounds(feature.bbox, { padding: 30, duration: 800 });
  } else if (fly) {
    map.fitBounds(UKRAINE_BOUNDS, { padding: 16, duration: 800 });
  }
  panel.setPlace(currentPlace());
  refreshAreaList();
  refreshLegend();
  refreshSites();
  saveView();
}

/** selectHromada shows one hromada's figures; choosing it again goes back to the oblast's. */
function selectHromada(code: string | null, fly: boolean): void {
  selectedHromada = code === selectedHromada ? null : code;
  selectedHighlight.set(selectedHromada);
  const feature = hromadas?.features.find((f) => f.properties.code === selectedHromada);
  if (fly && feature) map.fitBounds(feature.bbox, { padding: 40, duration: 800, maxZoom: 12 });
  panel.setPlace(currentPlace());
  refreshAreaList();
  saveView();
}

function openSitePopup(id: number, at: [number, number]): void {
  const site = sitesById.get(id);
  if (!site) return;
  const where: [number, number] = site.geometry.type === 'Point' ? [site.geometry.coordinates[0]!, site.geometry.coordinates[1]!] : at;
  popup?.remove();
  popup = new Popup({ maxWidth: '320px', focusAfterOpen: true })
    .setLngLat(where)
    .setDOMContent(sitePopup(site))
    .addTo(map);
}

/** sitePopup is a site's popup for whoever is signed in, with a moderator's buttons where they may decide. */
function sitePopup(site: SiteFeature, notice?: string): HTMLElement {
  const user = currentUser();
  const moderation = mayModerate(user, site.properties)
    ? moderationControls(site, {
        onDecided: (updated, decision: Decision) =>
          showChangedSite(updated, t(decision === 'verified' ? 'moderation.saved.verified' : 'moderation.saved.rejected')),
        onStale: (current, why) => showChangedSite(current, `${why} ${t('moderation.changed')}`),
      })
    : undefined;
  return sitePopupContent(site.properties, user, { notice, moderation });
}

/** showChangedSite redraws a site the server has just answered with, on the map and in its open popup. */
function showChangedSite(site: SiteFeature, notice: string): void {
  const id = Number(site.id);
  if (sitesById.has(id)) sitesById.set(id, site);
  sites.replace(site);
  if (!popup?.isOpen()) return;
  const content = sitePopup(site, notice);
  popup.setDOMContent(content);
  content.querySelector<HTMLElement>('.site-popup__notice')?.focus();
}

map.on('load', () => {
  addAreaLayers(map);
  addSiteLayers(map);
  addHover(map, (f) => {
    const p = f.properties;
    if ((SITE_LAYERS as readonly string[]).includes(f.layer.id)) {
      return siteTitle({ name: String(p.name ?? ''), category: p.category as SiteFeature['properties']['category'] });
    }
    if (f.layer.id === AREA_FILL.oblast && p.code === selectedOblast) return null;
    return `${pick(p.name_uk, p.name_en)} — ${sitesLabel(Number(p.sites ?? 0))}`;
  });

  void addBasemap(map, sources);

  // One site tells whether the data set is a demo, even before any site is drawn.
  void fetchSites({ limit: 1 })
    .then((fc) => {
      demoSeen ||= fc.features.some((f) => f.properties.demo);
      panel.setDemo(demoSeen);
    })
    .catch(() => undefined);

  detailed = map.getZoom() >= SITES_MIN_ZOOM;
  void loadOblasts().then(() => {
    if (view.oblast) selectOblast(view.oblast, view.camera === null);
    else {
      panel.setPlace(currentPlace());
      refreshLegend();
      refreshSites();
      saveView();
    }
  });
});

map.on('click', (e) => {
  const hits = map.queryRenderedFeatures(e.point, { layers: [...SITE_LAYERS, 'hromada-fill', 'oblast-fill'] });
  const site = hits.find((h) => (SITE_LAYERS as readonly string[]).includes(h.layer.id));
  if (site) return openSitePopup(Number(site.id), [e.lngLat.lng, e.lngLat.lat]);
  const hromada = hits.find((h) => h.layer.id === 'hromada-fill');
  if (hromada) return selectHromada(String(hromada.properties.code), false);
  const oblast = hits.find((h) => h.layer.id === 'oblast-fill');
  const code = oblast ? String(oblast.properties.code) : null;
  if (code && code !== selectedOblast) selectOblast(code, true);
});

map.on('moveend', () => {
  if (!oblasts) return;
  const nowDetailed = map.getZoom() >= SITES_MIN_ZOOM;
  if (nowDetailed !== detailed) {
    // Crossing zoom 9 switches between simplified and full boundaries.
    detailed = nowDetailed;
    void loadOblasts();
    if (selectedOblast) void loadHromadas(selectedOblast, map.getZoom());
  }
  refreshLegend();
  refreshSites();
  saveView();
});

// A link pasted into the same tab changes only the fragment: follow it.
window.addEventListener('hashchange', () => {
  if (!oblasts) return;
  const next = readView(window.location, lang());
  if (next.camera) map.jumpTo({ center: [next.camera.lon, next.camera.lat], zoom: next.camera.zoom });
  if (next.oblast !== selectedOblast) {
    pendingHromada = next.hromada;
    selectOblast(next.oblast, next.camera === null);
  } else if (next.hromada !== selectedHromada && (next.hromada || selectedHromada)) {
    selectHromada(next.hromada ?? selectedHromada, false);
  }
});

// What a site shows (a sensitive one's place, name and description) depends on who asks.
onAccountChange(() => {
  popup?.remove();
  refreshSites();
});

onLangChange(() => {
  panel.render();
  account.render();
  legend.render();
  sources.render();
  back.update(selectedOblast !== null);
  mapEl.setAttribute('aria-label', t('map.label'));
  popup?.remove();
  saveView();
});
mapEl.setAttribute('aria-label', t('map.label'));

// A read-only handle for the browser tests.
Object.defineProperty(window, '__vidbudova', {
  value: Object.freeze({
    map,
    state: () => ({
      lang: lang(),
      oblast: selectedOblast,
      hromada: selectedHromada,
      oblasts: oblasts?.features.length ?? 0,
      hromadas: hromadas?.features.length ?? null,
      sites: sitesById.size,
      account: currentUser()?.email ?? null,
    }),
  }),
});
