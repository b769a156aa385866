// Projects, their funding, progress updates and change history, as the
// server's contract (api/openapi.yaml: Project*, Funding*, ProgressUpdate,
// HistoryPage) has them.
import type { Feature, FeatureCollection, Point } from 'geojson';
import {
  getJSON,
  send,
  type Link,
  type Money,
  type MoneyTotals,
  type ProjectState,
  type Sector,
  type Verification,
} from '../api';

export interface Milestone {
  title: string;
  due_on: string | null;
  done_on: string | null;
}

export interface ProjectListProperties {
  title: string;
  sector: Sector;
  state: ProjectState;
  budget: Money | null;
  planned_start: string | null;
  planned_end: string | null;
  actual_start: string | null;
  actual_end: string | null;
  progress: number;
  dream_id: string | null;
  hromada_code: string;
  hromada_name_uk: string | null;
  hromada_name_en: string | null;
  oblast_code: string;
  oblast_name_uk: string | null;
  oblast_name_en: string | null;
  money: MoneyTotals;
  verification: Verification;
  verification_reason: string | null;
  demo: boolean;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface ProjectProperties extends ProjectListProperties {
  description: string;
  allowed_transitions: ProjectState[];
  site_ids: number[];
  sites: { id: number; name: string }[];
  milestones: Milestone[];
  prozorro_ids: string[];
  prozorro_links: { id: string; href: string }[];
}

export interface ProjectListItem extends Feature<Point, ProjectListProperties> {
  id: number;
}

export interface Project extends Feature<Point, ProjectProperties> {
  id: number;
}

export interface ProjectCollection extends FeatureCollection<Point, ProjectListProperties> {
  features: ProjectListItem[];
  numberReturned: number;
  links: Link[];
}

export interface ProjectQuery {
  bbox?: [number, number, number, number];
  oblast?: string;
  hromada?: string;
  state?: ProjectState[];
  sector?: Sector[];
  q?: string;
  sort?: 'date' | 'budget' | 'gap';
  min_gap_uah?: number;
  donor?: number;
  limit?: number;
  cursor?: string;
}

/** projectQueryString turns a ProjectQuery into the query string of GET /projects. */
export function projectQueryString(q: ProjectQuery): string {
  const p = new URLSearchParams();
  if (q.bbox) p.set('bbox', q.bbox.map((n) => n.toFixed(6)).join(','));
  if (q.oblast) p.set('oblast', q.oblast);
  if (q.hromada) p.set('hromada', q.hromada);
  if (q.state?.length) p.set('state', q.state.join(','));
  if (q.sector?.length) p.set('sector', q.sector.join(','));
  if (q.q) p.set('q', q.q);
  if (q.sort) p.set('sort', q.sort);
  if (q.min_gap_uah) p.set('min_gap_uah', String(q.min_gap_uah));
  if (q.donor) p.set('donor', String(q.donor));
  if (q.limit !== undefined) p.set('limit', String(q.limit));
  if (q.cursor) p.set('cursor', q.cursor);
  return p.toString();
}

export function fetchProjects(q: ProjectQuery, signal?: AbortSignal): Promise<ProjectCollection> {
  return getJSON<ProjectCollection>(`/projects?${projectQueryString(q)}`, signal);
}

export function fetchProject(id: number, signal?: AbortSignal): Promise<Project> {
  return getJSON<Project>(`/projects/${id}`, signal);
}

export const FUNDING_KINDS = ['pledge', 'commitment', 'disbursement'] as const;
export type FundingKind = (typeof FUNDING_KINDS)[number];

export interface Funding {
  id: number;
  project_id: number;
  organisation_id: number;
  organisation_name: string;
  kind: FundingKind;
  amount: Money;
  amount_uah_minor: number;
  amount_eur_minor: number;
  date: string;
  commitment_id: number | null;
  note: string;
  demo: boolean;
  version: number;
  created_at: string;
}

export async function fetchFunding(projectId: number, signal?: AbortSignal): Promise<Funding[]> {
  return (await getJSON<{ funding: Funding[] }>(`/projects/${projectId}/funding`, signal)).funding;
}

export interface FundingInput {
  organisation_id: number;
  kind: FundingKind;
  amount: Money;
  date: string;
  commitment_id?: number | null;
  note?: string;
}

/** createFunding records a pledge, commitment or disbursement of the donor's organisation. */
export async function createFunding(projectId: number, input: FundingInput): Promise<Funding> {
  return (await send<Funding>('POST', `/projects/${projectId}/funding`, input))!;
}

export interface Photo {
  id: number;
  width: number;
  height: number;
  thumb_width: number;
  thumb_height: number;
  href: string;
  thumb_href: string;
}

export interface ProgressUpdate {
  id: number;
  project_id: number;
  body: string;
  progress: number | null;
  date: string;
  created_at: string;
  photos: Photo[];
}

export async function fetchUpdates(projectId: number, signal?: AbortSignal): Promise<ProgressUpdate[]> {
  return (await getJSON<{ updates: ProgressUpdate[] }>(`/projects/${projectId}/updates`, signal)).updates;
}

export interface HistoryEntry {
  id: number;
  action: 'create' | 'update' | 'delete';
  actor: { id: number; name: string; role: string } | null;
  at: string;
  changes: Record<string, unknown>;
}

export interface HistoryPage {
  object: 'site' | 'project';
  id: number;
  entries: HistoryEntry[];
  links: Link[];
}

/** fetchHistory reads the public change history of a site or a project, newest first. */
export function fetchHistory(object: 'site' | 'project', id: number, signal?: AbortSignal): Promise<HistoryPage> {
  return getJSON<HistoryPage>(`/${object}s/${id}/history?limit=50`, signal);
}
