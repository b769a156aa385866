// The Explore view lives in the address so a shared link reopens exactly it:
//   /?lang=en#map=ZOOM/LAT/LON&oblast=UA63…&hromada=UA63…&measure=gap&layer=projects&state=seeking_funding&gap=1000000
//   …&from=2023-01-01&to=2023-12-31&donor=12
// The language is a query parameter (the server may read it); the rest is
// the fragment, which changes without a request.
import {
  CATEGORIES,
  DAMAGE_LEVELS,
  PROJECT_STATES,
  SECTORS,
  type Category,
  type Damage,
  type ProjectState,
  type Sector,
} from './api';
import { isLang, type Lang } from './i18n';

/** What the choropleth colours areas by. */
export const MEASURES = ['sites', 'needed', 'gap', 'funded', 'completed'] as const;
export type Measure = (typeof MEASURES)[number];

/** Which objects the map draws over the areas. */
export const MAP_LAYERS = ['sites', 'projects'] as const;
export type MapLayer = (typeof MAP_LAYERS)[number];

export interface Filters {
  category: Category[];
  damage: Damage[];
  state: ProjectState[];
  sector: Sector[];
  /** Only projects missing at least this many hryvnias (whole hryvnias), or null. */
  minGap: number | null;
  /** Only sites damaged on or after / on or before this day (YYYY-MM-DD), or null. */
  from: string | null;
  to: string | null;
  /** Only projects this organisation (by id) gave to, or null. */
  donor: number | null;
}

export interface ViewState {
  lang: Lang;
  oblast: string | null;
  /** A hromada of `oblast` whose figures the panel shows. */
  hromada: string | null;
  /** Present when the address names a camera; absent means "fit Ukraine". */
  camera: { zoom: number; lat: number; lon: number } | null;
  measure: Measure;
  layer: MapLayer;
  filters: Filters;
}

const CODE = /^UA\d{17}$/;

export function noFilters(): Filters {
  return { category: [], damage: [], state: [], sector: [], minGap: null, from: null, to: null, donor: null };
}

export function hasFilters(f: Filters): boolean {
  return (
    f.category.length + f.damage.length + f.state.length + f.sector.length > 0 ||
    f.minGap !== null ||
    f.from !== null ||
    f.to !== null ||
    f.donor !== null
  );
}

