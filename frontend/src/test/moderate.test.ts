// The Moderate screen's queues: which reports they hold, and where the server's word about a rejection goes.
import { describe, expect, it } from 'vitest';
import { ApiError, type Verification } from '../api';
import { reasonProblem } from '../moderate/decision';
import { collectReported, type Page } from '../moderate/walk';

interface Report {
  id: number;
  properties: { verification: Verification; created_at: string };
}

const report = (id: number, day: number, verification: Verification = 'reported'): Report => ({
  id,
  properties: { verification, created_at: `2025-01-${String(day).padStart(2, '0')}T10:00:00Z` },
});

/** lists serves each oblast's reports in pages of `size`, recording every page asked for. */
function lists(byOblast: Record<string, Report[]>, size: number) {
  const asked: string[] = [];
  const fetchPage = async (code: string, cursor: string | undefined): Promise<Page<Report>> => {
    asked.push(`${code}@${cursor ?? 0}`);
    const from = Number(cursor ?? 0);
    const all = byOblast[code] ?? [];
    const next = from + size < all.length ? String(from + size) : null;
    return { features: all.slice(from, from + size), next };
  };
  return { asked, fetchPage };
}

describe('collectReported', () => {
  it('keeps only the reported, oldest first, across oblasts', async () => {
    const { fetchPage } = lists({ A: [report(1, 5), report(2, 3, 'verified'), report(3, 9)], B: [report(4, 1), report(5, 2, 'rejected')] }, 2);
    const walk = await collectReported(['A', 'B'], fetchPage, { shown: 10, newestFirst: false });
    expect(walk.items.map((r) => r.id)).toEqual([4, 1, 3]);
    expect(walk.more).toBe(false);
  });

  it('stops an oldest-first walk once it has twice what it shows, and says there is more', async () => {
    const many = Array.from({ length: 20 }, (_, i) => report(i + 1, (i % 28) + 1));
    const { asked, fetchPage } = lists({ A: many, B: [report(100, 1)] }, 3);
    const walk = await collectReported(['A', 'B'], fetchPage, { shown: 2, newestFirst: false });
    expect(asked).toEqual(['A@0', 'A@3']);
    expect(walk.items.map((r) => r.id)).toEqual([1, 2]);
    expect(walk.more).toBe(true);
  });

  it('reads a newest-first list to its end, since the oldest reports are on its last page', async () => {
    // Newest first, as GET /projects gives them: day 20 down to day 1.
    const newest = Array.from({ length: 20 }, (_, i) => report(100 - i, 20 - i));
    const { asked, fetchPage } = lists({ A: newest }, 4);
    const walk = await collectReported(['A'], fetchPage, { shown: 3, newestFirst: true });
    expect(asked).toHaveLength(5);
    expect(walk.items.map((r) => r.id)).toEqual([81, 82, 83]);
    expect(walk.more).toBe(true);
  });

  it('gives up after its page budget and says there is more', async () => {
    const newest = Array.from({ length: 20 }, (_, i) => report(100 - i, 20 - i));
    const { asked, fetchPage } = lists({ A: newest }, 4);
    const walk = await collectReported(['A'], fetchPage, { shown: 30, newestFirst: true, maxPages: 2 });
    expect(asked).toEqual(['A@0', 'A@4']);
    expect(walk.items).toHaveLength(8);
    expect(walk.more).toBe(true);
  });

  it('puts reports of the same moment in the order of their ids', async () => {
    const { fetchPage } = lists({ A: [report(7, 4), report(3, 4)] }, 10);
    const walk = await collectReported(['A'], fetchPage, { shown: 5, newestFirst: true });
    expect(walk.items.map((r) => r.id)).toEqual([3, 7]);
  });
});

describe('reasonProblem', () => {
  it("is the server's word when the problem is about the reason", () => {
    const err = new ApiError(422, { status: 422, field: 'reason', detail: 'вкажіть причину відхилення' });
    expect(reasonProblem(err)).toBe('вкажіть причину відхилення');
    const listed = new ApiError(400, { status: 400, errors: [{ field: 'reason', reason: 'too long' }] });
    expect(reasonProblem(listed)).toBe('too long');
  });

  it('is null for any other failure', () => {
    expect(reasonProblem(new ApiError(403, { status: 403, detail: 'not your oblast' }))).toBeNull();
    expect(reasonProblem(new ApiError(422, { status: 422, field: 'decision', detail: 'bad' }))).toBeNull();
    expect(reasonProblem(new TypeError('Failed to fetch'))).toBeNull();
  });
});
