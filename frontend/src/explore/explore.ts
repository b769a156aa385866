// Explore: oblasts → hromadas coloured by a chosen measure, then sites or
// projects from the vector tiles, with a panel of figures, filters and a
// list beside the map. The whole view is in the address.
//
// MapLibre is most of the page's script and slow to start where WebGL is
// drawn in software (a phone, a remote desktop): the panel is made and the
// figures asked for at once, the map module is loaded apart, and the panel
// lists the oblasts as soon as they arrive and works from then on. What is
// chosen there before the map has loaded is shown on it once it has.
import type { Map as MapLibreMap, MapGeoJSONFeature, Popup } from 'maplibre-gl';
import { mayModerate } from '../account/rules';
import { currentUser } from '../account/session';
import {
  ApiError,
  fetchHromadas,
  fetchOblasts,
  fetchSite,
  fetchSites,
  type BBox,
  type Decision,
  type HromadaCollection,
  type OblastCollection,
  type SiteFeature,
} from '../api';
import { lang, pick, t } from '../i18n';
import { AREA_FILL, AreaHighlight, addAreaLayers, colourAreas, setSelectedOblast, showHromadas } from '../map/areas';
import { addBasemap } from '../map/basemap';
import { BackControl, LegendControl, SourceControl } from '../map/controls';
import { draftUntilLoaded } from '../map/firstdraw';
import { addHover } from '../map/hover';
import { addCountImages } from '../map/labels';
import {
  GROUP_LAYERS,
  PROJECT_LAYERS,
  PROJECT_POINTS_FROM,
  SITES_MIN_ZOOM,
  SITE_LAYERS,
  SITE_POINTS_FROM,
  TileLayers,
  addSiteLayers,
} from '../map/sites';
import { UKRAINE_BOUNDS, baseStyle } from '../map/style';
import type { Choice } from '../panel/filters';
import { Panel, type Place } from '../panel/panel';
import { sumCounts } from '../panel/tables';
import { fetchProject } from '../project/api';
import { projectPopupContent } from '../project/popup';
import { moderationControls } from '../site/moderation';
import { sitePopupContent, siteTitle } from '../site/popup';
import { projectParams, readView, siteParams, summaryParams, writeView, type ViewState } from '../state';
import { formatMeasure, measureValue } from './measure';

/** The performance mark of the panel first listing the oblasts (make bench times it beside "ready"). */
const LISTED_MARK = 'vidbudova:explore-listed';

const inList = (ids: readonly string[], id: string): boolean => ids.includes(id);

type MapLibre = typeof import('maplibre-gl');

export class Explore {
  /** The map, made once MapLibre has arrived; nothing but the test handle reads it before `loaded`. */
  map!: MapLibreMap;
  private maplibre!: MapLibre;
  /** The map has loaded, with its layers: what draws on it may run (and only then). */
  private loaded = false;
  /** Settles once the first answer about the oblasts is in, listed or shown as an error. */
  private readonly firstOblasts: Promise<void>;
  private oblastsAnswered!: () => void;
  private readonly panel: Panel;
  private readonly back: BackControl;
  private readonly legend = new LegendControl();
  private readonly sources = new SourceControl();
  private selectedHighlight!: AreaHighlight;
  private tiles: TileLayers | null = null;
  private view: ViewState;
  private oblasts: OblastCollection | null = null;
  private hromadas: HromadaCollection | null = null;
  private demoSeen = false;
  private hromadaRequest: AbortController | null = null;
  private oblastRequest: AbortController | null = null;
  private popup: Popup | null = null;
  private breaks = { oblast: [1], hromada: null as number[] | null };
  /** A hromada named by the address, chosen once its oblast's hromadas arrive. */
  private pendingHromada: string | null;
  private drawn = { sites: 0, projects: 0, cells: 0 };

  constructor(
    private readonly root: HTMLElement,
    panelEl: HTMLElement,
    private readonly mapEl: HTMLElement,
  ) {
    this.view = readView(window.location, lang());
    this.pendingHromada = this.view.hromada;
    this.panel = new Panel(
      panelEl,
      {
        onChooseOblast: (code) => this.selectOblast(code, true),
        onChooseHromada: (code) => this.selectHromada(code, true),
        onChoice: (c) => this.applyChoice(c),
        onSite: (s) => this.flyToSite(s),
      },
      this.choice(),
    );
    this.back = new BackControl(() => this.selectOblast(null, true));
    // A link pasted into the same tab changes only the fragment: follow it.
    window.addEventListener('hashchange', () => this.followAddress());
    mapEl.setAttribute('aria-label', t('map.label'));

    this.firstOblasts = new Promise((resolve) => (this.oblastsAnswered = resolve));
    void this.loadOblasts();
    import('maplibre-gl').then(
      (maplibre) => this.makeMap(maplibre),
      (err: unknown) => this.showError(err),
    );
  }

