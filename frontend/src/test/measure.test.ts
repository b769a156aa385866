// What an area is coloured by; the server has already counted it under the filters.
import { describe, expect, it } from 'vitest';
import type { AreaCounts } from '../api';
import { measureBreaks, measureValue } from '../explore/measure';
import { NO_SITES, RAMP, choroplethColour } from '../map/style';

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
  it('counts the sites and the completed projects of the area', () => {
    expect(measureValue(area, 'sites')).toBe(30);
  });

  it('gives money in whole hryvnias and the funded share in per cent', () => {
    expect(measureValue(area, 'needed')).toBe(1_000_000);
    expect(measureValue(area, 'gap')).toBe(750_000);
    expect(measureValue(area, 'funded')).toBe(25);
    expect(measureValue(area, 'completed')).toBe(2);
    expect(measureValue({ ...area, money: undefined }, 'funded')).toBeNull();
  });

  it('cuts the funded share in fifths', () => {
    expect(measureBreaks([10, 90, null], 'funded')).toEqual([0, 20, 40, 60, 80]);
  });

  it('colours an area by the class its figure falls in, and one with none or no data apart', () => {
    const breaks = [0, 20, 40, 60, 80];
    expect(choroplethColour(null, breaks)).toBe(NO_SITES);
    expect(choroplethColour(0, breaks)).toBe(RAMP[0]);
    expect(choroplethColour(19, breaks)).toBe(RAMP[0]);
    expect(choroplethColour(20, breaks)).not.toBe(RAMP[0]);
    expect(choroplethColour(100, breaks)).toBe(RAMP[RAMP.length - 1]);
    expect(choroplethColour(0, [1, 10])).toBe(NO_SITES);
  });
});
