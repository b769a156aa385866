// Choropleth layers for oblasts and, inside a chosen oblast, its hromadas.
import type { ExpressionSpecification, Map as MapLibreMap } from 'maplibre-gl';
import type { AreaCollection, AreaProperties } from '../api';
import { measureBreaks, measureValue } from '../explore/measure';
import type { Measure } from '../state';
import { tileURL } from './sites';
import { NO_SITES, UKRAINE_BOUNDS, choroplethColour } from './style';

export type AreaLevel = 'oblast' | 'hromada';

export const AREA_FILL: Record<AreaLevel, string> = { oblast: 'oblast-fill', hromada: 'hromada-fill' };
/**
 * An area's colour is its feature state, set by colourAreas. A paint
 * expression over the features' properties would have to change with the
 * measure, and changing a data-driven paint property makes MapLibre lay out
 * every tile of the source again: half a second where WebGL is drawn in
 * software, against a tenth for the states.
 */
const AREA_COLOUR: ExpressionSpecification = ['coalesce', ['feature-state', 'colour'], NO_SITES];
const HIGHLIGHT_LAYER: Record<AreaLevel, string> = { oblast: 'oblast-hover', hromada: 'hromada-hover' };
/** Both levels' outlines are vector tiles; this is each one's layer in them. */
const SOURCE_LAYER = { oblast: 'oblasts', hromada: 'hromadas' } as const;
/** The layers that draw the chosen oblast's hromadas. */
const HROMADA_LAYERS = ['hromada-fill', 'hromada-line', HIGHLIGHT_LAYER.hromada];
/**
 * Of those, the ones shown exactly while an oblast is chosen (the highlight
 * has its own rule). Hidden, not merely filtered to nothing: a visible layer
 * makes the map fetch and decode its source's tiles, and all of Ukraine's
 * hromadas at zoom 5 are six tiles, 450 KB the worker would decode ahead of the
 * oblasts, before the first view is drawn.
 */
const CHOSEN_HROMADA_LAYERS = ['hromada-fill', 'hromada-line'];

/**
 * From this zoom every hromada's border is drawn, so that a map zoomed in
 * without choosing an oblast still shows where one hromada ends. The
 * chosen oblast's hromadas are drawn, coloured, by their own layers.
 */
const HROMADA_BORDERS_FROM = 8;
/** The hromada tiles start at this zoom (smaller, a hromada is a few pixels). */
const HROMADAS_FROM = 5;

/** inOblast matches the hromadas of an oblast: a hromada's code starts with its oblast's first four characters (UA63…); Kyiv's is its oblast's. */
function inOblast(code: string | null): ExpressionSpecification {
  return ['==', ['slice', ['get', 'code'], 0, 4], code ? code.slice(0, 4) : 'none'];
}

/**
 * addAreaLayers adds both levels: the oblasts, and no hromadas until
 * showHromadas names an oblast. Oblasts stay drawn when one is chosen: the
 * others dim and the chosen one turns transparent so its hromadas show
 * through.
 *
 * The outlines are vector tiles, the same for every filter (the colours are
 * feature states, see colourAreas). All of Ukraine is six small tiles the
 * worker only decodes, where as GeoJSON it first cut every oblast's outline
 * into tiles itself (0.6 s where WebGL is drawn in software), after the
 * page had handed it the whole collection; and each zoom's tiles carry the
 * detail that zoom shows, where GeoJSON was asked for again, in full, past
 * zoom 9. Past zoom 12 the map scales zoom 12's tiles up: a border needs no
 * more.
 *
 * Where WebGL is drawn in software every layer drawn costs, most of all in
 * the first frame (each kind of layer compiles its shaders): the fills draw
 * no outline of their own (the line layers above draw the borders), and the
 * highlight lines are drawn only while something is highlighted.
 */
export function addAreaLayers(map: MapLibreMap): void {
  for (const level of ['oblast', 'hromada'] as const) {
    const layer = SOURCE_LAYER[level];
    map.addSource(level, {
      type: 'vector',
      tiles: [tileURL(layer)],
      promoteId: { [layer]: 'code' },
      bounds: UKRAINE_BOUNDS,
      minzoom: level === 'hromada' ? HROMADAS_FROM : 0,
      maxzoom: 12,
    });
  }
  const hromadas = { source: 'hromada', 'source-layer': SOURCE_LAYER.hromada, filter: inOblast(null) } as const;
  map.addLayer({
    id: 'oblast-fill',
    type: 'fill',
    source: 'oblast',
    'source-layer': 'oblasts',
    paint: { 'fill-color': AREA_COLOUR, 'fill-opacity': fadeWithZoom(0.85, 0.3), 'fill-antialias': false },
  });
  map.addLayer({
    id: 'hromada-borders',
    type: 'line',
    source: 'hromada',
    'source-layer': SOURCE_LAYER.hromada,
    minzoom: HROMADA_BORDERS_FROM,
    paint: { 'line-color': '#6b5a4e', 'line-opacity': 0.6, 'line-width': ['interpolate', ['linear'], ['zoom'], 8, 0.5, 12, 1.2] },
  });
  map.addLayer({
    id: 'hromada-fill',
    type: 'fill',
    ...hromadas,
    layout: { visibility: 'none' },
    paint: { 'fill-color': AREA_COLOUR, 'fill-opacity': fadeWithZoom(0.8, 0.25), 'fill-antialias': false },
  });
  map.addLayer({
    id: 'hromada-line',
    type: 'line',
    ...hromadas,
    layout: { visibility: 'none' },
    paint: { 'line-color': '#6b5a4e', 'line-width': ['interpolate', ['linear'], ['zoom'], 6, 0.4, 10, 1.2] },
  });
  map.addLayer({
    id: 'oblast-line',
    type: 'line',
    source: 'oblast',
    'source-layer': 'oblasts',
    paint: { 'line-color': '#4a3b33', 'line-width': ['interpolate', ['linear'], ['zoom'], 4, 0.8, 9, 2] },
  });
  map.addLayer({
    id: HIGHLIGHT_LAYER.oblast,
    type: 'line',
    source: 'oblast',
    'source-layer': 'oblasts',
    layout: { visibility: 'none' },
    paint: {
      'line-color': '#111111',
      'line-width': 3,
      'line-opacity': ['case', ['boolean', ['feature-state', 'hover'], false], 1, 0],
    },
  });
  map.addLayer({
    id: HIGHLIGHT_LAYER.hromada,
    type: 'line',
    ...hromadas,
    layout: { visibility: 'none' },
    paint: {
      'line-color': '#111111',
      'line-width': ['case', ['boolean', ['feature-state', 'selected'], false], 3.5, 2.5],
      'line-opacity': [
        'case',
        ['any', ['boolean', ['feature-state', 'hover'], false], ['boolean', ['feature-state', 'selected'], false]],
        1,
        0,
      ],
    },
  });
}

