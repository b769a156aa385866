// Which reports wait for a moderator: the lists of sites and projects have
// no verification filter (api/openapi.yaml), so the queue walks the lists of
// the moderator's oblasts, page by page along their `next` links, and keeps
// what is still `reported`. No DOM and no fetch here, so that it can be tested.
import type { Verification } from '../api';

/** Reported is what the walk reads of a site or a project. */
export interface Reported {
  id: number;
  properties: { verification: Verification; created_at: string };
}

/** Page is one page of a list: its features and the cursor of its `next` link (null on the last page). */
export interface Page<F> {
  features: F[];
  next: string | null;
}

export interface WalkOptions {
  /** How many reports the queue shows at once. */
  shown: number;
  /**
   * Whether the list comes newest first (projects by created_at) rather than
   * oldest first (sites by id). The oldest reports of a newest-first list
   * are on its last pages, so such a list is read to its end.
   */
  newestFirst: boolean;
  /** At most this many pages are read in all; beyond, the queue says there is more. */
  maxPages?: number;
}

/** Walk is the queue: the oldest reports, and whether more wait than it holds. */
export interface Walk<F> {
  items: F[];
  more: boolean;
}

const oldestFirst = (a: Reported, b: Reported): number =>
  a.properties.created_at.localeCompare(b.properties.created_at) || a.id - b.id;

/**
 * collectReported walks the lists of the given oblasts and returns the
 * `shown` oldest reports found. An oldest-first list stops as soon as twice
 * `shown` reports are found (later pages only hold newer ones); a
 * newest-first list is read to its end, keeping no more than twice `shown`
 * reports in memory at a time.
 */
export async function collectReported<F extends Reported>(
  codes: readonly string[],
  fetchPage: (code: string, cursor: string | undefined) => Promise<Page<F>>,
  opts: WalkOptions,
): Promise<Walk<F>> {
  const enough = opts.shown * 2;
  const maxPages = opts.maxPages ?? 50;
  let found: F[] = [];
  let seen = 0;
  let pages = 0;
  let more = false;
  walk: for (const code of codes) {
    let cursor: string | undefined;
    do {
      if (pages >= maxPages) {
        more = true;
        break walk;
      }
      const page = await fetchPage(code, cursor);
      pages++;
      for (const f of page.features) {
        if (f.properties.verification !== 'reported') continue;
        found.push(f);
        seen++;
      }
      if (opts.newestFirst && found.length > enough) found = found.sort(oldestFirst).slice(0, opts.shown);
      cursor = page.next ?? undefined;
    } while (cursor && (opts.newestFirst || found.length < enough));
    if (!opts.newestFirst && found.length >= enough) {
      more = true;
      break;
    }
  }
  found.sort(oldestFirst);
  return { items: found.slice(0, opts.shown), more: more || seen > opts.shown };
}
