// The Explore view in the address: what is written is read back the same, and nothing malformed gets in.
import { describe, expect, it } from 'vitest';
import { day, noFilters, projectParams, readView, siteParams, summaryParams, viewHash, type ViewState } from '../state';

const loc = (search: string, hash: string): Pick<Location, 'search' | 'hash'> => ({ search, hash });

describe('the view in the address', () => {
  const full: ViewState = {
    lang: 'en',
    oblast: 'UA63000000000041885',
    hromada: 'UA63120270000028556',
    camera: { zoom: 9.5, lat: 49.9935, lon: 36.2304 },
    measure: 'gap',
    layer: 'projects',
    filters: {
      category: ['housing', 'education'],
      damage: ['destroyed'],
      state: ['seeking_funding'],
      sector: ['health'],
      minGap: 250000,
      from: '2023-01-01',
      to: '2023-12-31',
      donor: 7,
    },
  };

  it('reads back what it wrote', () => {
    const back = readView(loc('?lang=en', `#${viewHash(full)}`), 'uk');
    expect(back).toEqual(full);
  });

  it('writes a readable fragment, leaving defaults out', () => {
    expect(viewHash({ ...full, measure: 'sites', layer: 'sites', filters: noFilters(), hromada: null })).toBe(
      'map=9.50/49.9935/36.2304&oblast=UA63000000000041885',
    );
    expect(viewHash(full)).toBe(
      'map=9.50/49.9935/36.2304&oblast=UA63000000000041885&hromada=UA63120270000028556&measure=gap&layer=projects' +
        '&category=housing,education&damage=destroyed&state=seeking_funding&sector=health&gap=250000' +
        '&from=2023-01-01&to=2023-12-31&donor=7',
    );
  });

  it('keeps the filters in their canonical order, whatever the link says', () => {
    const v = readView(loc('', '#category=culture,housing&state=completed,draft'), 'uk');
    expect(v.filters.category).toEqual(['housing', 'culture']);
    expect(v.filters.state).toEqual(['draft', 'completed']);
  });

  it('drops what it does not know', () => {
    const v = readView(
      loc('?lang=fr', '#map=99/1/2&oblast=UA1&hromada=x&measure=money&layer=roads&category=castles&gap=-5&from=2023-02-30&to=soon&donor=0'),
      'uk',
    );
    expect(v).toEqual({ lang: 'uk', oblast: null, hromada: null, camera: null, measure: 'sites', layer: 'sites', filters: noFilters() });
  });

  it('needs an oblast for a hromada', () => {
    expect(readView(loc('', '#hromada=UA63120270000028556'), 'uk').hromada).toBeNull();
  });

  it('asks the tiles, lists and exports with the filters of each kind of object', () => {
    const f = full.filters;
    expect(siteParams(f, { oblast: full.oblast }).toString()).toBe(
      'oblast=UA63000000000041885&category=housing%2Ceducation&damage=destroyed&damaged_from=2023-01-01&damaged_to=2023-12-31',
    );
    // The gap is typed in hryvnias and asked for in kopiykas.
    expect(projectParams(f).toString()).toBe('state=seeking_funding&sector=health&min_gap_uah=25000000&donor=7');
  });

  it('asks the area figures with every filter, so that they count the selection', () => {
    expect(summaryParams(full.filters).toString()).toBe(
      'category=housing%2Ceducation&damage=destroyed&damaged_from=2023-01-01&damaged_to=2023-12-31' +
        '&state=seeking_funding&sector=health&min_gap_uah=25000000&donor=7',
    );
    expect(summaryParams(noFilters()).toString()).toBe('');
  });

  it('keeps only real days, and reads a span given backwards forwards', () => {
    expect(day('2024-02-29')).toBe('2024-02-29');
    expect(day('2023-02-29')).toBeNull();
    expect(day('2023-1-5')).toBeNull();
    const v = readView(loc('', '#from=2023-12-31&to=2023-01-01'), 'uk');
    expect([v.filters.from, v.filters.to]).toEqual(['2023-01-01', '2023-12-31']);
  });
});
