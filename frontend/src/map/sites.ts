// Sites and projects from the server's vector tiles. Zoomed out, a sites
// tile holds cells with a count (drawn as circles sized by it, with the
// number on top) and a projects tile one point per hromada with its count;
// zoomed in, each site and project is a point (a site may be a footprint).
// The filters are the tiles' query parameters: a change of filter is a
// change of tile address.
import type { ExpressionSpecification, FilterSpecification, Map as MapLibreMap, VectorTileSource } from 'maplibre-gl';
import type { MapLayer } from '../state';
import { countImage } from './labels';
import { REJECTED_GREY, byVerification, categoryColour, stateColour } from './style';

/** Layers a click opens a site's popup from. */
export const SITE_LAYERS = ['site-circle', 'site-fill'] as const;
export const PROJECT_LAYERS = ['project-circle'] as const;
/** Layers of counts: a click on one zooms in. */
export const GROUP_LAYERS = ['site-cell', 'project-group'] as const;
/** Below this zoom, and with no oblast chosen, the areas alone are drawn. */
export const SITES_MIN_ZOOM = 8;
/** From this zoom the sites tiles hold sites, not cells (the server's tile.SitePointsFrom). */
export const SITE_POINTS_FROM = 13;
/** From this zoom the projects tiles hold projects, not hromadas (tile.ProjectPointsFrom). */
export const PROJECT_POINTS_FROM = 11;

const SITE_LAYER_IDS = ['site-cell', 'site-cell-count', 'site-fill', 'site-circle'];
const PROJECT_LAYER_IDS = ['project-group', 'project-group-count', 'project-circle'];

const isGroup: ExpressionSpecification = ['has', 'n'];
const notGroup: ExpressionSpecification = ['!', ['has', 'n']];

function groupRadius(): ExpressionSpecification {
  // Area grows with the count: the radius with its square root.
  return ['interpolate', ['linear'], ['sqrt', ['get', 'n']], 1, 9, 10, 15, 40, 26, 200, 40];
}

/** tileURL is the address template of a layer's vector tiles, with the filters given. */
export function tileURL(layer: MapLayer | 'oblasts' | 'hromadas', params = new URLSearchParams()): string {
  const q = params.toString();
  return `${window.location.origin}/tiles/${layer}/{z}/{x}/{y}.mvt${q ? `?${q}` : ''}`;
}

/** addSiteLayers adds both tile sources and their layers, hidden until asked for. */
export function addSiteLayers(map: MapLibreMap, sites: URLSearchParams, projects: URLSearchParams): void {
  map.addSource('sites', { type: 'vector', tiles: [tileURL('sites', sites)], minzoom: 0, maxzoom: 18 });
  map.addSource('projects', { type: 'vector', tiles: [tileURL('projects', projects)], minzoom: 0, maxzoom: 18 });
  const hidden = { visibility: 'none' as const };

  map.addLayer({
    id: 'site-cell',
    type: 'circle',
    source: 'sites',
    'source-layer': 'sites',
    filter: isGroup,
    layout: hidden,
    paint: {
      'circle-color': categoryColour(),
      'circle-opacity': 0.8,
      'circle-radius': groupRadius(),
      'circle-stroke-color': '#ffffff',
      'circle-stroke-width': 1.5,
    },
  });
  map.addLayer({
    id: 'site-cell-count',
    type: 'symbol',
    source: 'sites',
    'source-layer': 'sites',
    filter: isGroup,
    layout: { ...hidden, 'icon-image': countImage(), 'icon-allow-overlap': true, 'icon-ignore-placement': true },
  });
  map.addLayer({
    id: 'site-fill',
    type: 'fill',
    source: 'sites',
    'source-layer': 'sites',
    filter: ['all', notGroup, ['==', ['geometry-type'], 'Polygon']],
    layout: hidden,
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
    'source-layer': 'sites',
    filter: ['all', notGroup, ['==', ['geometry-type'], 'Point']],
    layout: hidden,
    // Unverified reports are rings in the category's colour, verified sites
    // filled dots, rejected ones faded grey: told apart by shape, not only colour.
    paint: {
      'circle-color': byVerification('#ffffff', categoryColour(), REJECTED_GREY),
      'circle-opacity': byVerification(0.9, 1, 0.6),
      // Rejected sites are also smaller: they are set aside, not gone.
      'circle-radius': [
        'interpolate', ['linear'], ['zoom'],
        10, byVerification(5, 5, 3.5),
        15, byVerification(9, 9, 6),
      ],
      'circle-stroke-color': byVerification(categoryColour(), '#ffffff', '#ffffff'),
      'circle-stroke-width': byVerification(2.5, 1.2, 1),
      'circle-stroke-opacity': byVerification(1, 1, 0.6),
    },
  });

  map.addLayer({
    id: 'project-group',
    type: 'circle',
    source: 'projects',
    'source-layer': 'projects',
    filter: isGroup,
    layout: hidden,
    paint: {
      'circle-color': '#2b4c7e',
      'circle-opacity': 0.85,
      'circle-radius': groupRadius(),
      'circle-stroke-color': '#ffffff',
      'circle-stroke-width': 1.5,
    },
  });
  map.addLayer({
    id: 'project-group-count',
    type: 'symbol',
    source: 'projects',
    'source-layer': 'projects',
    filter: isGroup,
    layout: { ...hidden, 'icon-image': countImage(), 'icon-allow-overlap': true, 'icon-ignore-placement': true },
  });
  map.addLayer({
    id: 'project-circle',
    type: 'circle',
    source: 'projects',
    'source-layer': 'projects',
    filter: notGroup,
    layout: hidden,
    paint: {
      'circle-color': stateColour(),
      'circle-radius': ['interpolate', ['linear'], ['zoom'], 11, 6, 16, 10],
      'circle-stroke-color': '#1d1d1b',
      'circle-stroke-width': 2,
    },
  });
}

