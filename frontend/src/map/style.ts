// Colours and the empty base style: the boundaries are the base map, so no tile server is needed.
import type { ExpressionSpecification, StyleSpecification } from 'maplibre-gl';
import type { Category, ProjectState } from '../api';

export const UKRAINE_BOUNDS: [number, number, number, number] = [22.1, 44.3, 40.3, 52.4];

/** Sequential ramp, light to dark (ColorBrewer OrRd): more sites, darker. */
export const RAMP = ['#fee8c8', '#fdd49e', '#fdbb84', '#fc8d59', '#e34a33', '#b30000'] as const;
/** Areas with no recorded site are set apart from the ramp. */
export const NO_SITES = '#f2f2ee';

export const CATEGORY_COLOURS: Record<Category, string> = {
  housing: '#1f77b4',
  education: '#ff7f0e',
  health: '#d62728',
  energy: '#9467bd',
  water: '#17becf',
  transport: '#8c564b',
  administrative: '#e377c2',
  culture: '#2ca02c',
  other: '#7f7f7f',
};

/** Project states: need in warm colours, money in blue, work in purple, done in green, stopped in greys. */
export const STATE_COLOURS: Record<ProjectState, string> = {
  draft: '#8d8d88',
  seeking_funding: '#d94801',
  funded: '#2171b5',
  in_progress: '#6a51a3',
  completed: '#238b45',
  suspended: '#8c6d31',
  cancelled: '#bdbdb8',
};

/** The map's own colour, where no area is drawn (also its box's while it starts, see draftUntilLoaded). */
export const MAP_BACKGROUND = '#dfe7ec';

export function baseStyle(): StyleSpecification {
  return {
    version: 8,
    // Recolouring snaps: a fading transition redraws the whole map for 300 ms, slow where WebGL is drawn in software.
    transition: { duration: 0, delay: 0 },
    sources: {},
    layers: [{ id: 'background', type: 'background', paint: { 'background-color': MAP_BACKGROUND } }],
  };
}

/**
 * classBreaks splits the counts into at most RAMP.length classes with round
 * lower bounds, so the legend reads well whether a class holds ten sites or
 * ten thousand. Quantiles are taken over the distinct counts: with many
 * areas sharing a count, plain quantiles would collapse into two or three
 * classes. The result starts at 1.
 */
export function classBreaks(counts: number[]): number[] {
  const distinct = [...new Set(counts.filter((n) => n > 0))].sort((a, b) => a - b);
  if (distinct.length === 0) return [1];
  const breaks = [1];
  for (let i = 1; i < RAMP.length; i++) {
    const q = distinct[Math.floor((i / RAMP.length) * distinct.length)] ?? 1;
    const b = roundNice(q);
    if (b > breaks[breaks.length - 1]!) breaks.push(b);
  }
  return breaks;
}

/** roundNice rounds to one significant digit (67 → 70, 1234 → 1000): legend bounds a person can read. */
function roundNice(n: number): number {
  if (n <= 10) return Math.max(1, Math.round(n));
  const mag = 10 ** Math.floor(Math.log10(n));
  return Math.round(n / mag) * mag;
}

/** rampColour returns the ramp colour of class i when there are n classes (spread over the ramp). */
export function rampColour(i: number, n: number): string {
  if (n <= 1) return RAMP[RAMP.length - 1 - 1]!;
  const idx = Math.round((i * (RAMP.length - 1)) / (n - 1));
  return RAMP[idx]!;
}

/**
 * choroplethColour is the colour of an area whose measure is `value`, for
 * these class breaks: a value below the first break (none, or no data)
 * gets the "none" colour, others the ramp colour of their class.
 */
export function choroplethColour(value: number | null, breaks: number[]): string {
  let colour = NO_SITES;
  breaks.forEach((b, i) => {
    if (value !== null && value >= b) colour = rampColour(i, breaks.length);
  });
  return colour;
}

/** Rejected sites are drawn in this grey, whatever their category. */
export const REJECTED_GREY = '#9a9a96';

/**
 * byVerification picks a paint value by a site's verification: reported,
 * verified and rejected sites must look different on the map (a reported
 * point is a ring, a verified one a filled dot, a rejected one grey).
 */
export function byVerification(
  reported: ExpressionSpecification | string | number,
  verified: ExpressionSpecification | string | number,
  rejected: ExpressionSpecification | string | number,
): ExpressionSpecification {
  // A decision just made shows at once (feature state), before the tiles are fetched again.
  const state = ['coalesce', ['feature-state', 'verification'], ['get', 'verification']];
  return ['match', state, 'verified', verified, 'rejected', rejected, reported] as unknown as ExpressionSpecification;
}

export function stateColour(): ExpressionSpecification {
  const expr: unknown[] = ['match', ['get', 'state']];
  for (const [c, colour] of Object.entries(STATE_COLOURS)) expr.push(c, colour);
  expr.push(STATE_COLOURS.draft);
  return expr as ExpressionSpecification;
}

export function categoryColour(): ExpressionSpecification {
  const expr: unknown[] = ['match', ['get', 'category']];
  for (const [c, colour] of Object.entries(CATEGORY_COLOURS)) expr.push(c, colour);
  expr.push(CATEGORY_COLOURS.other);
  return expr as ExpressionSpecification;
}
