// A report is kept with its key until it is sent, and sent the same way every time.
import { describe, expect, it } from 'vitest';
import { toMinor, today } from '../money';
import { byDonor } from '../project/funding';
import type { Funding } from '../project/api';
import { clearDraft, draftInput, emptyDraft, loadDraft, saveDraft } from '../report/draft';

function memory(): Storage {
  const m = new Map<string, string>();
  return {
    getItem: (k) => m.get(k) ?? null,
    setItem: (k, v) => void m.set(k, v),
    removeItem: (k) => void m.delete(k),
    clear: () => m.clear(),
    key: () => null,
    get length() {
      return m.size;
    },
  };
}

describe('amounts typed by people', () => {
  it('reads hryvnias and kopiykas with a comma or a point, and spaces', () => {
    expect(toMinor('1250000', 'UAH')).toBe(125000000);
    expect(toMinor('12 500,5', 'UAH')).toBe(1250050);
    expect(toMinor('12\u00a0500.55', 'EUR')).toBe(1250055);
    expect(toMinor('500', 'JPY')).toBe(500);
  });
  it('refuses what is no amount', () => {
    for (const bad of ['', '0', '-5', '1,2,3', '12.345', 'abc', '1e5']) expect(toMinor(bad, 'UAH')).toBeNull();
  });
  it('dates today as a date input does', () => {
    expect(today(new Date(2026, 0, 5))).toBe('2026-01-05');
  });
});

describe('the report draft', () => {
  it('survives a reload with the same Idempotency-Key', () => {
    const store = memory();
    const d = { ...emptyDraft(), category: 'education' as const, geometry: { type: 'Point' as const, coordinates: [36.23, 49.99] } };
    saveDraft(d, store);
    const back = loadDraft(store);
    expect(back).toEqual(d);
    expect(back.key).toBe(d.key);
    clearDraft(store);
    expect(loadDraft(store).key).not.toBe(d.key);
  });

  it('starts afresh from a broken draft', () => {
    const store = memory();
    store.setItem('vidbudova.report', '{not json');
    expect(loadDraft(store).category).toBe('');
  });

  it('is sent as the same bytes every time', () => {
    const d = { ...emptyDraft(), name: ' Школа ', category: 'education' as const, damage: 'severe' as const, cost: '1 000,50', geometry: { type: 'Point' as const, coordinates: [36.23, 49.99] } };
    const a = JSON.stringify(draftInput(d));
    const b = JSON.stringify(draftInput(structuredClone(d)));
    expect(a).toBe(b);
    expect(JSON.parse(a)).toEqual({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [36.23, 49.99] },
      properties: { category: 'education', damage: 'severe', name: 'Школа', estimated_cost: { amount_minor: 100050, currency: 'UAH' } },
    });
  });

  it('says what is missing before sending', () => {
    expect(draftInput(emptyDraft())).toEqual({ error: 'geometry' });
    expect(draftInput({ ...emptyDraft(), geometry: { type: 'Point', coordinates: [30, 50] }, cost: 'lots' })).toEqual({ error: 'cost' });
  });
});

describe('funding by donor', () => {
  const rec = (id: number, org: number, kind: Funding['kind'], uah: number): Funding => ({
    id, project_id: 1, organisation_id: org, organisation_name: `org ${org}`, kind, amount: { amount_minor: uah, currency: 'UAH' },
    amount_uah_minor: uah, amount_eur_minor: 0, date: '2025-01-01', commitment_id: null, note: '', demo: false, version: 1, created_at: '',
  });
  it('adds up each organisation’s pledges, commitments and payments, largest commitment first', () => {
    const d = byDonor([rec(1, 1, 'pledge', 100), rec(2, 2, 'commitment', 500), rec(3, 1, 'commitment', 200), rec(4, 2, 'disbursement', 300)]);
    expect(d.map((x) => [x.organisation_id, x.pledge, x.commitment, x.disbursement])).toEqual([
      [2, 0, 500, 300],
      [1, 100, 200, 0],
    ]);
  });
});
