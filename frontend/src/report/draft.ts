// A report being written is kept in the browser's storage, with the
// Idempotency-Key it is sent with: a failed send (a lost connection) loses
// nothing, and sending it again can never make a second site, because the
// server answers a repeat of the same key and body with the site it made.
// Photos are sent after the site, to it; until they all are, the draft
// keeps the site's id, so that a retry sends only the photos. The photos
// themselves are too big for storage: only their names are kept, to say
// after a reload that they must be chosen again.
import type { Point, Polygon } from 'geojson';
import type { Category, Damage, SiteInput } from '../api';
import { toMinor } from '../money';

export interface Draft {
  key: string;
  geometry: Point | Polygon | null;
  name: string;
  category: Category | '';
  damage: Damage | '';
  damagedOn: string;
  /** As typed, in hryvnias. */
  cost: string;
  description: string;
  /** The site the server made of this report; photos still to send go to it. */
  siteId: number | null;
  /** Names of the photos chosen and not sent yet (the files are not kept). */
  photoNames: string[];
}

/** The most photos a site keeps, and the largest photo the server takes. */
export const MAX_PHOTOS = 20;
export const MAX_PHOTO_BYTES = 15 * 1024 * 1024;

const STORAGE_KEY = 'vidbudova.report';

export function newKey(): string {
  if (typeof crypto !== 'undefined' && 'randomUUID' in crypto) return crypto.randomUUID();
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}-${Math.random().toString(36).slice(2)}`;
}

export function emptyDraft(): Draft {
  return { key: newKey(), geometry: null, name: '', category: '', damage: '', damagedOn: '', cost: '', description: '', siteId: null, photoNames: [] };
}

/** loadDraft returns the report left in storage, or a new one. */
export function loadDraft(storage: Pick<Storage, 'getItem'> | null = safeStorage()): Draft {
  try {
    const raw = storage?.getItem(STORAGE_KEY);
    if (raw) {
      const d = JSON.parse(raw) as Partial<Draft>;
      if (typeof d.key === 'string' && d.key) {
        const siteId = typeof d.siteId === 'number' && d.siteId > 0 ? d.siteId : null;
        const photoNames = Array.isArray(d.photoNames) ? d.photoNames.filter((n): n is string => typeof n === 'string') : [];
        return { ...emptyDraft(), ...d, key: d.key, siteId, photoNames };
      }
    }
  } catch {
    // A broken draft is no draft.
  }
  return emptyDraft();
}

export function saveDraft(d: Draft, storage: Pick<Storage, 'setItem'> | null = safeStorage()): void {
  try {
    storage?.setItem(STORAGE_KEY, JSON.stringify(d));
  } catch {
    // Storage full or disabled: the form still works, it just is not kept.
  }
}

export function clearDraft(storage: Pick<Storage, 'removeItem'> | null = safeStorage()): void {
  try {
    storage?.removeItem(STORAGE_KEY);
  } catch {
    // See saveDraft.
  }
}

function safeStorage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}

/**
 * draftInput is the body the draft is sent as. It is built the same way
 * every time, so that a retry sends the same bytes with the same key.
 * Problems the page can tell before sending are left to the server too,
 * which names the field: one set of messages, in the page's language.
 */
export function draftInput(d: Draft): SiteInput | { error: 'geometry' | 'cost' } {
  if (!d.geometry) return { error: 'geometry' };
  const props: SiteInput['properties'] = { category: d.category, damage: d.damage };
  if (d.name.trim()) props.name = d.name.trim();
  if (d.description.trim()) props.description = d.description.trim();
  if (d.damagedOn) props.damaged_on = d.damagedOn;
  if (d.cost.trim()) {
    const minor = toMinor(d.cost, 'UAH');
    if (minor === null) return { error: 'cost' };
    props.estimated_cost = { amount_minor: minor, currency: 'UAH' };
  }
  return { type: 'Feature', geometry: d.geometry, properties: props };
}

/** Chosen is a photo picked for the report; its file is in memory only. */
export interface Chosen {
  file: File;
  /** Larger than the server takes: it is not sent. */
  tooLarge?: boolean;
  /** The server's word on it, when it refused it. */
  error?: string;
  /** Set once the server keeps it. */
  sent?: boolean;
}

/** photoNamesOf are the names a draft keeps of the photos not sent yet. */
export function photoNamesOf(chosen: Chosen[]): string[] {
  return chosen.filter((c) => !c.sent).map((c) => c.file.name);
}

/**
 * addPhotos adds files to the chosen ones, leaving out one already there
 * (the same name, size and time) and any beyond MAX_PHOTOS; tooMany tells
 * whether some were left out for that.
 */
export function addPhotos(chosen: Chosen[], files: Iterable<File>): { chosen: Chosen[]; tooMany: boolean } {
  const out = [...chosen];
  let tooMany = false;
  for (const file of files) {
    if (out.some((c) => c.file.name === file.name && c.file.size === file.size && c.file.lastModified === file.lastModified)) continue;
    if (out.length >= MAX_PHOTOS) {
      tooMany = true;
      continue;
    }
    out.push(file.size > MAX_PHOTO_BYTES ? { file, tooLarge: true } : { file });
  }
  return { chosen: out, tooMany };
}
