// Typed client for the Vidbudova HTTP API (same origin as the page).
// The shapes follow the server's contract, api/openapi.yaml (components/schemas);
// keep them in step with it.

import type { Feature, FeatureCollection, Point, Polygon } from 'geojson';
import { lang } from './i18n';

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

export const VERIFICATIONS = ['reported', 'verified', 'rejected'] as const;
export type Verification = (typeof VERIFICATIONS)[number];

/** [minLon, minLat, maxLon, maxLat] in WGS 84. */
export type BBox = [number, number, number, number];

export interface Config {
  basemap_url: string;
  attribution: string;
}

export const PROJECT_STATES = ['draft', 'seeking_funding', 'funded', 'in_progress', 'completed', 'suspended', 'cancelled'] as const;
export type ProjectState = (typeof PROJECT_STATES)[number];

/** What a project rebuilds; the sectors are the site categories. */
export const SECTORS = CATEGORIES;
export type Sector = Category;

/** Sums in minor units (kopiykas, euro cents). */
export interface MoneyTotal {
  needed: number;
  pledged: number;
  committed: number;
  disbursed: number;
  /** Needed and not yet committed. */
  gap: number;
}

export interface MoneyTotals {
  UAH: MoneyTotal;
  EUR: MoneyTotal;
}

/** Counts shared by oblasts and hromadas (and the country, summed). */
export interface AreaCounts {
  sites: number;
  by_category: Partial<Record<Category, number>>;
  by_damage: Partial<Record<Damage, number>>;
  projects?: number;
  projects_by_state?: Partial<Record<ProjectState, number>>;
  projects_by_sector?: Partial<Record<Sector, number>>;
  money?: MoneyTotals;
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

/** An oblast or hromada with its figures and box, asked for without its outline (the map draws that from the tiles). */
export interface AreaFeature<P> {
  type: 'Feature';
  id: string;
  bbox: BBox;
  geometry: null;
  properties: P;
}

export interface AreaCollection<P> {
  type: 'FeatureCollection';
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
  /** The moderator's reason, given when a site is rejected. */
  verification_reason: string | null;
  /**
   * A sensitive site is shown to most viewers at its hromada's point, with
   * an empty name and description (martial law); see account/rules.ts.
   */
  sensitive: boolean;
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

/** An RFC 9457 problem, as the server sends it (in the language asked for). */
export interface Problem {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  /** The one input the problem is about, when there is one. */
  field?: string;
  errors?: FieldProblem[];
}

/** ApiError is thrown for any answer that is not 2xx. */
export class ApiError extends Error {
  readonly status: number;
  readonly problem: Problem;
  /** Seconds to wait before trying again (Retry-After of a 429), when the server said. */
  readonly retryAfter: number | null;