/**
 * showHromadas draws an oblast's hromadas (none for null), and the plain
 * borders of every other's. Called once their figures are in and coloured,
 * so that they never show uncoloured.
 */
export function showHromadas(map: MapLibreMap, oblast: string | null): void {
  for (const id of HROMADA_LAYERS) map.setFilter(id, inOblast(oblast));
  for (const id of CHOSEN_HROMADA_LAYERS) map.setLayoutProperty(id, 'visibility', oblast ? 'visible' : 'none');
  map.setFilter('hromada-borders', oblast ? ['!', inOblast(oblast)] : null);
}

function fadeWithZoom(low: number, high: number): ExpressionSpecification {
  // Sites take over from zoom 9; the areas fade so the points read.
  return ['interpolate', ['linear'], ['zoom'], 8, low, 11, high];
}

/**
 * colourAreas colours a level's features by a measure, from the figures
 * given (the oblasts', or one oblast's hromadas'); the outlines are the
 * tiles'. It returns the class breaks.
 */
export function colourAreas<P extends AreaProperties>(
  map: MapLibreMap,
  level: AreaLevel,
  data: AreaCollection<P>,
  measure: Measure,
): number[] {
  const values = data.features.map((x) => measureValue(x.properties, measure));
  const breaks = measureBreaks(values, measure);
  data.features.forEach((x, i) => {
    map.setFeatureState({ source: level, sourceLayer: SOURCE_LAYER[level], id: x.properties.code }, { colour: choroplethColour(values[i] ?? null, breaks) });
  });
  return breaks;
}

/**
 * setSelectedOblast dims the oblasts around the chosen one, which turns
 * clear where its hromadas are drawn: from HROMADAS_FROM, and not at all
 * for `hasHromadas` false (Crimea: no hromada boundaries).
 */
export function setSelectedOblast(map: MapLibreMap, code: string | null, hasHromadas = true): void {
  const chosen = (own: number, v: number): ExpressionSpecification => ['case', ['==', ['get', 'code'], code ?? ''], own, v];
  const clear = hasHromadas ? 0 : 0.85;
  map.setPaintProperty(
    'oblast-fill',
    'fill-opacity',
    code
      ? ['interpolate', ['linear'], ['zoom'], HROMADAS_FROM - 0.01, chosen(0.85, 0.35), HROMADAS_FROM, chosen(clear, 0.35), 8, chosen(clear, 0.35), 11, chosen(clear, 0.15)]
      : fadeWithZoom(0.85, 0.3),
  );
}

/** How many highlights (hover, selected) each map has on at each level: its line layer is drawn while any is. */
const highlightsOn = new WeakMap<MapLibreMap, Record<AreaLevel, number>>();

/** Tracks which feature of a level is hovered or selected (feature-state), one at a time. */
export class AreaHighlight {
  private current: string | null = null;

  constructor(
    private readonly map: MapLibreMap,
    private readonly source: AreaLevel,
    private readonly key: 'hover' | 'selected',
  ) {}

  set(code: string | null): void {
    if (code === this.current) return;
    if (this.current !== null && this.map.getSource(this.source)) {
      this.map.setFeatureState({ source: this.source, sourceLayer: SOURCE_LAYER[this.source], id: this.current }, { [this.key]: false });
    }
    const on = highlightsOn.get(this.map) ?? { oblast: 0, hromada: 0 };
    on[this.source] += (code !== null ? 1 : 0) - (this.current !== null ? 1 : 0);
    highlightsOn.set(this.map, on);
    if (this.map.getLayer(HIGHLIGHT_LAYER[this.source])) {
      this.map.setLayoutProperty(HIGHLIGHT_LAYER[this.source], 'visibility', on[this.source] > 0 ? 'visible' : 'none');
    }
    this.current = code;
    if (code !== null) this.map.setFeatureState({ source: this.source, sourceLayer: SOURCE_LAYER[this.source], id: code }, { [this.key]: true });
  }
}
