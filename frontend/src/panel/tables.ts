// The figures of the current place as tables: the accessible view beside the map.
import {
  CATEGORIES,
  DAMAGE_LEVELS,
  PROJECT_STATES,
  SECTORS,
  type AreaCounts,
  type Category,
  type Damage,
  type MoneyTotal,
  type ProjectState,
  type Sector,
} from '../api';
import { formatNumber, t, type MessageKey } from '../i18n';

function cell(tag: 'th' | 'td', text: string, scope?: string): HTMLTableCellElement {
  const c = document.createElement(tag);
  c.textContent = text;
  if (scope) c.scope = scope;
  return c;
}

function table(id: string, caption: string, head: string, rows: [string, string, number][]): HTMLTableElement {
  const tbl = document.createElement('table');
  tbl.id = id;
  tbl.className = 'counts';
  const cap = document.createElement('caption');
  cap.textContent = caption;
  const thead = document.createElement('thead');
  const hr = document.createElement('tr');
  hr.append(cell('th', head, 'col'), cell('th', t('panel.count'), 'col'));
  thead.append(hr);
  const tbody = document.createElement('tbody');
  const max = Math.max(1, ...rows.map((r) => r[2]));
  for (const [key, label, n] of rows) {
    const tr = document.createElement('tr');
    tr.dataset.key = key;
    const num = cell('td', formatNumber(n));
    num.className = 'counts__n';
    // A bar behind the number; the number itself carries the meaning.
    num.style.setProperty('--share', `${Math.round((n / max) * 100)}%`);
    tr.append(cell('th', label, 'row'), num);
    tbody.append(tr);
  }
  tbl.append(cap, thead, tbody);
  return tbl;
}

/** countTables renders the by-category and by-damage tables of one place. */
export function countTables(c: AreaCounts): HTMLElement[] {
  return [
    table(
      'table-category',
      t('panel.byCategory'),
      t('panel.category'),
      CATEGORIES.map((k) => [k, t(`category.${k}` as MessageKey), c.by_category?.[k] ?? 0]),
    ),
    table(
      'table-damage',
      t('panel.byDamage'),
      t('panel.damage'),
      DAMAGE_LEVELS.map((k) => [k, t(`damage.${k}` as MessageKey), c.by_damage?.[k] ?? 0]),
    ),
  ];
}

function zeroMoney(): MoneyTotal {
  return { needed: 0, pledged: 0, committed: 0, disbursed: 0, gap: 0 };
}

/** sumCounts adds up the counts and money of several places (Ukraine = the sum of its oblasts). */
export function sumCounts(items: AreaCounts[]): AreaCounts {
  const total = {
    sites: 0,
    by_category: {},
    by_damage: {},
    projects: 0,
    projects_by_state: {},
    projects_by_sector: {},
    money: { UAH: zeroMoney(), EUR: zeroMoney() },
  } satisfies Required<AreaCounts>;
  const add = <K extends string>(into: Partial<Record<K, number>>, from: Partial<Record<K, number>> | undefined, keys: readonly K[]): void => {
    for (const k of keys) into[k] = (into[k] ?? 0) + (from?.[k] ?? 0);
  };
  for (const it of items) {
    total.sites += it.sites ?? 0;
    total.projects += it.projects ?? 0;
    add<Category>(total.by_category, it.by_category, CATEGORIES);
    add<Damage>(total.by_damage, it.by_damage, DAMAGE_LEVELS);
    add<ProjectState>(total.projects_by_state, it.projects_by_state, PROJECT_STATES);
    add<Sector>(total.projects_by_sector, it.projects_by_sector, SECTORS);
    for (const cur of ['UAH', 'EUR'] as const) {
      for (const k of ['needed', 'pledged', 'committed', 'disbursed', 'gap'] as const) total.money[cur][k] += it.money?.[cur][k] ?? 0;
    }
  }
  return total;
}
