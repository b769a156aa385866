// What an area is coloured by, under the filters the summaries can answer.
import { describe, expect, it } from 'vitest';
import type { AreaCounts } from '../api';
import { filterNote, measureBreaks, measureValue, projectCount, siteCount } from '../explore/measure';
import { noFilters } from '../state';

const area: AreaCounts = {
  sites: 30,
  by_category: { housing: 20, education: 6, health: 4 },
  by_damage: { light: 10, destroyed: 20 },
  projects: 5,
  projects_by_state: { seeking_funding: 3, completed: 2 },
  projects_by_sector: { housing: 4, health: 1 },
  money: {
    UAH: { needed: 1_000_000_00, pledged: 0, committed: 250_000_00, disbursed: 0, gap: 750_000_06 },
    EUR: { needed: 0, pledged: 0, committed: 0, disbursed: 0, gap: 0 },
  },
};

describe('measures', () => {
  it('counts sites by the category filter, else by the damage filter', () => {
    expect(siteCount(area, noFilters())).toBe(30);
    expect(siteCount(area, { ...noFilters(), category: ['education', 'health'] })).toBe(10);
    expect(siteCount(area, { ...noFilters(), damage: ['destroyed'] })).toBe(20);
    expect(projectCount(area, { ...noFilters(), state: ['completed'] })).toBe(2);
  });

  it('gives money in whole hryvnias and the funded share in per cent', () => {
    expect(measureValue(area, 'needed', noFilters())).toBe(1_000_000);
    expect(measureValue(area, 'gap', noFilters())).toBe(750_000);
    expect(measureValue(area, 'funded', noFilters())).toBe(25);
    expect(measureValue(area, 'completed', noFilters())).toBe(2);
    expect(measureValue({ ...area, money: undefined }, 'funded', noFilters())).toBeNull();
  });

  it('says when a filter cannot narrow the area figures', () => {
    expect(filterNote('sites', { ...noFilters(), category: ['housing'] })).toBeNull();
    expect(filterNote('sites', { ...noFilters(), category: ['housing'], damage: ['light'] })).toBe('both');
    expect(filterNote('gap', { ...noFilters(), sector: ['health'] })).toBe('money');
  });

  it('cuts the funded share in fifths', () => {
    expect(measureBreaks([10, 90, null], 'funded')).toEqual([0, 20, 40, 60, 80]);
  });
});