  constructor(status: number, problem: Problem, retryAfter: number | null = null) {
    super(problem.detail || problem.title || `HTTP ${status}`);
    this.name = 'ApiError';
    this.status = status;
    this.problem = problem;
    this.retryAfter = retryAfter;
  }
}

export const ROLES = ['admin', 'moderator', 'editor', 'donor'] as const;
export type Role = (typeof ROLES)[number];

/** An account, as its owner sees it. */
export interface User {
  id: number;
  email: string;
  name: string;
  role: Role;
  oblast_codes: string[];
  hromada_codes: string[];
  organisation_id: number | null;
  disabled: boolean;
  demo: boolean;
  version: number;
  created_at: string;
}

/** What sign-in (and /auth/me) tell the page. */
export interface Session {
  user: User;
  csrf_token: string;
  expires_at?: string;
}

export type Decision = Exclude<Verification, 'reported'>;

const BASE = '/api/v1';
const ACCEPT = 'application/geo+json, application/json;q=0.9, application/problem+json;q=0.8';

/**
 * The CSRF token of the signed-in session. It is kept in this module only
 * (never in storage): a reload asks /auth/me for it again.
 */
let csrfToken: string | null = null;

/** setCsrfToken remembers (or, with null, forgets) the token every write must carry. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

async function problemOf(res: Response): Promise<ApiError> {
  let problem: Problem = { status: res.status, title: res.statusText };
  try {
    problem = (await res.json()) as Problem;
  } catch {
    // Not problem+json (a proxy page, say): keep the status line.
  }
  const wait = Number(res.headers.get('Retry-After'));
  return new ApiError(res.status, problem, Number.isFinite(wait) && wait > 0 ? wait : null);
}

interface CallOptions {
  body?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

type WriteMethod = 'POST' | 'PATCH' | 'PUT' | 'DELETE';

/**
 * request is the one place the page talks to the API. It asks for answers,
 * problems included, in the page's language, and turns any answer that is
 * not 2xx into an ApiError.
 */
async function request(method: 'GET' | WriteMethod, path: string, init: CallOptions = {}): Promise<Response> {
  const headers: Record<string, string> = { Accept: ACCEPT, 'Accept-Language': lang(), ...init.headers };
  if (init.body !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetch(BASE + path, {
    method,
    headers,
    credentials: 'same-origin',
    signal: init.signal,
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  if (!res.ok) throw await problemOf(res);
  return res;
}

/** getJSON reads one JSON answer. */
export async function getJSON<T>(path: string, signal?: AbortSignal): Promise<T> {
  return (await (await request('GET', path, { signal })).json()) as T;
}

/**
 * send makes every write (POST, PATCH, PUT, DELETE) and returns the JSON
 * answer, or null for 204. Each carries the session's CSRF token: the
 * server refuses a write made with the session cookie without it (403).
 */
export async function send<T>(method: WriteMethod, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<T | null> {
  const csrf: Record<string, string> = csrfToken ? { 'X-CSRF-Token': csrfToken } : {};
  const res = await request(method, path, { body, headers: { ...headers, ...csrf } });
  if (res.status === 204) return null;
  return (await res.json()) as T;
}

/**
 * writeHeaders are what a write made outside send carries (an upload that
 * shows its progress, see site/photos.ts): the page's language, and the
 * session's CSRF token.
 */
export function writeHeaders(): Record<string, string> {
  return { Accept: ACCEPT, 'Accept-Language': lang(), ...(csrfToken ? { 'X-CSRF-Token': csrfToken } : {}) };
}

export function fetchConfig(signal?: AbortSignal): Promise<Config> {
  return getJSON<Config>('/config', signal);
}

/**
 * The summaries' query: no outlines (every map here draws them from the
 * vector tiles, and the lists need only the figures and boxes: the
 * oblasts come to a tenth of their size) and, for a selection, its filters
 * (see summaryParams).
 */
function summaryQuery(filters?: URLSearchParams): string {
  const p = new URLSearchParams(filters);
  p.set('geometry', 'false');
  return p.toString().replaceAll('%2C', ',');
}

export function fetchOblasts(signal?: AbortSignal, filters?: URLSearchParams): Promise<OblastCollection> {
  return getJSON<OblastCollection>(`/oblasts?${summaryQuery(filters)}`, signal);
}

export function fetchHromadas(oblastCode: string, signal?: AbortSignal, filters?: URLSearchParams): Promise<HromadaCollection> {
  return getJSON<HromadaCollection>(`/oblasts/${encodeURIComponent(oblastCode)}/hromadas?${summaryQuery(filters)}`, signal);
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

export function fetchSite(id: number, signal?: AbortSignal): Promise<SiteFeature> {
  return getJSON<SiteFeature>(`/sites/${id}`, signal);
}

/** A new site as the Report form sends it. */
export interface SiteInput {
  type: 'Feature';
  geometry: Point | Polygon;
  properties: {
    name?: string;
    description?: string;
    category: Category | '';
    damage: Damage | '';
    damaged_on?: string | null;
    estimated_cost?: Money | null;
  };
}

/**
 * createSite reports a site. The key makes a retried send safe: the server
 * answers a repeat with the site it made the first time.
 */
export async function createSite(site: SiteInput, idempotencyKey: string): Promise<SiteFeature> {
  return (await send<SiteFeature>('POST', '/sites', site, { 'Idempotency-Key': idempotencyKey }))!;
}

/** nextCursor is the cursor of a list's `next` link, or null on the last page. */
export function nextCursor(links: Link[] | undefined): string | null {
  const next = links?.find((l) => l.rel === 'next');
  if (!next) return null;
  try {
    return new URL(next.href, window.location.origin).searchParams.get('cursor');
  } catch {
    return null;
  }
}

/** signIn opens a session; the server sets its cookie and returns the CSRF token. */
export async function signIn(email: string, password: string): Promise<Session> {
  return (await send<Session>('POST', '/auth/login', { email, password }))!;
}

export async function signOut(): Promise<void> {
  await send('POST', '/auth/logout');
}

/** fetchMe returns the signed-in session, or null for a public visitor (401). */
export async function fetchMe(signal?: AbortSignal): Promise<Session | null> {
  try {
    return await getJSON<Session>('/auth/me', signal);
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) return null;
    throw err;
  }
}

/** ifMatch is the precondition of a change to an object read at `version`. */
function ifMatch(version: number): Record<string, string> {
  return { 'If-Match': `"v${version}"` };
}

/** verifySite records a moderator's decision on a site; `reason` is required to reject. */
export async function verifySite(id: number, version: number, decision: Decision, reason = ''): Promise<SiteFeature> {
  return (await send<SiteFeature>('POST', `/sites/${id}/verification`, decisionBody(decision, reason), ifMatch(version)))!;
}

/** verifyProject is verifySite for a reconstruction project. */
export async function verifyProject(id: number, version: number, decision: Decision, reason = ''): Promise<Feature> {
  return (await send<Feature>('POST', `/projects/${id}/verification`, decisionBody(decision, reason), ifMatch(version)))!;
}

function decisionBody(decision: Decision, reason: string): { decision: Decision; reason?: string } {
  const r = reason.trim();
  return r ? { decision, reason: r } : { decision };
}
