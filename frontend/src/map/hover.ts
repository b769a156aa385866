// A small label that follows the pointer over areas and sites. Map labels
// would need a glyph server; this needs none, and it is plain text.
import type { Map as MapLibreMap, MapGeoJSONFeature, MapMouseEvent } from 'maplibre-gl';
import { AreaHighlight } from './areas';
import { GROUP_LAYERS, PROJECT_LAYERS, SITE_LAYERS } from './sites';

export type HoverText = (f: MapGeoJSONFeature) => string | null;

export function addHover(map: MapLibreMap, describe: HoverText): void {
  const tip = document.createElement('div');
  tip.className = 'vb-tooltip';
  tip.hidden = true;
  map.getContainer().append(tip);
  const highlight = { oblast: new AreaHighlight(map, 'oblast', 'hover'), hromada: new AreaHighlight(map, 'hromada', 'hover') };
  const layers = [...SITE_LAYERS, ...PROJECT_LAYERS, ...GROUP_LAYERS, 'hromada-fill', 'oblast-fill'];

  const clear = (): void => {
    tip.hidden = true;
    highlight.oblast.set(null);
    highlight.hromada.set(null);
    map.getCanvas().style.cursor = '';
  };

  map.on('mousemove', (e: MapMouseEvent) => {
    const hits = map.queryRenderedFeatures(e.point, { layers });
    for (const f of hits) {
      const label = describe(f);
      if (label === null) continue;
      const id = f.layer.id;
      highlight.oblast.set(id === 'oblast-fill' ? String(f.properties.code) : null);
      highlight.hromada.set(id === 'hromada-fill' ? String(f.properties.code) : null);
      tip.textContent = label;
      tip.hidden = false;
      tip.style.transform = `translate(${e.point.x + 12}px, ${e.point.y + 12}px)`;
      map.getCanvas().style.cursor = 'pointer';
      return;
    }
    clear();
  });
  map.getCanvas().addEventListener('mouseleave', clear);
  map.on('movestart', () => (tip.hidden = true));
}
