// A place's own monthly series, as GET /api/v1/stats?oblast= or ?hromada=
// gives it: damaged sites by month of damage, projects by the month they
// became funded or completed.
import { getJSON } from '../api';

export interface MonthCounts {
  month: string;
  damaged: number;
  funded: number;
  completed: number;
}

export interface PlaceStats {
  monthly: MonthCounts[];
}

/** statsPath is the address of the totals and series of an oblast or a hromada. */
export function statsPath(kind: 'oblast' | 'hromada', code: string): string {
  return `/stats?${new URLSearchParams({ [kind]: code }).toString()}`;
}

export function fetchPlaceStats(kind: 'oblast' | 'hromada', code: string, signal?: AbortSignal): Promise<PlaceStats> {
  return getJSON<PlaceStats>(statsPath(kind, code), signal);
}

/**
 * everyMonth puts the months in which nothing happened back between the
 * first and the last of the series (the server lists only the others), so
 * that a place's sparse series is drawn on an even time axis.
 */
export function everyMonth(monthly: MonthCounts[]): MonthCounts[] {
  if (monthly.length < 2) return monthly;
  const index = (ym: string): number => Number(ym.slice(0, 4)) * 12 + Number(ym.slice(5, 7)) - 1;
  const byMonth = new Map(monthly.map((m) => [index(m.month), m]));
  const first = index(monthly[0]!.month);
  const last = index(monthly[monthly.length - 1]!.month);
  const out: MonthCounts[] = [];
  for (let i = first; i <= last; i++) {
    const month = `${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`;
    out.push(byMonth.get(i) ?? { month, damaged: 0, funded: 0, completed: 0 });
  }
  return out;
}
