// What the choropleth colours an area by, worked out from the area's
// summary. The server counts the summaries under every filter of the
// selection (see summaryParams), so an area's figures are the selection's.
import type { AreaCounts } from '../api';
import { formatMoneyShort, formatNumber, formatPercent } from '../i18n';
import type { Measure } from '../state';
import { classBreaks } from '../map/style';

/**
 * measureValue is the figure of one area; null means "no data" (a share of
 * nothing needed). Money is in whole hryvnias (a few kopiykas of rounding
 * are no gap), the funded share from 0 to 100.
 */
export function measureValue(c: AreaCounts, m: Measure): number | null {
  const uah = c.money?.UAH;
  switch (m) {
    case 'sites':
      return c.sites ?? 0;
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
