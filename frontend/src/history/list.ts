// The public change history of a site or a project: who changed what, and
// when, newest first. Values are shown as text, never as markup.
import { ApiError } from '../api';
import { formatDateTime, t, type MessageKey } from '../i18n';
import { fetchHistory, type HistoryEntry } from '../project/api';
import { h } from '../ui/dom';

const KNOWN_FIELDS = new Set([
  'state', 'verification', 'verification_reason', 'damage', 'category', 'progress', 'title', 'name', 'description',
  'budget_minor', 'damaged_on', 'sensitive', 'planned_start', 'planned_end', 'actual_start', 'actual_end', 'milestones',
  'prozorro_ids', 'dream_id', 'estimated_cost_minor', 'sector', 'photos',
]);

function fieldName(k: string): string {
  return KNOWN_FIELDS.has(k) ? t(`field.${k}` as MessageKey) : k;
}

function show(v: unknown): string {
  if (v === null || v === undefined || v === '') return '—';
  const s = typeof v === 'string' ? v : JSON.stringify(v);
  return s.length > 160 ? `${s.slice(0, 157)}…` : s;
}

function actor(e: HistoryEntry): string {
  if (!e.actor) return t('history.system');
  const role = t(`role.${e.actor.role}` as MessageKey);
  return e.actor.name ? `${e.actor.name} (${role})` : role;
}

/** entryItem is one change as a list item. */
export function entryItem(e: HistoryEntry): HTMLLIElement {
  const head = h(
    'p',
    'history__head',
    {},
    h('time', '', { datetime: e.at }, formatDateTime(e.at)),
    ` · ${t(`history.${e.action}` as MessageKey)} · ${actor(e)}`,
  );
  const li = h('li', 'history__entry', { 'data-action': e.action }, head);
  if (e.action === 'update') {
    const dl = h('dl', 'history__changes');
    for (const [k, v] of Object.entries(e.changes)) {
      const change = v as { before?: unknown; after?: unknown } | null;
      const text = change && typeof change === 'object' && 'after' in change ? `${show(change.before)} → ${show(change.after)}` : show(v);
      dl.append(h('dt', '', {}, fieldName(k)), h('dd', '', {}, text));
    }
    li.append(dl);
  }
  return li;
}

/** historySection loads and shows the history of one object, in a section with a heading. */
export function historySection(object: 'site' | 'project', id: number, headingId = 'history-title'): HTMLElement {
  const list = h('ol', 'history__list', { id: 'history-list' });
  const status = h('p', 'panel__status', { 'aria-live': 'polite' }, t('panel.loading'));
  const section = h('section', 'history', { id: 'history', 'aria-labelledby': headingId }, h('h2', '', { id: headingId }, t('history.title')), status, list);
  fetchHistory(object, id)
    .then((page) => {
      list.replaceChildren(...page.entries.map(entryItem));
      status.textContent = page.entries.length ? '' : t('history.none');
      status.hidden = page.entries.length > 0;
    })
    .catch((err: unknown) => {
      status.textContent = err instanceof ApiError ? err.message : t('objects.failed');
    });
  return section;
}