/**
 * TileLayers says which of the two is drawn and with which filters, and
 * fetches the tiles again after a change of the data (a report, a decision).
 */
export class TileLayers {
  private urls: Record<MapLayer, string>;
  private shown: MapLayer | null = null;

  constructor(
    private readonly map: MapLibreMap,
    sites: URLSearchParams,
    projects: URLSearchParams,
  ) {
    this.urls = { sites: tileURL('sites', sites), projects: tileURL('projects', projects) };
  }

  /** show draws one layer, or none. */
  show(layer: MapLayer | null): void {
    if (layer === this.shown) return;
    this.shown = layer;
    for (const id of SITE_LAYER_IDS) this.map.setLayoutProperty(id, 'visibility', layer === 'sites' ? 'visible' : 'none');
    for (const id of PROJECT_LAYER_IDS) this.map.setLayoutProperty(id, 'visibility', layer === 'projects' ? 'visible' : 'none');
  }

  get visible(): MapLayer | null {
    return this.shown;
  }

  /** setFilters points a layer at the tiles of these filters; minGap (kopiykas) narrows project points. */
  setFilters(layer: MapLayer, params: URLSearchParams, minGapMinor: number | null = null): void {
    const tileParams = new URLSearchParams(params);
    tileParams.delete('min_gap_uah'); // the tiles do not take it; project points carry their gap
    const url = tileURL(layer, tileParams);
    if (url !== this.urls[layer]) {
      this.urls[layer] = url;
      (this.map.getSource(layer) as VectorTileSource | undefined)?.setTiles([url]);
    }
    if (layer === 'projects') {
      const gap: FilterSpecification = minGapMinor ? ['all', notGroup, ['>=', ['get', 'gap_uah'], minGapMinor]] : notGroup;
      this.map.setFilter('project-circle', gap);
    }
  }

  /** reload asks the server again for every tile on screen (its answer changes with the data's version). */
  reload(): void {
    for (const layer of ['sites', 'projects'] as const) {
      (this.map.getSource(layer) as VectorTileSource | undefined)?.setTiles([this.urls[layer]]);
    }
  }

  /** relabel redraws the counts in the page's language. */
  relabel(): void {
    this.map.setLayoutProperty('site-cell-count', 'icon-image', countImage());
    this.map.setLayoutProperty('project-group-count', 'icon-image', countImage());
  }
}
