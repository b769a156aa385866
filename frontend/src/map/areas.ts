// Choropleth layers for oblasts and, inside a chosen oblast, its hromadas.
import type { ExpressionSpecification, GeoJSONSource, Map as MapLibreMap } from 'maplibre-gl';
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
/** The oblasts' outlines come from the vector tiles (this layer of them); a chosen oblast's hromadas as GeoJSON. */
const SOURCE_LAYER: Record<AreaLevel, string | undefined> = { oblast: 'oblasts', hromada: undefined };
const EMPTY: AreaCollection<AreaProperties> = { type: 'FeatureCollection', features: [] };

/**
 * How far, in pixels of the zoom drawn, a hromada's outline may be simplified.
 * MapLibre simplifies the tiles of each zoom apart, so the detail comes back
 * as the map zooms in. Its own 0.375 px keeps points nobody can see at the
 * whole of Ukraine, and every point costs: to cut into tiles in the worker
 * and to draw. With 1 px the first draw of the oblasts and the click to an
 * oblast's hromadas were each about 0.1 s sooner where WebGL is drawn in
 * software (interleaved runs on the bench data).
 */
const AREA_TOLERANCE = 1;

/**
 * From this zoom every hromada's border is drawn, from the vector tiles, so
 * that a map zoomed in without choosing an oblast still shows where one
 * hromada ends. The chosen oblast's hromadas are drawn by their own layers.
 */
const HROMADA_BORDERS_FROM = 8;

/** Whether the hromada source holds any features, as setHromadas last left it. */
const shown = new WeakMap<GeoJSONSource, boolean>();

/**
 * addAreaLayers adds both levels: the oblasts, and no hromadas until one is
 * chosen. Oblasts stay drawn when one is chosen: the others dim and the
 * chosen one turns transparent so its hromadas show through.
 *
 * The oblasts' outlines are vector tiles, the same for every filter (the
 * colours are feature states, see colourAreas): all of Ukraine is six small
 * tiles the worker only decodes, where as GeoJSON it first cut every
 * oblast's outline into tiles itself (0.6 s where WebGL is drawn in
 * software), after the page had handed it the whole collection.
 *
 * Where WebGL is drawn in software every layer drawn costs, most of all in
 * the first frame (each kind of layer compiles its shaders): the fills draw
 * no outline of their own (the line layers above draw the borders), and the
 * highlight lines are drawn only while something is highlighted.
 */
export function addAreaLayers(map: MapLibreMap): void {
  // Past zoom 12 the map scales zoom 12's tiles up: an oblast's border needs no more.
  map.addSource('oblast', { type: 'vector', tiles: [tileURL('oblasts')], promoteId: { oblasts: 'code' }, bounds: UKRAINE_BOUNDS, maxzoom: 12 });
  map.addSource('hromada', { type: 'geojson', data: EMPTY, promoteId: 'code', tolerance: AREA_TOLERANCE });
  map.addLayer({
    id: 'oblast-fill',
    type: 'fill',
    source: 'oblast',
    'source-layer': 'oblasts',
    paint: { 'fill-color': AREA_COLOUR, 'fill-opacity': fadeWithZoom(0.85, 0.3), 'fill-antialias': false },
  });
  // Tiles past zoom 12 would add requests, not detail a border needs: the map scales zoom 12's up.
  map.addSource('hromada-borders', { type: 'vector', tiles: [tileURL('hromadas')], minzoom: HROMADA_BORDERS_FROM, maxzoom: 12 });
  map.addLayer({
    id: 'hromada-borders',
    type: 'line',
    source: 'hromada-borders',
    'source-layer': 'hromadas',
    minzoom: HROMADA_BORDERS_FROM,
    paint: { 'line-color': '#6b5a4e', 'line-opacity': 0.6, 'line-width': ['interpolate', ['linear'], ['zoom'], 8, 0.5, 12, 1.2] },
  });
  map.addLayer({
    id: 'hromada-fill',
    type: 'fill',
    source: 'hromada',
    paint: { 'fill-color': AREA_COLOUR, 'fill-opacity': fadeWithZoom(0.8, 0.25), 'fill-antialias': false },
  });
  map.addLayer({
    id: 'hromada-line',
    type: 'line',
    source: 'hromada',
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
    source: 'hromada',
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

function fadeWithZoom(low: number, high: number): ExpressionSpecification {
  // Sites take over from zoom 9; the areas fade so the points read.
  return ['interpolate', ['linear'], ['zoom'], 8, low, 11, high];
}

/**
 * setHromadas replaces the hromadas drawn and colours them by the measure;
 * it returns the class breaks for the legend.
 */
export function setHromadas<P extends AreaProperties>(map: MapLibreMap, data: AreaCollection<P> | null, measure: Measure = 'sites'): number[] {
  const fc = data ?? EMPTY;
  const source = map.getSource('hromada') as GeoJSONSource;
  // Emptying an empty source would only queue the next data behind it: MapLibre
  // sends a GeoJSON source's data to its worker one load at a time.
  if (fc.features.length || shown.get(source)) source.setData(fc);
  shown.set(source, fc.features.length > 0);
  return colourAreas(map, 'hromada', fc, measure);
}

/**
 * colourAreas colours a level's features by a measure, from the figures
 * given (the oblasts', or the hromadas setHromadas drew), without sending
 * any outline to the map; it returns the class breaks.
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
 * setSelectedOblast dims the oblasts around the chosen one. `hasHromadas`
 * false (Crimea: no hromada boundaries) keeps the chosen oblast filled.
 */
export function setSelectedOblast(map: MapLibreMap, code: string | null, hasHromadas = true): void {
  // A hromada's code starts with its oblast's first four characters (UA63…); Kyiv's is its oblast's.
  map.setFilter('hromada-borders', code && hasHromadas ? ['!=', ['slice', ['get', 'code'], 0, 4], code.slice(0, 4)] : null);
  const dimmed = (v: number): ExpressionSpecification => ['case', ['==', ['get', 'code'], code ?? ''], hasHromadas ? 0 : 0.85, v];
  map.setPaintProperty(
    'oblast-fill',
    'fill-opacity',
    code ? ['interpolate', ['linear'], ['zoom'], 8, dimmed(0.35), 11, dimmed(0.15)] : fadeWithZoom(0.85, 0.3),
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
