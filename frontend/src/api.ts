// Typed client for the Vidbudova HTTP API (same origin as the page).
// The shapes follow the server's contract, api/openapi.yaml (components/schemas);
// keep them in step with it.

import type { Feature, FeatureCollection, MultiPolygon, Point, Polygon } from 'geojson';

export const CATEGORIES = [
  'housing',
  'education',
  'health',
  'energy',
  'water',
  'transport',
  'administrative',
  'culture',
  'other',
] as const;
export type Category = (typeof CATEGORIES)[number];

export const DAMAGE_LEVELS = ['light', 'moderate', 'severe', 'destroyed'] as const;
export type Damage = (typeof DAMAGE_LEVELS)[number];

export type Verification = 'reported' | 'verified' | 'rejected';

/** [minLon, minLat, maxLon, maxLat] in WGS 84. */
export type BBox = [number, number, number, number];

export interface Config {
  basemap_url: string;
  attribution: string;
}

/** Counts shared by oblasts and hromadas. */
export interface AreaCounts {
  sites: number;
  by_category: Partial<Record<Category, number>>;
  by_damage: Partial<Record<Damage, number>>;
}

/** [lon, lat] */
export type Position = [number, number];

/** Names and codes every area has (the panel and the choropleth need no more). */
export interface AreaProperties extends AreaCounts {
  code: string;
  pcode: string;
  name_uk: string;
  name_en: string;
  /** A point inside the area, for a label or a test's click. */
  label_point: Position;
}

export interface OblastProperties extends AreaProperties {
  /** May be empty. */
  iso_3166_2: string;
  /** O oblast, K city with special status. */
  category: 'O' | 'K';
}

export interface HromadaProperties extends AreaProperties {
  /** H hromada, K city with special status. */
  category: 'H' | 'K';
  hromada_type: 'city' | 'settlement' | 'rural' | null;
  oblast_code: string;
  raion_code: string | null;
  raion_name_uk: string | null;
  raion_name_en: string | null;
}

export interface AreaFeature<P> extends Feature<MultiPolygon | Polygon, P> {
  id: string;
  bbox: BBox;
}

export interface AreaCollection<P> extends FeatureCollection<MultiPolygon | Polygon, P> {
  features: AreaFeature<P>[];
}

export type OblastCollection = AreaCollection<OblastProperties>;
export type HromadaCollection = AreaCollection<HromadaProperties>;

export interface Money {
  amount_minor: number;
  currency: string;
}

export interface SiteProperties {
  name: string;
  category: Category;
  damage: Damage;
  damaged_on: string | null;
  description: string;
  estimated_cost: Money | null;
  verification: Verification;
  oblast_code: string;
  hromada_code: string | null;
  hromada_name_uk: string | null;
  hromada_name_en: string | null;
  demo: boolean;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface SiteFeature extends Feature<Point | Polygon, SiteProperties> {
  id: number;
}

export interface Link {
  rel: string;
  href: string;
  type?: string;
}

export interface SiteCollection extends FeatureCollection<Point | Polygon, SiteProperties> {
  features: SiteFeature[];
  numberReturned: number;
  timeStamp: string;
  links: Link[];
}

export interface SiteQuery {
  bbox?: BBox;
  limit?: number;
  category?: Category[];
  damage?: Damage[];
  oblast?: string;
  hromada?: string;
  q?: string;
  cursor?: string;
}

/** One wrong field of a problem+json answer. */
export interface FieldProblem {
  field: string;
  reason: string;
}

/** An RFC 9457 problem, as the server sends it. */
export interface Problem {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  errors?: FieldProblem[];
}

/** ApiError is thrown for any answer that is not 2xx. */
export class ApiError extends Error {
  readonly status: number;
  readonly problem: Problem;

  constructor(status: number, problem: Problem) {
    super(problem.detail || problem.title || `HTTP ${status}`);
    this.name = 'ApiError';
    this.status = status;
    this.problem = problem;
  }
}

const BASE = '/api/v1';

async function getJSON<T>(path: string, signal?: AbortSignal): Promise<T> {
  const res = await fetch(BASE + path, {
    signal,
    headers: { Accept: 'application/geo+json, application/json;q=0.9, application/problem+json;q=0.8' },
  });
  if (!res.ok) {
    let problem: Problem = { status: res.status, title: res.statusText };
    try {
      problem = (await res.json()) as Problem;
    } catch {
      // Not problem+json (a proxy page, say): keep the status line.
    }
    throw new ApiError(res.status, problem);
  }
  return (await res.json()) as T;
}

/** Zoom levels sent to the server are whole numbers; it picks simplified boundaries below 9. */
function zoomParam(zoom: number): string {
  return String(Math.max(0, Math.min(22, Math.floor(zoom))));
}

export function fetchConfig(signal?: AbortSignal): Promise<Config> {
  return getJSON<Config>('/config', signal);
}

export function fetchOblasts(zoom: number, signal?: AbortSignal): Promise<OblastCollection> {
  return getJSON<OblastCollection>(`/oblasts?zoom=${zoomParam(zoom)}`, signal);
}

export function fetchHromadas(oblastCode: string, zoom: number, signal?: AbortSignal): Promise<HromadaCollection> {
  return getJSON<HromadaCollection>(
    `/oblasts/${encodeURIComponent(oblastCode)}/hromadas?zoom=${zoomParam(zoom)}`,
    signal,
  );
}

/** siteQueryString turns a SiteQuery into the query string of GET /sites. */
export function siteQueryString(q: SiteQuery): string {
  const p = new URLSearchParams();
  if (q.bbox) p.set('bbox', q.bbox.map((n) => n.toFixed(6)).join(','));
  if (q.limit !== undefined) p.set('limit', String(q.limit));
  if (q.category?.length) p.set('category', q.category.join(','));
  if (q.damage?.length) p.set('damage', q.damage.join(','));
  if (q.oblast) p.set('oblast', q.oblast);
  if (q.hromada) p.set('hromada', q.hromada);
  if (q.q) p.set('q', q.q);
  if (q.cursor) p.set('cursor', q.cursor);
  return p.toString();
}

export function fetchSites(q: SiteQuery, signal?: AbortSignal): Promise<SiteCollection> {
  return getJSON<SiteCollection>(`/sites?${siteQueryString(q)}`, signal);
}
