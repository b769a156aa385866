// Individual sites, shown from zoom 9 or inside a chosen oblast, fetched for the visible box.
import type { GeoJSONSource, Map as MapLibreMap } from 'maplibre-gl';
import { fetchSites, type BBox, type SiteCollection } from '../api';
import { categoryColour } from './style';

export const SITE_LAYERS = ['site-circle', 'site-fill'] as const;
export const SITES_MIN_ZOOM = 9;
export const SITE_LIMIT = 2000;
const EMPTY: SiteCollection = { type: 'FeatureCollection', features: [], numberReturned: 0, timeStamp: '', links: [] };

export function addSiteLayers(map: MapLibreMap): void {
  map.addSource('sites', { type: 'geojson', data: EMPTY });
  map.addLayer({
    id: 'site-fill',
    type: 'fill',
    source: 'sites',
    filter: ['==', ['geometry-type'], 'Polygon'],
    paint: { 'fill-color': categoryColour(), 'fill-opacity': 0.6, 'fill-outline-color': '#222222' },
  });
  map.addLayer({
    id: 'site-circle',
    type: 'circle',
    source: 'sites',
    filter: ['==', ['geometry-type'], 'Point'],
    paint: {
      'circle-color': categoryColour(),
      'circle-radius': ['interpolate', ['linear'], ['zoom'], 6, 3, 10, 5, 15, 9],
      'circle-stroke-color': '#ffffff',
      'circle-stroke-width': 1.2,
    },
  });
}

export interface SiteLoad {
  data: SiteCollection;
  /** The server had more sites in the box than the limit. */
  truncated: boolean;
}

/**
 * SiteLoader refetches the sites of the visible box after the map stops
 * moving. Moves in quick succession are debounced, and a request still in
 * flight is aborted when a newer one starts, so answers never arrive out of order.
 */
export class SiteLoader {
  private timer: number | undefined;
  private inflight: AbortController | null = null;

  constructor(
    private readonly map: MapLibreMap,
    private readonly onLoad: (load: SiteLoad | null) => void,
    private readonly onError: (err: unknown) => void,
    private readonly delayMs = 250,
  ) {}

  /** schedule asks for a refresh; `oblast` narrows the query to one oblast when zoomed out. */
  schedule(enabled: boolean, oblast: string | null): void {
    window.clearTimeout(this.timer);
    if (!enabled) {
      this.cancel();
      this.show(null);
      return;
    }
    this.timer = window.setTimeout(() => void this.load(oblast), this.delayMs);
  }

  cancel(): void {
    this.inflight?.abort();
    this.inflight = null;
  }

  private async load(oblast: string | null): Promise<void> {
    this.cancel();
    const ctrl = new AbortController();
    this.inflight = ctrl;
    const b = this.map.getBounds();
    const bbox: BBox = [
      Math.max(-180, b.getWest()),
      Math.max(-85, b.getSouth()),
      Math.min(180, b.getEast()),
      Math.min(85, b.getNorth()),
    ];
    const zoomedOut = this.map.getZoom() < SITES_MIN_ZOOM;
    try {
      const data = await fetchSites(
        { bbox, limit: SITE_LIMIT, oblast: zoomedOut && oblast ? oblast : undefined },
        ctrl.signal,
      );
      if (ctrl.signal.aborted) return;
      const truncated = (data.links ?? []).some((l) => l.rel === 'next');
      this.show({ data, truncated });
    } catch (err) {
      if (ctrl.signal.aborted || (err instanceof DOMException && err.name === 'AbortError')) return;
      this.onError(err);
    } finally {
      if (this.inflight === ctrl) this.inflight = null;
    }
  }

  private show(load: SiteLoad | null): void {
    (this.map.getSource('sites') as GeoJSONSource | undefined)?.setData(load?.data ?? EMPTY);
    this.onLoad(load);
  }
}