/** day keeps a real calendar day written YYYY-MM-DD; anything else is null. */
export function day(v: string | null): string | null {
  if (!v || !/^\d{4}-\d{2}-\d{2}$/.test(v)) return null;
  const d = new Date(`${v}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v ? v : null;
}

function positiveInt(v: string | null): number | null {
  const n = Number(v);
  return v && Number.isSafeInteger(n) && n > 0 ? n : null;
}

/** listParam keeps the known values of a comma-separated parameter, in their canonical order. */
function listParam<T extends string>(v: string | null, known: readonly T[]): T[] {
  const given = new Set((v ?? '').split(','));
  return known.filter((k) => given.has(k));
}

function oneOf<T extends string>(v: string | null, known: readonly T[], fallback: T): T {
  return (known as readonly string[]).includes(v ?? '') ? (v as T) : fallback;
}

/** readFilters reads the filters from a fragment's parameters; anything unknown is dropped. */
export function readFilters(p: URLSearchParams): Filters {
  let from = day(p.get('from'));
  let to = day(p.get('to'));
  if (from && to && to < from) [from, to] = [to, from];
  return {
    category: listParam(p.get('category'), CATEGORIES),
    damage: listParam(p.get('damage'), DAMAGE_LEVELS),
    state: listParam(p.get('state'), PROJECT_STATES),
    sector: listParam(p.get('sector'), SECTORS),
    minGap: positiveInt(p.get('gap')),
    from,
    to,
    donor: positiveInt(p.get('donor')),
  };
}

/** writeFilters adds the filters that are set to p. */
export function writeFilters(p: URLSearchParams, f: Filters): void {
  if (f.category.length) p.set('category', f.category.join(','));
  if (f.damage.length) p.set('damage', f.damage.join(','));
  if (f.state.length) p.set('state', f.state.join(','));
  if (f.sector.length) p.set('sector', f.sector.join(','));
  if (f.minGap !== null) p.set('gap', String(f.minGap));
  if (f.from) p.set('from', f.from);
  if (f.to) p.set('to', f.to);
  if (f.donor !== null) p.set('donor', String(f.donor));
}

/** readView parses the parts of the address this app owns; anything malformed is ignored. */
export function readView(loc: Pick<Location, 'search' | 'hash'>, fallbackLang: Lang): ViewState {
  const query = new URLSearchParams(loc.search);
  const hash = new URLSearchParams(loc.hash.replace(/^#/, ''));
  const qLang = query.get('lang');
  const oblast = hash.get('oblast') ?? query.get('oblast');
  const hromada = hash.get('hromada');

  let camera: ViewState['camera'] = null;
  const parts = (hash.get('map') ?? '').split('/').map(Number);
  if (parts.length === 3 && parts.every(Number.isFinite)) {
    const [zoom, lat, lon] = parts as [number, number, number];
    if (zoom >= 0 && zoom <= 22 && Math.abs(lat) <= 85 && Math.abs(lon) <= 180) camera = { zoom, lat, lon };
  }
  return {
    lang: isLang(qLang) ? qLang : fallbackLang,
    oblast: oblast && CODE.test(oblast) ? oblast : null,
    hromada: oblast && hromada && CODE.test(hromada) ? hromada : null,
    camera,
    measure: oneOf(hash.get('measure'), MEASURES, 'sites'),
    layer: oneOf(hash.get('layer'), MAP_LAYERS, 'sites'),
    filters: readFilters(hash),
  };
}

/** viewHash is the fragment (without '#') that names v; defaults are left out. */
export function viewHash(v: Omit<ViewState, 'lang'>): string {
  const hash = new URLSearchParams();
  if (v.camera) {
    const { zoom, lat, lon } = v.camera;
    hash.set('map', `${zoom.toFixed(2)}/${lat.toFixed(4)}/${lon.toFixed(4)}`);
  }
  if (v.oblast) hash.set('oblast', v.oblast);
  if (v.oblast && v.hromada) hash.set('hromada', v.hromada);
  if (v.measure !== 'sites') hash.set('measure', v.measure);
  if (v.layer !== 'sites') hash.set('layer', v.layer);
  writeFilters(hash, v.filters);
  // URLSearchParams escapes '/' and ',', both legal in a fragment; keep the address readable.
  return hash.toString().replaceAll('%2F', '/').replaceAll('%2C', ',');
}

/** writeView replaces the current history entry, keeping any query parameters it does not own. */
export function writeView(v: ViewState): void {
  const url = new URL(window.location.href);
  url.searchParams.set('lang', v.lang);
  url.searchParams.delete('oblast');
  url.hash = viewHash(v);
  if (url.href !== window.location.href) window.history.replaceState(window.history.state, '', url.href);
}

/** siteParams is what the sites tiles, list and exports are asked with. */
export function siteParams(f: Filters, place: { oblast?: string | null; hromada?: string | null } = {}): URLSearchParams {
  const p = new URLSearchParams();
  if (place.oblast) p.set('oblast', place.oblast);
  if (place.hromada) p.set('hromada', place.hromada);
  if (f.category.length) p.set('category', f.category.join(','));
  if (f.damage.length) p.set('damage', f.damage.join(','));
  if (f.from) p.set('damaged_from', f.from);
  if (f.to) p.set('damaged_to', f.to);
  return p;
}

/** projectParams is what the projects tiles, list and exports are asked with. */
export function projectParams(f: Filters, place: { oblast?: string | null; hromada?: string | null } = {}): URLSearchParams {
  const p = new URLSearchParams();
  if (place.oblast) p.set('oblast', place.oblast);
  if (place.hromada) p.set('hromada', place.hromada);
  if (f.state.length) p.set('state', f.state.join(','));
  if (f.sector.length) p.set('sector', f.sector.join(','));
  if (f.minGap !== null) p.set('min_gap_uah', String(f.minGap * 100));
  if (f.donor !== null) p.set('donor', String(f.donor));
  return p;
}

/**
 * summaryParams is what the oblast and hromada figures are asked with: the
 * server counts the sites and projects of the selection, so the colours,
 * the totals and the tables all follow every filter.
 */
export function summaryParams(f: Filters): URLSearchParams {
  const p = siteParams(f);
  for (const [k, v] of projectParams(f)) p.set(k, v);
  return p;
}
