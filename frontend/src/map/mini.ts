// A small map for a page (a project's sites, the place of a report): the
// hromada outlines from the tiles as the base, the page's own hromadas
// shaded among them, the operator's raster base map if there is one, and
// the app's controls.
import { Map as MapLibreMap, NavigationControl } from 'maplibre-gl';
import { addBasemap } from './basemap';
import { SourceControl } from './controls';
import { tileURL } from './sites';
import { UKRAINE_BOUNDS, baseStyle } from './style';

export interface MiniMapOptions {
  bounds?: [number, number, number, number];
  label: string;
  maxZoom?: number;
  /** The KATOTTH codes of hromadas to shade: without a base map, they are what says where a lone point is. */
  hromadas?: string[];
}

export function miniMap(container: HTMLElement, opts: MiniMapOptions): MapLibreMap {
  container.setAttribute('role', 'region');
  container.setAttribute('aria-label', opts.label);
  const map = new MapLibreMap({
    container,
    style: baseStyle(),
    bounds: opts.bounds ?? UKRAINE_BOUNDS,
    fitBoundsOptions: { padding: 30, maxZoom: opts.maxZoom ?? 16 },
    attributionControl: false,
    dragRotate: false,
    pitchWithRotate: false,
    touchPitch: false,
    maxZoom: 18,
  });
  map.touchZoomRotate.disableRotation();
  map.addControl(new NavigationControl({ showCompass: false }), 'top-right');
  const sources = new SourceControl(false);
  map.addControl(sources, 'bottom-right');
  map.on('load', () => {
    map.addSource('hromada-outlines', {
      type: 'vector',
      tiles: [tileURL('hromadas')],
      minzoom: 5,
      maxzoom: 18,
    });
    const shaded = opts.hromadas ?? [];
    if (shaded.length) {
      map.addLayer({
        id: 'hromada-shade',
        type: 'fill',
        source: 'hromada-outlines',
        'source-layer': 'hromadas',
        filter: ['in', ['get', 'code'], ['literal', shaded]],
        paint: { 'fill-color': '#f3d9a4', 'fill-opacity': 0.6 },
      });
    }
    map.addLayer({
      id: 'hromada-outline',
      type: 'line',
      source: 'hromada-outlines',
      'source-layer': 'hromadas',
      paint: { 'line-color': '#6b5a4e', 'line-width': 1.2 },
    });
    void addBasemap(map, sources, shaded.length ? 'hromada-shade' : 'hromada-outline');
  });
  return map;
}

/** bboxOf is the box around some positions, grown a little so that one point is not a zero box. */
export function bboxOf(points: [number, number][]): [number, number, number, number] | undefined {
  if (!points.length) return undefined;
  let [w, s, e, n] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const [x, y] of points) {
    w = Math.min(w, x);
    s = Math.min(s, y);
    e = Math.max(e, x);
    n = Math.max(n, y);
  }
  const pad = 0.002;
  return [w - pad, s - pad, e + pad, n + pad];
}
