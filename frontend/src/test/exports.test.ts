// A selection travels from Explore to the Data page in the fragment and back.
import { describe, expect, it } from 'vitest';
import { exportURL, readSelection, selectionHash } from '../place/exports';
import { noFilters } from '../state';

describe('the selection of the Data page', () => {
  it('reads Explore’s fragment', () => {
    const s = readSelection('#map=6/49/31&oblast=UA63000000000041885&category=housing,health&state=seeking_funding&gap=1000');
    expect(s.oblast).toBe('UA63000000000041885');
    expect(s.hromada).toBeNull();
    expect(s.filters.category).toEqual(['housing', 'health']);
    expect(exportURL('sites', 'csv', s)).toBe('/api/v1/export/sites.csv?oblast=UA63000000000041885&category=housing%2Chealth');
    expect(exportURL('projects', 'geojson', s)).toBe('/api/v1/export/projects.geojson?oblast=UA63000000000041885&state=seeking_funding&min_gap_uah=100000');
  });

  it('writes back what it reads, and drops what is malformed', () => {
    const hash = 'hromada=UA63120270000028556&damage=severe&sector=water';
    expect(selectionHash(readSelection(hash))).toBe(hash);
    expect(readSelection('oblast=UA63&category=nonsense')).toEqual({ oblast: null, hromada: null, filters: noFilters() });
    expect(selectionHash({ filters: noFilters() })).toBe('');
  });
});
