// Numbers drawn on the map (the count of a cell of sites) without a glyph
// server: each distinct label is drawn once on a canvas and added to the
// map as an image when a symbol layer first asks for it.
import type { ExpressionSpecification, Map as MapLibreMap } from 'maplibre-gl';
import { locale, t } from '../i18n';

const PREFIX = 'count:';

/** addCountImages makes the map draw any "count:TEXT" image it lacks. */
export function addCountImages(map: MapLibreMap): void {
  map.on('styleimagemissing', ({ id }: { id: string }) => {
    if (!id.startsWith(PREFIX) || map.hasImage(id)) return;
    const text = id.slice(PREFIX.length);
    const ratio = Math.min(2, Math.ceil(window.devicePixelRatio || 1));
    const canvas = document.createElement('canvas');
    const ctx = canvas.getContext('2d');
    if (!ctx) return;
    const font = `600 ${12 * ratio}px system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif`;
    ctx.font = font;
    const w = Math.ceil(ctx.measureText(text).width + 6 * ratio);
    const hgt = 16 * ratio;
    canvas.width = w;
    canvas.height = hgt;
    ctx.font = font;
    ctx.textAlign = 'center';
    ctx.textBaseline = 'middle';
    // A dark halo keeps white figures readable on every colour of the ramp.
    ctx.lineWidth = 3 * ratio;
    ctx.strokeStyle = 'rgba(20, 20, 20, 0.85)';
    ctx.strokeText(text, w / 2, hgt / 2);
    ctx.fillStyle = '#ffffff';
    ctx.fillText(text, w / 2, hgt / 2);
    const data = ctx.getImageData(0, 0, w, hgt);
    map.addImage(id, { width: w, height: hgt, data: new Uint8Array(data.data.buffer) }, { pixelRatio: ratio });
  });
}

/** countImage is the icon-image expression of a count: 7, 1 234, or 12 тис. from 10,000 on. */
export function countImage(prop = 'n'): ExpressionSpecification {
  const n: ExpressionSpecification = ['get', prop];
  return [
    'concat',
    PREFIX,
    [
      'case',
      ['<', n, 10000],
      ['number-format', n, { locale: locale() }],
      ['concat', ['number-format', ['round', ['/', n, 1000]], { locale: locale() }], t('map.thousands')],
    ],
  ] as ExpressionSpecification;
}