  private makeMap(maplibre: MapLibre): void {
    this.maplibre = maplibre;
    const camera = this.view.camera;
    this.map = new maplibre.Map({
      container: this.mapEl,
      style: baseStyle(),
      ...(camera
        ? { center: [camera.lon, camera.lat] as [number, number], zoom: camera.zoom }
        : { bounds: UKRAINE_BOUNDS, fitBoundsOptions: { padding: 16 } }),
      attributionControl: false,
      dragRotate: false,
      pitchWithRotate: false,
      touchPitch: false,
      maxZoom: 18,
    });
    draftUntilLoaded(this.map, 'oblast');
    this.map.touchZoomRotate.disableRotation();
    this.map.addControl(new maplibre.NavigationControl({ showCompass: false }), 'top-right');
    this.map.addControl(this.back, 'top-left');
    this.map.addControl(this.legend, 'bottom-left');
    this.map.addControl(this.sources, 'bottom-right');
    this.selectedHighlight = new AreaHighlight(this.map, 'hromada', 'selected');
    this.map.on('load', () => this.onLoad());
    this.map.on('click', (e) => this.onClick(e.point, [e.lngLat.lng, e.lngLat.lat]));
    this.map.on('moveend', () => this.onMoveEnd());
    this.map.on('idle', () => this.countDrawn());
  }

  /** show makes Explore the screen (again), following the address it was opened with. */
  show(): void {
    const wasHidden = this.root.hidden;
    this.root.hidden = false;
    // Read the address before anything moves the map: a move writes the view into it.
    this.followAddress();
    // A map made while another screen was shown has measured an empty box.
    if (wasHidden && this.map) this.map.resize();
  }

  hide(): void {
    this.popup?.remove();
    this.root.hidden = true;
  }

  get visible(): boolean {
    return !this.root.hidden;
  }

  /** dataChanged fetches the tiles and totals again after a write (a report, a decision, funding). */
  dataChanged(): void {
    this.tiles?.reload();
    if (this.oblasts) void this.loadOblasts();
    if (this.view.oblast) void this.loadHromadas(this.view.oblast);
  }

  /** accountChanged: what a site shows (a sensitive one's place, name and description) depends on who asks. */
  accountChanged(): void {
    this.popup?.remove();
    this.tiles?.reload();
  }

  langChanged(): void {
    this.panel.render();
    this.legend.render();
    this.sources.render();
    this.back.update(this.view.oblast !== null);
    this.tiles?.relabel();
    this.mapEl.setAttribute('aria-label', t('map.label'));
    this.popup?.remove();
    this.saveView();
  }

  /** state is what the browser tests read (window.__vidbudova.state()). */
  state(): Record<string, unknown> {
    return {
      ready: this.loaded,
      oblast: this.view.oblast,
      hromada: this.view.hromada,
      oblasts: this.oblasts?.features.length ?? 0,
      hromadas: this.hromadas?.features.length ?? null,
      sites: this.drawn.sites,
      projects: this.drawn.projects,
      cells: this.drawn.cells,
      measure: this.view.measure,
      layer: this.view.layer,
      filters: this.view.filters,
    };
  }

  private choice(): Choice {
    return { measure: this.view.measure, layer: this.view.layer, filters: this.view.filters };
  }

  private showError(err: unknown): void {
    const msg = err instanceof ApiError ? err.message : err instanceof Error ? err.message : String(err);
    this.panel.setError(msg);
  }

  private objectsEnabled(): boolean {
    return this.map.getZoom() >= SITES_MIN_ZOOM || this.view.oblast !== null;
  }

