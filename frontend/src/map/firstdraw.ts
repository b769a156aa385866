// A new map's first frames, before its first tiles are in, drawn small.
import type { MapSourceDataEvent, Map as MapLibreMap } from 'maplibre-gl';
import { MAP_BACKGROUND } from './style';

/** Until the tiles arrive the canvas is a tenth of the box each way. */
const DRAFT_PIXEL_RATIO = 0.1;

/**
 * draftUntilLoaded, called right after the map is made (before its first
 * frame), keeps it small and hidden until `source` has all the tiles of its first view, then
 * draws it at the screen's own ratio.
 *
 * Why: until then the map draws nothing but its background, yet draws it
 * several times over (the style loading, each source added, each layer
 * changed, each tile arriving). Where WebGL is drawn in software, as on a
 * machine without a GPU, each full-size frame costs some 80 ms at 1280×800
 * and more on a phone's screen of three pixels to the point, on the same
 * cores the map's worker needs to decode those tiles. A tenth of the size
 * is a frame of a few milliseconds. Hidden, the box shows its own
 * background, the map's colour; and no half-drawn first view is shown
 * either, a tile or two blurred small: the map appears whole.
 *
 * If the tiles fail, or the map settles without them once the source is
 * there, it is sharpened all the same. (A map settles once before: its
 * style, with no source yet, is drawn at once.)
 */
export function draftUntilLoaded(map: MapLibreMap, source: string): void {
  const canvas = map.getCanvas();
  map.setPixelRatio(DRAFT_PIXEL_RATIO);
  canvas.style.visibility = 'hidden';
  map.getContainer().style.backgroundColor = MAP_BACKGROUND;
  const onData = (e: MapSourceDataEvent): void => {
    // A tile's arrival, not the source's own metadata, which comes before any tile is asked for.
    if (e.sourceId === source && e.tile && map.isSourceLoaded(source)) sharpen();
  };
  const onIdle = (): void => {
    if (map.getSource(source)) sharpen();
  };
  const sharpen = (): void => {
    map.off('sourcedata', onData);
    map.off('idle', onIdle);
    map.off('error', sharpen);
    // Unset, the ratio follows the screen's again (it changes when a window moves to another screen).
    map.setPixelRatio(undefined as unknown as number);
    canvas.style.visibility = '';
  };
  map.on('sourcedata', onData);
  map.on('idle', onIdle);
  map.on('error', sharpen);
}
