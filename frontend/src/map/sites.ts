// Individual sites, shown from zoom 9 or inside a chosen oblast, fetched for the visible box.
import type { GeoJSONSource, Map as MapLibreMap } from 'maplibre-gl';
import { fetchSites, type BBox, type SiteCollection, type SiteFeature } from '../api';
import { REJECTED_GREY, byVerification, categoryColour } from './style';

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
    paint: {
      'fill-color': byVerification(categoryColour(), categoryColour(), REJECTED_GREY),
      'fill-opacity': byVerification(0.2, 0.6, 0.35),
      'fill-outline-color': byVerification(categoryColour(), '#222222', '#6b6b67'),
    },
  });
  map.addLayer({
    id: 'site-circle',
    type: 'circle',
    source: 'sites',
    filter: ['==', ['geometry-type'], 'Point'],
    // Unverified reports are rings in the category's colour, verified sites
    // filled dots, rejected ones faded grey: told apart by shape, not only colour.
    paint: {
      'circle-color': byVerification('#ffffff', categoryColour(), REJECTED_GREY),
      'circle-opacity': byVerification(0.9, 1, 0.6),
      // Rejected sites are also smaller: they are set aside, not gone.
      'circle-radius': [
        'interpolate', ['linear'], ['zoom'],
        6, byVerification(3, 3, 2),
        10, byVerification(5, 5, 3.5),
        15, byVerification(9, 9, 6),
      ],
      'circle-stroke-color': byVerification(categoryColour(), '#ffffff', '#ffffff'),
      'circle-stroke-width': byVerification(2.5, 1.2, 1),
      'circle-stroke-opacity': byVerification(1, 1, 0.6),
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
  private current: SiteCollection | null = null;

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

  /** replace draws a changed site (after a moderator's decision, say) without fetching the box again. */
  replace(site: SiteFeature): void {
    const data = this.current;
    if (!data) return;
    const features = data.features.map((f) => (f.id === site.id ? site : f));
    this.current = { ...data, features };
    (this.map.getSource('sites') as GeoJSONSource | undefined)?.setData(this.current);
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
    this.current = load?.data ?? null;
    (this.map.getSource('sites') as GeoJSONSource | undefined)?.setData(load?.data ?? EMPTY);
    this.onLoad(load);
  }
}