  private currentPlace(): Place | null {
    if (!this.oblasts) return null;
    const { oblast, hromada } = this.view;
    const hf = hromada ? this.hromadas?.features.find((f) => f.properties.code === hromada) : undefined;
    if (hf) return { kind: 'hromada', ...hf.properties, counts: hf.properties };
    const of = oblast ? this.oblasts.features.find((f) => f.properties.code === oblast) : undefined;
    if (of) return { kind: 'oblast', ...of.properties, counts: of.properties };
    return { kind: 'country', name_uk: '', name_en: '', counts: sumCounts(this.oblasts.features.map((f) => f.properties)) };
  }

  private saveView(): void {
    if (!this.visible || !this.loaded) return;
    const c = this.map.getCenter();
    this.view = { ...this.view, lang: lang(), camera: { zoom: this.map.getZoom(), lat: c.lat, lon: c.lng } };
    writeView(this.view);
  }

  private refreshLegend(): void {
    this.legend.update(this.breaks.hromada ?? this.breaks.oblast, this.view.measure, this.tiles?.visible ?? null);
  }

  /** refreshAreaList lists in the panel what the choropleth shows. */
  private refreshAreaList(): void {
    if (this.view.oblast && this.hromadas?.features.length) {
      this.panel.setAreas('hromada', this.hromadas.features.map((f) => f.properties), this.view.hromada);
    } else if (this.oblasts) {
      this.panel.setAreas('oblast', this.oblasts.features.map((f) => f.properties), this.view.oblast);
    }
  }

  /** refreshObjects decides what the map draws over the areas and what the list beside it lists. */
  private refreshObjects(): void {
    if (!this.tiles) return;
    this.tiles.show(this.objectsEnabled() ? this.view.layer : null);
    const z = this.map.getZoom();
    let bbox: BBox | null = null;
    if (z >= 10) {
      const b = this.map.getBounds();
      bbox = [Math.max(-180, b.getWest()), Math.max(-85, b.getSouth()), Math.min(180, b.getEast()), Math.min(85, b.getNorth())];
    }
    const hromada = this.view.hromada;
    this.panel.showObjects(hromada || bbox ? { layer: this.view.layer, filters: this.view.filters, bbox: hromada ? null : bbox, hromada } : null);
    this.refreshLegend();
  }

  private applyFilters(): void {
    if (!this.tiles) return;
    const f = this.view.filters;
    this.tiles.setFilters('sites', siteParams(f));
    this.tiles.setFilters('projects', projectParams(f), f.minGap === null ? null : f.minGap * 100);
  }

  /** recolour paints both levels by the measure (the figures under the filters arrive with the areas). */
  private recolour(): void {
    if (!this.loaded) return;
    const { measure } = this.view;
    if (this.oblasts) this.breaks.oblast = colourAreas(this.map, 'oblast', this.oblasts, measure);
    if (this.hromadas) {
      this.breaks.hromada = this.hromadas.features.length ? colourAreas(this.map, 'hromada', this.hromadas, measure) : null;
    }
  }

  private applyChoice(c: Choice): void {
    const refilter = JSON.stringify(c.filters) !== JSON.stringify(this.view.filters);
    this.view = { ...this.view, ...c };
    if (refilter) {
      // The server counts the areas under the new filters.
      void this.loadOblasts();
      if (this.view.oblast) void this.loadHromadas(this.view.oblast);
    }
    this.recolour();
    this.applyFilters();
    this.panel.setChoice(c);
    this.panel.setPlace(this.currentPlace());
    this.refreshAreaList();
    this.refreshObjects();
    this.saveView();
  }

  /** loadOblasts asks for the oblasts' figures under the filters (dropping any answer still awaited), lists and draws them. */
  private async loadOblasts(): Promise<void> {
    this.oblastRequest?.abort();
    const ctrl = new AbortController();
    this.oblastRequest = ctrl;
    try {
      const data = await fetchOblasts(ctrl.signal, summaryParams(this.view.filters));
      if (ctrl.signal.aborted) return;
      this.oblasts = data;
      if (this.loaded) this.breaks.oblast = colourAreas(this.map, 'oblast', this.oblasts, this.view.measure);
      this.listOblasts();
    } catch (err) {
      if (ctrl.signal.aborted) return;
      this.showError(err);
    }
    this.oblastsAnswered();
  }

  /** listOblasts puts the oblasts in the panel: its choice of oblast, the figures, the table. */
  private listOblasts(): void {
    if (!this.oblasts) return;
    this.panel.setOblasts(this.oblasts.features.map((f) => f.properties));
    this.panel.setPlace(this.currentPlace());
    this.refreshAreaList();
    this.panel.setError(null);
    if (!performance.getEntriesByName(LISTED_MARK).length) performance.mark(LISTED_MARK);
  }

