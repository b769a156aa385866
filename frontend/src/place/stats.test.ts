// A place's page asks for the place's own series and draws it on an even time axis.
import { describe, expect, it } from 'vitest';
import { everyMonth, statsPath } from './stats';

describe('the monthly series of a place', () => {
  it('is asked for by the place’s code', () => {
    expect(statsPath('oblast', 'UA63000000000041885')).toBe('/stats?oblast=UA63000000000041885');
    expect(statsPath('hromada', 'UA63120270000028556')).toBe('/stats?hromada=UA63120270000028556');
  });

  it('gets back the months in which nothing happened, across a new year', () => {
    const got = everyMonth([
      { month: '2022-11', damaged: 2, funded: 0, completed: 0 },
      { month: '2023-02', damaged: 0, funded: 1, completed: 1 },
    ]);
    expect(got.map((m) => m.month)).toEqual(['2022-11', '2022-12', '2023-01', '2023-02']);
    expect(got[1]).toEqual({ month: '2022-12', damaged: 0, funded: 0, completed: 0 });
    expect(got[3]).toEqual({ month: '2023-02', damaged: 0, funded: 1, completed: 1 });
  });

  it('leaves an empty or one-month series as it is', () => {
    expect(everyMonth([])).toEqual([]);
    expect(everyMonth([{ month: '2024-05', damaged: 1, funded: 0, completed: 0 }])).toHaveLength(1);
  });
});
