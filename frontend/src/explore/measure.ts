// What the choropleth colours an area by, worked out from the area's
// summary. The summaries count sites by category and by damage, and
// projects by state and by sector, but money only in all: so a filter can
// narrow a count where one of those tallies answers it, and says so where
// none does (see filterNote).
import type { AreaCounts } from '../api';
import { formatMoneyShort, formatNumber, formatPercent } from '../i18n';
import type { Filters, Measure } from '../state';
import { classBreaks } from '../map/style';

/** siteCount is an area's number of sites under the filters, as far as its tallies tell. */
export function siteCount(c: AreaCounts, f: Filters): number {
  if (f.category.length) return f.category.reduce((n, k) => n + (c.by_category?.[k] ?? 0), 0);
  if (f.damage.length) return f.damage.reduce((n, k) => n + (c.by_damage?.[k] ?? 0), 0);
  return c.sites ?? 0;
}

/** projectCount is an area's number of projects under the filters, as far as its tallies tell. */
export function projectCount(c: AreaCounts, f: Filters): number {
  if (f.state.length) return f.state.reduce((n, k) => n + (c.projects_by_state?.[k] ?? 0), 0);
  if (f.sector.length) return f.sector.reduce((n, k) => n + (c.projects_by_sector?.[k] ?? 0), 0);
  return c.projects ?? 0;
}

/**
 * measureValue is the figure of one area; null means "no data" (a share of
 * nothing needed). Money is in whole hryvnias (a few kopiykas of rounding
 * are no gap), the funded share from 0 to 100.
 */
export function measureValue(c: AreaCounts, m: Measure, f: Filters): number | null {
  const uah = c.money?.UAH;
  switch (m) {
    case 'sites':
      return siteCount(c, f);
    case 'needed':
      return Math.floor((uah?.needed ?? 0) / 100);
    case 'gap':
      return Math.floor((uah?.gap ?? 0) / 100);
    case 'funded':
      return uah && uah.needed > 0 ? Math.min(100, (100 * uah.committed) / uah.needed) : null;
    case 'completed':
      return c.projects_by_state?.completed ?? 0;
  }
}

/** measureBreaks are the legend's classes: fifths for the funded share, round quantiles for the rest. */
export function measureBreaks(values: (number | null)[], m: Measure): number[] {
  if (m === 'funded') return [0, 20, 40, 60, 80];
  return classBreaks(values.filter((v): v is number => v !== null));
}

/** formatMeasure shows a figure as the legend and the tables do. */
export function formatMeasure(v: number | null, m: Measure): string {
  if (v === null) return '—';
  switch (m) {
    case 'needed':
    case 'gap':
      return formatMoneyShort(v * 100, 'UAH');
    case 'funded':
      return formatPercent(v / 100);
    default:
      return formatNumber(v);
  }
}

/**
 * filterNote names what the area figures could not narrow: null when they
 * follow every filter set.
 */
export function filterNote(m: Measure, f: Filters): 'both' | 'money' | null {
  if (m === 'sites') return f.category.length && f.damage.length ? 'both' : null;
  if (m === 'completed') return f.sector.length || f.state.length ? 'money' : null;
  return f.state.length || f.sector.length || f.minGap !== null ? 'money' : null;
}