  private async loadHromadas(code: string): Promise<void> {
    this.hromadaRequest?.abort();
    const ctrl = new AbortController();
    this.hromadaRequest = ctrl;
    this.panel.setMessage('panel.loading');
    try {
      const data = await fetchHromadas(code, ctrl.signal, summaryParams(this.view.filters));
      if (ctrl.signal.aborted || this.view.oblast !== code) return;
      this.hromadas = data;
      if (this.loaded) {
        const any = data.features.length > 0;
        this.breaks.hromada = any ? colourAreas(this.map, 'hromada', data, this.view.measure) : null;
        showHromadas(this.map, any ? code : null);
        setSelectedOblast(this.map, code, any);
      }
      this.refreshAreaList();
      if (this.pendingHromada) {
        const wanted = this.pendingHromada;
        this.pendingHromada = null;
        if (data.features.some((f) => f.properties.code === wanted)) this.selectHromada(wanted, false);
      } else {
        this.panel.setPlace(this.currentPlace());
      }
      this.panel.setMessage(data.features.length ? 'panel.hromadaHint' : 'panel.noHromadas');
      this.panel.setError(null);
      this.refreshLegend();
    } catch (err) {
      if (ctrl.signal.aborted) return;
      this.panel.setMessage(null);
      this.showError(err);
    }
  }

  /** selectOblast is what a click on an oblast, the list in the panel and "back" all call. */
  private selectOblast(code: string | null, fly: boolean): void {
    const feature = code ? this.oblasts?.features.find((f) => f.properties.code === code) : undefined;
    if (code && !feature) code = null;
    this.view = { ...this.view, oblast: code, hromada: null };
    this.hromadas = null;
    this.breaks.hromada = null;
    this.hromadaRequest?.abort();
    this.popup?.remove();
    if (this.loaded) {
      this.selectedHighlight.set(null);
      showHromadas(this.map, null);
      setSelectedOblast(this.map, code);
    }
    this.panel.setSelected(code);
    this.back.update(code !== null);
    this.panel.setMessage(null);
    // Before the map has loaded the panel goes ahead; the map follows in onLoad.
    if (feature) {
      void this.loadHromadas(feature.properties.code);
      if (fly && this.loaded) this.map.fitBounds(feature.bbox, { padding: 30, duration: 800 });
    } else if (fly && this.loaded) {
      this.map.fitBounds(UKRAINE_BOUNDS, { padding: 16, duration: 800 });
    }
    this.panel.setPlace(this.currentPlace());
    this.refreshAreaList();
    this.refreshObjects();
    this.saveView();
  }

  /** selectHromada shows one hromada's figures; choosing it again goes back to the oblast's. */
  private selectHromada(code: string | null, fly: boolean): void {
    const hromada = code === this.view.hromada ? null : code;
    this.view = { ...this.view, hromada };
    if (this.loaded) this.selectedHighlight.set(hromada);
    const feature = this.hromadas?.features.find((f) => f.properties.code === hromada);
    if (fly && feature && this.loaded) this.map.fitBounds(feature.bbox, { padding: 40, duration: 800, maxZoom: 12 });
    this.panel.setPlace(this.currentPlace());
    this.refreshAreaList();
    this.refreshObjects();
    this.saveView();
  }

  /** followAddress applies the view named by the address (a pasted link, back and forward). */
  private followAddress(): void {
    if (!this.loaded || !this.oblasts || !this.visible) return;
    const next = readView(window.location, lang());
    const choiceChanged = JSON.stringify([next.measure, next.layer, next.filters]) !== JSON.stringify(this.choice());
    if (next.camera) this.map.jumpTo({ center: [next.camera.lon, next.camera.lat], zoom: next.camera.zoom });
    if (choiceChanged) this.applyChoice({ measure: next.measure, layer: next.layer, filters: next.filters });
    if (next.oblast !== this.view.oblast) {
      this.pendingHromada = next.hromada;
      this.selectOblast(next.oblast, next.camera === null);
    } else if (next.hromada !== this.view.hromada && (next.hromada || this.view.hromada)) {
      this.selectHromada(next.hromada ?? this.view.hromada, false);
    }
  }

