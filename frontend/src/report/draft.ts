// A report being written is kept in the browser's storage, with the
// Idempotency-Key it is sent with: a failed send (a lost connection) loses
// nothing, and sending it again can never make a second site, because the
// server answers a repeat of the same key and body with the site it made.
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
}

const STORAGE_KEY = 'vidbudova.report';

export function newKey(): string {
  if (typeof crypto !== 'undefined' && 'randomUUID' in crypto) return crypto.randomUUID();
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}-${Math.random().toString(36).slice(2)}`;
}

export function emptyDraft(): Draft {
  return { key: newKey(), geometry: null, name: '', category: '', damage: '', damagedOn: '', cost: '', description: '' };
}

/** loadDraft returns the report left in storage, or a new one. */
export function loadDraft(storage: Pick<Storage, 'getItem'> | null = safeStorage()): Draft {
  try {
    const raw = storage?.getItem(STORAGE_KEY);
    if (raw) {
      const d = JSON.parse(raw) as Partial<Draft>;
      if (typeof d.key === 'string' && d.key) return { ...emptyDraft(), ...d, key: d.key };
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
