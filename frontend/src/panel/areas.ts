// The choropleth as a table: every oblast (or every hromada of the chosen
// oblast) with the figure the map colours it by, largest first. Each name is
// a button, so the map's clicks can also be made from the keyboard.
import type { AreaProperties } from '../api';
import { formatMeasure, measureValue } from '../explore/measure';
import { formatNumber, pick, t, type MessageKey } from '../i18n';
import type { Measure } from '../state';

export type AreaRow = Pick<AreaProperties, 'code' | 'name_uk' | 'name_en' | 'sites' | 'by_category' | 'by_damage' | 'projects' | 'projects_by_state' | 'projects_by_sector' | 'money'>;

export function areaTable(
  rows: AreaRow[],
  caption: MessageKey,
  selected: string | null,
  onPick: (code: string) => void,
  measure: Measure,
): HTMLTableElement {
  const table = document.createElement('table');
  table.className = 'counts counts--areas';
  table.id = 'table-areas';
  const cap = document.createElement('caption');
  cap.textContent = t(caption);
  const head = document.createElement('tr');
  const heads: MessageKey[] = ['areas.name', 'panel.count'];
  if (measure !== 'sites') heads.push(`measure.${measure}` as MessageKey);
  for (const key of heads) {
    const th = document.createElement('th');
    th.scope = 'col';
    th.textContent = t(key);
    head.append(th);
  }
  const thead = document.createElement('thead');
  thead.append(head);
  const tbody = document.createElement('tbody');
  const value = (r: AreaRow): number => measureValue(r, measure) ?? -1;
  const sorted = [...rows].sort(
    (a, b) => value(b) - value(a) || pick(a.name_uk, a.name_en).localeCompare(pick(b.name_uk, b.name_en)),
  );
  for (const r of sorted) {
    const tr = document.createElement('tr');
    tr.dataset.code = r.code;
    const th = document.createElement('th');
    th.scope = 'row';
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'link-button';
    button.textContent = pick(r.name_uk, r.name_en);
    if (r.code === selected) button.setAttribute('aria-current', 'true');
    button.addEventListener('click', () => onPick(r.code));
    th.append(button);
    tr.append(th);
    const cells = [formatNumber(r.sites ?? 0)];
    if (measure !== 'sites') cells.push(formatMeasure(measureValue(r, measure), measure));
    for (const text of cells) {
      const td = document.createElement('td');
      td.className = 'counts__plain';
      td.textContent = text;
      tr.append(td);
    }
    tbody.append(tr);
  }
  table.append(cap, thead, tbody);
  return table;
}
