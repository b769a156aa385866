// The choropleth as a table: every oblast (or every hromada of the chosen
// oblast) with its number of sites, most first. Each name is a button, so the
// map's clicks can also be made from the keyboard.
import type { AreaProperties } from '../api';
import { formatNumber, pick, t, type MessageKey } from '../i18n';

export type AreaRow = Pick<AreaProperties, 'code' | 'name_uk' | 'name_en' | 'sites'>;

export function areaTable(
  rows: AreaRow[],
  caption: MessageKey,
  selected: string | null,
  onPick: (code: string) => void,
): HTMLTableElement {
  const table = document.createElement('table');
  table.className = 'counts counts--areas';
  table.id = 'table-areas';
  const cap = document.createElement('caption');
  cap.textContent = t(caption);
  const head = document.createElement('tr');
  for (const [key, scope] of [['areas.name', 'col'], ['panel.count', 'col']] as const) {
    const th = document.createElement('th');
    th.scope = scope;
    th.textContent = t(key);
    head.append(th);
  }
  const thead = document.createElement('thead');
  thead.append(head);
  const tbody = document.createElement('tbody');
  const sorted = [...rows].sort(
    (a, b) => (b.sites ?? 0) - (a.sites ?? 0) || pick(a.name_uk, a.name_en).localeCompare(pick(b.name_uk, b.name_en)),
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
    const td = document.createElement('td');
    td.className = 'counts__plain';
    td.textContent = formatNumber(r.sites ?? 0);
    tr.append(th, td);
    tbody.append(tr);
  }
  table.append(cap, thead, tbody);
  return table;
}
