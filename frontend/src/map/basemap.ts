// The optional raster base map, set by the server operator (BASEMAP_URL).
// Without one the boundaries are the base map and no outside server is asked.
import type { Map as MapLibreMap } from 'maplibre-gl';
import { fetchConfig } from '../api';
import { AREA_FILL } from './areas';
import type { SourceControl } from './controls';

export async function addBasemap(map: MapLibreMap, sources: SourceControl, under: string = AREA_FILL.oblast): Promise<void> {
  let cfg;
  try {
    cfg = await fetchConfig();
  } catch {
    return; // No config means no base map: the boundaries are enough.
  }
  if (!cfg.basemap_url) return;
  map.addSource('basemap', { type: 'raster', tiles: [cfg.basemap_url], tileSize: 256, maxzoom: 19 });
  // Under every area layer, so the choropleth stays on top.
  map.addLayer({ id: 'basemap', type: 'raster', source: 'basemap' }, under);
  sources.setBasemapAttribution(cfg.attribution);
}
