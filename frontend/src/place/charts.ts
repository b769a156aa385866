// Charts drawn as plain SVG, each with the table of its figures beside it:
// the chart is for the eye, the table for everyone (screen readers, copying
// figures). The SVG itself is hidden from assistive technology.
import { formatNumber } from '../i18n';
import { h, table } from '../ui/dom';

const NS = 'http://www.w3.org/2000/svg';

function svg<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string | number>, text?: string): SVGElementTagNameMap[K] {
  const e = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  if (text !== undefined) e.textContent = text;
  return e;
}

export interface Bar {
  key: string;
  label: string;
  value: number;
  colour: string;
}

/** barChart is a horizontal bar chart of counts, with its table. */
export function barChart(id: string, title: string, head: [string, string], bars: Bar[]): HTMLElement {
  const max = Math.max(1, ...bars.map((b) => b.value));
  const rowH = 22;
  const labelW = 170;
  const width = 460;
  const chart = svg('svg', { viewBox: `0 0 ${width} ${bars.length * rowH + 4}`, class: 'chart__svg', 'aria-hidden': 'true', focusable: 'false' });
  bars.forEach((b, i) => {
    const y = i * rowH + 2;
    const w = ((width - labelW - 50) * b.value) / max;
    chart.append(
      svg('text', { x: labelW - 6, y: y + rowH / 2 + 4, 'text-anchor': 'end', class: 'chart__label' }, b.label),
      svg('rect', { x: labelW, y: y + 3, width: Math.max(w, b.value > 0 ? 2 : 0), height: rowH - 6, fill: b.colour, 'data-key': b.key }),
      svg('text', { x: labelW + w + 4, y: y + rowH / 2 + 4, class: 'chart__value' }, formatNumber(b.value)),
    );
  });
  return h(
    'figure',
    'chart',
    { id },
    h('figcaption', 'chart__title', {}, title),
    h('div', 'chart__body', {}, chart, table(title, head, bars.map((b) => [b.label, formatNumber(b.value)]), { id: `${id}-table`, numeric: [false, true] })),
  );
}

export interface Series {
  key: string;
  label: string;
  colour: string;
  /** The dash pattern tells the lines apart without colour. */
  dash: string;
}

/** lineChart draws monthly series as lines over time, with its table (a row per month). */
export function lineChart(
  id: string,
  title: string,
  months: { label: string; values: Record<string, number> }[],
  series: Series[],
  monthHead: string,
): HTMLElement {
  const width = 560;
  const height = 200;
  const pad = { l: 36, r: 8, t: 8, b: 22 };
  const max = Math.max(1, ...months.flatMap((m) => series.map((s) => m.values[s.key] ?? 0)));
  const x = (i: number): number => pad.l + (months.length <= 1 ? 0 : (i * (width - pad.l - pad.r)) / (months.length - 1));
  const y = (v: number): number => height - pad.b - (v * (height - pad.t - pad.b)) / max;
  const chart = svg('svg', { viewBox: `0 0 ${width} ${height}`, class: 'chart__svg', 'aria-hidden': 'true', focusable: 'false' });
  chart.append(
    svg('line', { x1: pad.l, x2: width - pad.r, y1: y(0), y2: y(0), class: 'chart__axis' }),
    svg('text', { x: pad.l - 4, y: y(max) + 4, 'text-anchor': 'end', class: 'chart__value' }, formatNumber(max)),
    svg('text', { x: pad.l - 4, y: y(0) + 4, 'text-anchor': 'end', class: 'chart__value' }, '0'),
  );
  if (months.length) {
    chart.append(
      svg('text', { x: x(0), y: height - 4, class: 'chart__value' }, months[0]!.label),
      svg('text', { x: x(months.length - 1), y: height - 4, 'text-anchor': 'end', class: 'chart__value' }, months[months.length - 1]!.label),
    );
  }
  for (const s of series) {
    const points = months.map((m, i) => `${x(i).toFixed(1)},${y(m.values[s.key] ?? 0).toFixed(1)}`).join(' ');
    chart.append(svg('polyline', { points, fill: 'none', stroke: s.colour, 'stroke-width': 2, 'stroke-dasharray': s.dash, 'data-key': s.key }));
  }
  const legend = h(
    'ul',
    'chart__legend',
    { 'aria-hidden': 'true' },
    ...series.map((s) => {
      const mark = svg('svg', { width: 24, height: 8 });
      mark.append(svg('line', { x1: 0, x2: 24, y1: 4, y2: 4, stroke: s.colour, 'stroke-width': 2, 'stroke-dasharray': s.dash }));
      return h('li', '', {}, mark, ` ${s.label}`);
    }),
  );
  const rows = months.map((m) => [m.label, ...series.map((s) => formatNumber(m.values[s.key] ?? 0))]);
  const tbl = table(title, [monthHead, ...series.map((s) => s.label)], rows, { id: `${id}-table`, numeric: [false, ...series.map(() => true)] });
  return h(
    'figure',
    'chart chart--line',
    { id },
    h('figcaption', 'chart__title', {}, title),
    h('div', 'chart__body', {}, h('div', '', {}, chart, legend), h('details', 'chart__data', {}, h('summary', '', {}, title), tbl)),
  );
}