  private onLoad(): void {
    const map = this.map;
    addAreaLayers(map);
    addCountImages(map);
    addSiteLayers(map, siteParams(this.view.filters), projectParams(this.view.filters));
    this.tiles = new TileLayers(map, siteParams(this.view.filters), projectParams(this.view.filters));
    this.applyFilters();
    addHover(map, (f) => this.describe(f));
    void addBasemap(map, this.sources);

    // One site tells whether the data set is a demo, even before any site is drawn.
    void fetchSites({ limit: 1 })
      .then((fc) => {
        this.demoSeen ||= fc.features.some((f) => f.properties.demo);
        this.panel.setDemo(this.demoSeen);
      })
      .catch(() => undefined);

    void this.firstOblasts.then(() => {
      this.loaded = true;
      if (this.oblasts) this.breaks.oblast = colourAreas(map, 'oblast', this.oblasts, this.view.measure);
      // Once the map has drawn the oblasts it is usable (make bench times this).
      map.once('idle', () => performance.mark('vidbudova:explore-ready'));
      // The place named by the address, or chosen in the panel meanwhile, is drawn and flown to now.
      if (this.view.oblast) {
        const { oblast, hromada } = this.view;
        this.pendingHromada = hromada ?? this.pendingHromada;
        this.view = { ...this.view, oblast: null };
        this.selectOblast(oblast, this.view.camera === null);
      } else {
        this.panel.setPlace(this.currentPlace());
        this.refreshObjects();
        this.saveView();
      }
    });
  }

  /** describe is the hover label of a feature, or null to look further down. */
  private describe(f: MapGeoJSONFeature): string | null {
    const p = f.properties;
    const id = f.layer.id;
    if (inList(SITE_LAYERS, id)) return siteTitle({ name: '', category: p.category });
    if (inList(PROJECT_LAYERS, id)) return t(`state.${String(p.state)}` as 'state.draft');
    if (id === 'site-cell') return t('map.cellSites', { n: Number(p.n) });
    if (id === 'project-group') return t('map.cellProjects', { n: Number(p.n) });
    if (id === AREA_FILL.oblast && p.code === this.view.oblast) return null;
    const feature = (id === AREA_FILL.oblast ? this.oblasts : this.hromadas)?.features.find((x) => x.properties.code === p.code);
    const value = feature ? measureValue(feature.properties, this.view.measure) : null;
    return `${pick(p.name_uk, p.name_en)} — ${t(`measure.${this.view.measure}` as 'measure.sites')}: ${formatMeasure(value, this.view.measure)}`;
  }

  private onClick(point: { x: number; y: number }, at: [number, number]): void {
    const layers = [...SITE_LAYERS, ...PROJECT_LAYERS, ...GROUP_LAYERS, 'hromada-fill', 'oblast-fill'].filter((l) => this.map.getLayer(l));
    const hits = this.map.queryRenderedFeatures([point.x, point.y], { layers });
    const site = hits.find((h) => inList(SITE_LAYERS, h.layer.id));
    if (site) return void this.openSitePopup(Number(site.id), at);
    const project = hits.find((h) => inList(PROJECT_LAYERS, h.layer.id));
    if (project) return void this.openProjectPopup(Number(project.id), at);
    const group = hits.find((h) => inList(GROUP_LAYERS, h.layer.id));
    if (group && group.geometry.type === 'Point') {
      const [lon, lat] = group.geometry.coordinates as [number, number];
      const target = group.layer.id === 'site-cell' ? Math.max(this.map.getZoom() + 2, 10) : PROJECT_POINTS_FROM;
      this.map.easeTo({ center: [lon, lat], zoom: Math.min(target, SITE_POINTS_FROM), duration: 600 });
      return;
    }
    const hromada = hits.find((h) => h.layer.id === 'hromada-fill');
    if (hromada) return this.selectHromada(String(hromada.properties.code), false);
    const oblast = hits.find((h) => h.layer.id === 'oblast-fill');
    const code = oblast ? String(oblast.properties.code) : null;
    if (code && code !== this.view.oblast) this.selectOblast(code, true);
  }

  private openPopupAt(where: [number, number], content: HTMLElement): void {
    this.popup?.remove();
    this.popup = new this.maplibre.Popup({ maxWidth: '320px', focusAfterOpen: true }).setLngLat(where).setDOMContent(content).addTo(this.map);
  }

  /** openSitePopup asks the server for the site (the tiles carry only what colours it) and shows it. */
  private async openSitePopup(id: number, at: [number, number]): Promise<void> {
    this.openPopupAt(at, loading());
    const popup = this.popup;
    try {
      const site = await fetchSite(id);
      if (popup !== this.popup || !popup?.isOpen()) return;
      const g = site.geometry;
      if (g.type === 'Point') popup.setLngLat([g.coordinates[0]!, g.coordinates[1]!]);
      popup.setDOMContent(this.sitePopup(site));
    } catch (err) {
      if (popup === this.popup) popup?.setDOMContent(failed(err));
    }
  }

  private async openProjectPopup(id: number, at: [number, number]): Promise<void> {
    this.openPopupAt(at, loading());
    const popup = this.popup;
    try {
      const project = await fetchProject(id);
      if (popup !== this.popup || !popup?.isOpen()) return;
      popup.setDOMContent(projectPopupContent(project));
    } catch (err) {
      if (popup === this.popup) popup?.setDOMContent(failed(err));
    }
  }

  /** flyToSite is what a site in the list beside the map does: show it there, with its popup. */
  private flyToSite(site: SiteFeature): void {
    if (!this.loaded) return; // the list of sites comes with the map
    const g = site.geometry;
    const at = (g.type === 'Point' ? g.coordinates : g.coordinates[0]![0]!) as [number, number];
    this.map.jumpTo({ center: at, zoom: Math.max(this.map.getZoom(), SITE_POINTS_FROM + 2) });
    this.openPopupAt(at, this.sitePopup(site));
  }

  /** sitePopup is a site's popup for whoever is signed in, with a moderator's buttons where they may decide. */
  private sitePopup(site: SiteFeature, notice?: string): HTMLElement {
    const user = currentUser();
    const moderation = mayModerate(user, site.properties)
      ? moderationControls(site, {
          onDecided: (updated, decision: Decision) =>
            this.showChangedSite(updated, t(decision === 'verified' ? 'moderation.saved.verified' : 'moderation.saved.rejected')),
          onStale: (current, why) => this.showChangedSite(current, `${why} ${t('moderation.changed')}`),
        })
      : undefined;
    return sitePopupContent(site.properties, user, { notice, moderation });
  }

  /** showChangedSite redraws a site the server has just answered with, on the map and in its open popup. */
  private showChangedSite(site: SiteFeature, notice: string): void {
    this.map.setFeatureState({ source: 'sites', sourceLayer: 'sites', id: Number(site.id) }, { verification: site.properties.verification });
    this.tiles?.reload();
    if (!this.popup?.isOpen()) return;
    const content = this.sitePopup(site, notice);
    this.popup.setDOMContent(content);
    content.querySelector<HTMLElement>('.site-popup__notice')?.focus();
  }

  private onMoveEnd(): void {
    if (!this.loaded || !this.oblasts) return;
    this.refreshObjects();
    this.saveView();
  }

  /** countDrawn tells the panel (and the tests) how many sites and projects are on screen. */
  private countDrawn(): void {
    const count = (layers: readonly string[]): number => {
      const ids = layers.filter((l) => this.map.getLayer(l) && this.map.getLayoutProperty(l, 'visibility') === 'visible');
      if (!ids.length) return 0;
      return new Set(this.map.queryRenderedFeatures({ layers: ids }).map((f) => f.id)).size;
    };
    this.drawn = { sites: count(SITE_LAYERS), projects: count(PROJECT_LAYERS), cells: count(GROUP_LAYERS) };
    const layer = this.tiles?.visible;
    if (!layer) this.panel.setSitesStatus({ key: 'panel.zoomForSites' });
    else if (layer === 'sites') {
      this.panel.setSitesStatus(this.drawn.sites ? { key: 'panel.sitesShown', n: this.drawn.sites } : { key: 'panel.cellsShown' });
    } else {
      this.panel.setSitesStatus(this.drawn.projects ? { key: 'panel.projectsShown', n: this.drawn.projects } : { key: 'panel.groupsShown' });
    }
  }
}

function loading(): HTMLElement {
  const p = document.createElement('p');
  p.className = 'site-popup__loading';
  p.textContent = t('panel.loading');
  return p;
}

function failed(err: unknown): HTMLElement {
  const p = document.createElement('p');
  p.className = 'site-popup__error';
  p.setAttribute('role', 'alert');
  p.textContent = err instanceof Error ? err.message : String(err);
  return p;
}
